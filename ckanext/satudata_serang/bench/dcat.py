"""`make bench-dcat`: the steps that run inside CKAN.

``python -m ckanext.satudata_serang.bench.dcat STEP --out FILE`` (with ``CKAN_INI`` and
the service URLs in the environment, as ``runtime/bench_dcat.py`` sets them) loads
CKAN's application and runs one step, writing its figures as JSON:

- ``catalog``: the search benchmark's synthetic datasets (``bench/load.py``) given the
  rest of the SDI metadata and a status: of every 22, 20 published (terbuka or
  terbatas), one published tertutup, one draft; so 11,000 loaded make a catalog of
  exactly 10,000.
- ``serialize``: seconds per dataset, euro_dcat_ap_3 alone and with the configured
  profiles (satudata_sdi), on the same datasets; one dataset at a time
  (``/dataset/<id>.ttl``) and as a page of 100 (``/catalog.ttl``).
- ``floor``: a catalog page of 100 three ways, inside one process: the bare SQL
  (100 package rows ordered by metadata_modified), package_search, dcat_catalog_show.
- ``harvest-file``: a catalog of other datasets (another portal's URIs) as one Turtle
  file; ``harvest``: one harvest job of a ``dcat_rdf`` source over it, run in this
  process by the project's runner (``harvest/runner.py``, the worker's code: gather,
  then fetch and import of every object), or by ckanext-harvest's stages as
  ``ckan harvester run-test`` runs them when that runner is missing.

Generation (``sdi_fields``, ``category``) is pure; CKAN is imported inside the steps.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import random
import statistics
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import click

from . import generate
from .cli import DEFAULT_SEED
from .measure import percentile

EVERY = 22  # of every 22 datasets: 20 exported,
TERTUTUP_AT = 0  # one published but tertutup,
DRAFT_AT = 11  # one draft (private).
BASE_PROFILES = ("euro_dcat_ap_3",)
HARVEST_FIRST_INDEX = 1_000_000  # far from the loaded ones: other names and ids
HARVEST_SOURCE = "bench-dcat-sumber"
HARVEST_PORTAL = "https://data.kabupaten-contoh.go.id"
PAGE = 100
ALLOWED_HOSTS_SETTING = "ckanext.satudata_serang.harvest_allowed_hosts"
URUSAN = {
    "kesehatan": ["1.02"],
    "pendidikan": ["1.01"],
    "kependudukan": ["2.12"],
    "sosial": ["1.06"],
    "ekonomi": ["2.17", "2.18"],
    "infrastruktur": ["1.03", "2.15"],
    "lingkungan": ["2.11"],
    "pemerintahan": ["4.01"],
    "geospasial": ["1.03", "2.20"],
}
WILAYAH = ("36.73", "36.73", "36.73", "36.73.01", "36.73.02", "36.73.05")
LEVEL = ("kota", "kecamatan", "kecamatan", "kelurahan")
CARA = ("kompilasi_administrasi", "kompilasi_administrasi", "survei", "pencacahan_lengkap")


# --- pure generation ------------------------------------------------------------------


def category(index: int) -> str:
    """``exported``, ``tertutup`` (published, never exported) or ``draft``."""
    rest = index % EVERY
    return "tertutup" if rest == TERTUTUP_AT else "draft" if rest == DRAFT_AT else "exported"


def datasets_for_catalog(size: int) -> int:
    """How many datasets to load for a catalog of ``size`` exported ones."""
    total = size * EVERY // (EVERY - 2)
    while sum(category(i) == "exported" for i in range(total)) < size:
        total += 1
    return total


def sdi_fields(
    dataset: generate.SyntheticDataset, seed: int, codes: dict[str, set[str]]
) -> dict[str, Any]:
    """The SDI fields the search benchmark leaves out, as a package_create would take
    them (``codes``: the ukuran and satuan vocabularies, so others go to "lainnya")."""
    rng = random.Random(f"{seed}:sdi:{dataset.index}")
    kind = category(dataset.index)
    sifat = "tertutup" if kind == "tertutup" else "terbatas" if rng.random() < 0.15 else "terbuka"
    fields: dict[str, Any] = {
        "status_verifikasi": "draft" if kind == "draft" else "ditayangkan",
        "status_sejak": dataset.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sifat_data": sifat,
        "konsep": f"{dataset.ukuran.capitalize()} {dataset.satuan} menurut sumber resmi OPD.",
        "definisi": f"Banyaknya {dataset.title.split(' menurut ')[0].lower()}.",
        "klasifikasi": "Menurut kecamatan",
        "cakupan_wilayah": rng.choice(WILAYAH),
        "level_penyajian": rng.choice(LEVEL),
        "urusan": URUSAN.get(dataset.topik, ["2.20"]),
        "cara_pengumpulan": rng.choice(CARA),
        "kontak_nama": f"Bidang Data {dataset.organization.upper()}",
        "kontak_email": f"{dataset.organization}@serangkota.go.id",
        "kontak_telepon": "(0254) 200123",
        "data_prioritas": rng.random() < 0.1,
        "sumber_data": "Rekapitulasi laporan OPD",
        "metodologi": "Kompilasi data administrasi bulanan.",
    }
    if sifat != "terbuka":
        fields["dasar_pengecualian"] = "UU 14/2008 Pasal 17 (uji konsekuensi PPID)."
    for field in ("ukuran", "satuan"):
        value = getattr(dataset, field)
        if value in codes[field]:
            fields[field] = value
        else:
            fields[field] = "lainnya"
            fields[f"{field}_lainnya"] = value
    return fields


def as_extras(fields: dict[str, Any]) -> dict[str, str]:
    """CKAN 2.12 keeps scheming fields in ``package.extras``, every value a string."""
    extras: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, list):
            extras[key] = json.dumps(value)
        elif isinstance(value, bool):
            extras[key] = "true" if value else "false"
        else:
            extras[key] = str(value)
    return extras


def _list_setting(value: object) -> list[str]:
    """A list setting as the ini gives it (a space-separated string) or as a list."""
    if isinstance(value, list | tuple):
        return [str(v) for v in cast(Sequence[object], value)]
    return str(value or "").split()


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 0.5) * 1000, 2),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 2),
        "mean_ms": round(statistics.fmean(samples) * 1000, 2),
    }


# --- CKAN glue ------------------------------------------------------------------------


def _codes() -> dict[str, set[str]]:
    from .. import vocabulary

    return {name: set(vocabulary.get(name).codes()) for name in ("ukuran", "satuan")}


def _anonymous() -> Any:
    return {"user": "", "auth_user_obj": None}


def _exported_page(page: int, rows: int = PAGE) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    from ..dcat import catalog

    return tk.get_action("package_search")(
        _anonymous(),
        {
            "q": "*:*",
            "fq_list": list(catalog.EXPORT_FILTERS),
            "sort": catalog.SORT,
            "rows": rows,
            "start": rows * (page - 1),
        },
    )


def _dsn() -> str:
    import ckan.plugins.toolkit as tk

    return str(tk.config["sqlalchemy.url"]).replace("postgresql+psycopg2://", "postgresql://")


def load_catalog(size: int, seed: int) -> dict[str, Any]:
    """Load the datasets and give them SDI metadata, status and privacy."""
    import psycopg2

    from . import load

    total = datasets_for_catalog(size)
    report = load.load(total, seed_value=seed)
    started = time.monotonic()
    codes = _codes()
    buffer = io.StringIO()
    kinds = {"exported": 0, "tertutup": 0, "draft": 0}
    for dataset in generate.generate(load.opds(), 0, total, seed=seed):
        kinds[category(dataset.index)] += 1
        extras = as_extras(sdi_fields(dataset, seed, codes))
        private = category(dataset.index) == "draft"
        buffer.write(f"{dataset.id}\t{_copy_text(json.dumps(extras))}\t{private}\n")
    buffer.seek(0)
    connection = psycopg2.connect(_dsn())
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE sdi (id text, extras jsonb, private boolean)")
            cursor.copy_expert("COPY sdi FROM STDIN", buffer)
            cursor.execute(
                "UPDATE package p SET extras = coalesce(p.extras, '{}') || s.extras, "
                "private = s.private FROM sdi s WHERE p.id = s.id"
            )
            updated = cursor.rowcount
        connection.commit()
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE package")
    finally:
        connection.close()
    return {
        "loaded": report.total,
        "load_seconds": round(report.seconds, 2),
        "sdi_update_seconds": round(time.monotonic() - started, 2),
        "updated": updated,
        "kinds": kinds,
    }


def _copy_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _profiles_configured() -> list[str]:
    from .. import config

    return config.dcat_profiles()


def serialize(samples: int, rounds: int) -> dict[str, Any]:
    """Seconds per dataset, base profile alone and with the configured profiles, with
    the serializer the endpoints use."""
    from ..dcat.catalog import ExportSerializer

    datasets: list[dict[str, Any]] = []
    page = 1
    while len(datasets) < samples:
        found = _exported_page(page)["results"]
        if not found:
            break
        datasets += found
        page += 1
    datasets = datasets[:samples]
    sets = {"euro_dcat_ap_3": list(BASE_PROFILES), "configured": _profiles_configured()}
    single: dict[str, list[float]] = {key: [] for key in sets}
    pages: dict[str, list[float]] = {key: [] for key in sets}
    triples: dict[str, int] = {}
    for _round in range(rounds):
        for key, profiles in sets.items():  # interleaved, so drift hits both alike
            total_triples = 0
            for dataset in datasets:
                started = time.perf_counter()
                serializer = ExportSerializer(profiles)
                serializer.serialize_dataset(dataset, _format="turtle")
                single[key].append(time.perf_counter() - started)
                total_triples += len(serializer.g)
            triples[key] = total_triples // max(len(datasets), 1)
            for start in range(0, len(datasets) - PAGE + 1, PAGE):
                started = time.perf_counter()
                ExportSerializer(profiles).serialize_catalog(
                    {}, datasets[start : start + PAGE], _format="turtle"
                )
                pages[key].append((time.perf_counter() - started) / PAGE)
    result: dict[str, Any] = {"datasets": len(datasets), "rounds": rounds, "profiles": sets}
    for key in sets:
        result[key] = {
            "single": summary(single[key]),
            "in_page_of_100": summary(pages[key]),
            "triples_per_dataset": triples[key],
        }
    base, full = result["euro_dcat_ap_3"], result["configured"]
    result["ratio_single_p50"] = round(full["single"]["p50_ms"] / base["single"]["p50_ms"], 2)
    result["ratio_in_page_p50"] = round(
        full["in_page_of_100"]["p50_ms"] / base["in_page_of_100"]["p50_ms"], 2
    )
    return result


def floor(iterations: int, warmup: int, seed: int) -> dict[str, Any]:
    """A page of 100 at random depths: bare SQL, package_search, dcat_catalog_show."""
    import ckan.plugins.toolkit as tk
    import psycopg2

    count = int(_exported_page(1, rows=0)["count"])
    last = max((count + PAGE - 1) // PAGE, 1)
    rng = random.Random(seed)
    pages = [rng.randint(1, last) for _ in range(warmup + iterations)]
    connection = psycopg2.connect(_dsn())
    connection.autocommit = True
    timings: dict[str, list[float]] = {"sql": [], "package_search": [], "dcat_catalog_show": []}
    sizes: list[int] = []
    try:
        for i, page in enumerate(pages):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                # Every column of the package rows: what a page would have to read.
                cursor.execute(
                    "SELECT * FROM package WHERE state = 'active' AND NOT private "
                    "AND type = 'dataset' ORDER BY metadata_modified DESC, id "
                    "LIMIT %s OFFSET %s",
                    (PAGE, PAGE * (page - 1)),
                )
                cursor.fetchall()
            sql = time.perf_counter() - started
            started = time.perf_counter()
            _exported_page(page)
            search = time.perf_counter() - started
            started = time.perf_counter()
            text = tk.get_action("dcat_catalog_show")(
                cast(Any, {}), {"page": page, "format": "ttl"}
            )
            show = time.perf_counter() - started
            if i >= warmup:
                timings["sql"].append(sql)
                timings["package_search"].append(search)
                timings["dcat_catalog_show"].append(show)
                sizes.append(len(text))
    finally:
        connection.close()
    return {
        "catalog_size": count,
        "pages": last,
        "sampled_pages": pages[warmup:],
        "turtle_bytes_p50": int(statistics.median(sizes)),
        **{key: summary(values) for key, values in timings.items()},
    }


def harvest_datasets(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """Datasets of another portal, as dicts for ckanext-dcat's serializer."""
    from . import load

    codes = _codes()
    opds = load.opds()
    titles = {o.name: o.title for o in opds}
    for dataset in generate.generate(
        opds, HARVEST_FIRST_INDEX, HARVEST_FIRST_INDEX + count, seed=seed
    ):
        fields = sdi_fields(dataset, seed, codes)
        fields.update(status_verifikasi="ditayangkan", sifat_data="terbuka")
        fields.pop("dasar_pengecualian", None)
        yield {
            "id": dataset.id,
            "uri": f"{HARVEST_PORTAL}/dataset/{dataset.name}",
            "name": dataset.name,
            "title": dataset.title,
            "notes": dataset.notes,
            "license_id": dataset.license_id,
            "metadata_created": dataset.created.isoformat(),
            "metadata_modified": dataset.modified.isoformat(),
            "tags": [{"name": tag} for tag in dataset.tags],
            "organization": {
                "id": dataset.organization,
                "name": dataset.organization,
                "title": titles[dataset.organization],
            },
            "frekuensi": dataset.frekuensi,
            "topik": dataset.topik,
            "tahun_mulai": dataset.tahun_mulai,
            "tahun_selesai": dataset.tahun_selesai,
            "resources": [
                {
                    "id": r.id,
                    "package_id": dataset.id,
                    "uri": f"{HARVEST_PORTAL}/dataset/{dataset.name}/resource/{r.id}",
                    "name": r.name,
                    "description": r.description,
                    "format": r.format,
                    "url": r.url.replace("https://satudata.serangkota.go.id", HARVEST_PORTAL),
                }
                for r in dataset.resources
            ],
            **fields,
        }


def harvest_file(count: int, seed: int, path: Path) -> dict[str, Any]:
    from ckanext.dcat.processors import RDFSerializer

    started = time.perf_counter()
    text = RDFSerializer(profiles=_profiles_configured()).serialize_catalog(
        {"title": "Katalog Kabupaten Contoh", "homepage": HARVEST_PORTAL},
        list(harvest_datasets(count, seed)),
        _format="turtle",
    )
    path.write_text(text, encoding="utf-8")
    return {
        "datasets": count,
        "bytes": path.stat().st_size,
        "serialize_seconds": round(time.perf_counter() - started, 2),
    }


def harvest(url: str) -> dict[str, Any]:
    """One harvest job of ``url`` run in this process; the datasets it made.

    With this project's runner (``harvest/runner.py``: gather, then fetch and import
    of every object, then finish) when it is there, else with ckanext-harvest's
    stages as ``ckan harvester run-test`` runs them."""
    import ckan.plugins.toolkit as tk
    import sqlalchemy as sa
    from ckan import model

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

    def context() -> Any:
        return {"user": site_user}

    owner = tk.get_action("organization_show")(context(), {"id": "diskominfo"})
    source = tk.get_action("harvest_source_create")(
        context(),
        {
            "name": HARVEST_SOURCE,
            "title": "Katalog Kabupaten Contoh (tolok ukur)",
            "url": url,
            "source_type": "dcat_rdf",
            "owner_org": owner["id"],
            "frequency": "MANUAL",
        },
    )
    job_id = tk.get_action("harvest_job_create")(
        context(), {"source_id": source["id"], "run": False}
    )["id"]
    started = time.perf_counter()
    runner, note = _run_job(job_id)
    total = time.perf_counter() - started
    model.Session.rollback()

    def rows(sql: str) -> list[Any]:
        return list(model.Session.execute(sa.text(sql), {"job": job_id}))

    states = rows(
        "SELECT state, count(*) FROM harvest_object WHERE harvest_job_id = :job GROUP BY state"
    )
    made = rows(
        "SELECT count(DISTINCT package_id) FROM harvest_object "
        "WHERE harvest_job_id = :job AND package_id IS NOT NULL"
    )[0][0]
    gather = rows(
        "SELECT extract(epoch FROM gather_finished - gather_started) FROM harvest_job "
        "WHERE id = :job"
    )[0][0]
    statuses = rows(
        "SELECT p.extras ->> 'status_verifikasi', count(*) FROM harvest_object o "
        "JOIN package p ON p.id = o.package_id WHERE o.harvest_job_id = :job "
        "AND o.current GROUP BY 1"
    )
    errors = rows(
        "SELECT e.message FROM harvest_object_error e JOIN harvest_object o "
        "ON o.id = e.harvest_object_id WHERE o.harvest_job_id = :job LIMIT 5"
    ) + rows("SELECT message FROM harvest_gather_error WHERE harvest_job_id = :job LIMIT 5")
    gather_seconds = float(gather) if gather is not None else None
    return {
        "objects": sum(int(n) for _state, n in states),
        "states": {str(state): int(n) for state, n in states},
        "datasets": int(made or 0),
        "status_verifikasi": {str(status): int(n) for status, n in statuses},
        "gather_seconds": round(gather_seconds, 2) if gather_seconds is not None else None,
        "fetch_import_seconds": round(total - gather_seconds, 2) if gather_seconds else None,
        "total_seconds": round(total, 2),
        "datasets_per_second": round(int(made or 0) / total, 1) if total else None,
        "runner": runner,
        "sample_errors": [str(row[0])[:300] for row in errors],
        "finish_note": note,
    }


def _run_job(job_id: str) -> tuple[str, str | None]:
    """Run the harvest job to its end here; which runner did, and a note."""
    try:
        from ..harvest import runner
    except ImportError:
        runner = None
    if runner is not None and hasattr(runner, "run_here"):
        runner.run_here(job_id)
        return "harvest/runner.py run_here (this project's runner)", None
    import ckan.plugins.toolkit as tk
    from ckan.lib.search.common import SearchIndexError
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    job: Any = HarvestJob.get(job_id)
    job.status = "Running"
    job.save()
    harvester = queue.get_harvester(job.source.type)
    for object_id in queue.gather_stage(harvester, job) or []:
        queue.fetch_and_import_stages(harvester, HarvestObject.get(object_id))
    stages = "ckanext-harvest stages (gather_stage, fetch_and_import_stages)"
    try:
        tk.get_action("harvest_jobs_run")({"ignore_auth": True}, {})
    except SearchIndexError as error:
        # The job is marked finished first; then ckanext-harvest reindexes the source
        # through CKAN's Solr class (README, Known limitations).
        return stages, f"harvest_source_reindex: {str(error)[:120]}"
    return stages, None


# --- the command ------------------------------------------------------------------------


@click.command()
@click.argument(
    "step", type=click.Choice(["catalog", "serialize", "floor", "harvest-file", "harvest"])
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--size", type=int, default=10_000, show_default=True)
@click.option("--seed", "seed_value", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--samples", type=int, default=500, show_default=True)
@click.option("--rounds", type=int, default=3, show_default=True)
@click.option("--iterations", type=int, default=30, show_default=True)
@click.option("--warmup", type=int, default=3, show_default=True)
@click.option("--count", type=int, default=1_000, show_default=True)
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", default="")
@click.option(
    "--profile",
    "profile_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the step's cProfile statistics to this file.",
)
def main(
    step: str,
    out: Path,
    size: int,
    seed_value: int,
    samples: int,
    rounds: int,
    iterations: int,
    warmup: int,
    count: int,
    file_: Path | None,
    url: str,
    profile_to: Path | None,
) -> None:
    """Run one step of `make bench-dcat` inside CKAN (CKAN_INI names the site)."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(os.environ["CKAN_INI"])
    if url:
        # The local catalog server is on a loopback address, which harvesting refuses
        # unless a sysadmin allows it (SSRF protection of harvest/safety.py).
        host = urllib.parse.urlsplit(url).hostname or ""
        config[ALLOWED_HOSTS_SETTING] = " ".join(
            [*_list_setting(config.get(ALLOWED_HOSTS_SETTING)), host]
        )
    app = make_app(config)
    flask_app = cast(Any, app)._wsgi_app
    profiler = cProfile.Profile() if profile_to else None
    with flask_app.test_request_context():
        if profiler:
            profiler.enable()
        if step == "catalog":
            result = load_catalog(size, seed_value)
        elif step == "serialize":
            result = serialize(samples, rounds)
        elif step == "floor":
            result = floor(iterations, warmup, seed_value)
        elif step == "harvest-file":
            if file_ is None:
                raise click.UsageError("--file wajib")
            result = harvest_file(count, seed_value, file_)
        else:
            result = harvest(url)
        if profiler and profile_to:
            profiler.disable()
            profiler.dump_stats(profile_to)
    result["finished"] = datetime.now().astimezone().isoformat()
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
