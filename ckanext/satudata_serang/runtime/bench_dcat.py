"""`make bench-dcat`: the DCAT export at 10,000 datasets and a harvest of 1,000.

A throwaway PostgreSQL and Redis are started in a temporary folder on free ports (or
the servers named by CKAN_SQLALCHEMY_URL etc., which then receive the synthetic
datasets). Steps: load a catalog of 10,000 published datasets (plus tertutup and
draft ones that must stay home) and index it with `ckan search-index rebuild`; time
the serialisation per dataset (euro_dcat_ap_3 alone and with satudata_sdi) and a
page of 100 in one process beside its bare-SQL floor; serve the portal with
`ckan run` and, over HTTP, time pages of 100 (p50/p95) and page through the whole
catalog following hydra:next, with and without modified_since, checking that every
exported dataset is seen exactly once; then serve a 1,000-dataset Turtle catalog of
another portal with Python's http.server and run one harvest job of it in one process
(the project's harvest runner with its DCAT harvester; see ``bench/dcat.py``). Numbers are printed (never asserted) and written to
``bench-results/dcat-<time>.json``.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import procs
from .bench import _machine, _rebuild, bench_portal  # pyright: ignore[reportPrivateUsage]
from .ckan_env import ckan_executable

log = logging.getLogger("ckanext.satudata_serang.runtime")

PAGE_TARGET_SECONDS = 1.0
HARVEST_TARGET = 10.0  # datasets per second
# Leaves out about three quarters of the synthetic catalog (modified 2015–2026).
MODIFIED_SINCE = "2024-01-01T07:00:00+07:00"
MODIFIED_SINCE_UTC = "2024-01-01T00:00:00Z"


def run_bench_dcat(
    root: Path, size: int, harvest_count: int, iterations: int, profile: bool = False
) -> int:
    load_before = os.getloadavg()
    port = procs.free_port()
    site = f"http://127.0.0.1:{port}"
    with bench_portal(root, "dcat", site) as run:
        scratch, env, out = run.scratch, run.env, run.out
        report: dict[str, Any] = {
            "started": run.started.isoformat(),
            "machine": _machine(),
            "load_before": load_before,
        }

        def step(name: str, *args: str) -> dict[str, Any]:
            result_file = scratch / f"{name}.json"
            command = [sys.executable, "-m", "ckanext.satudata_serang.bench.dcat", name]
            if profile:
                command += ["--profile", str(out.with_name(f"{out.stem}-{name}.prof"))]
            subprocess.run(
                [*command, "--out", str(result_file), *args], env=env, check=True, cwd=root
            )
            result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
            report[name] = result
            _write(out, report)
            return result

        log.info("Memuat katalog %d dataset…", size)
        step("catalog", "--size", str(size))
        wall, reported = _rebuild(env)
        report["rebuild"] = {"wall_seconds": round(wall, 2), "indexing_seconds": reported}
        log.info("Serialisasi per dataset…")
        step("serialize")
        log.info("Halaman 100 dataset dalam satu proses, dan lantai SQL…")
        step("floor", "--iterations", str(iterations))
        log.info("HTTP (ckan run)…")
        report["http"] = _over_http(env, site, scratch, iterations)
        _write(out, report)
        log.info("Panen %d dataset dari katalog DCAT lokal…", harvest_count)
        catalog_file = scratch / "panen" / "katalog.ttl"
        catalog_file.parent.mkdir()
        step("harvest-file", "--count", str(harvest_count), "--file", str(catalog_file))
        file_port = procs.free_port()
        server = procs.spawn(
            [
                *(sys.executable, "-m", "http.server", "-b", "127.0.0.1", str(file_port)),
                *("-d", str(catalog_file.parent)),
            ],
            death_signal=signal.SIGTERM,
            log_file=scratch / "http-server.log",
            env=dict(env),
        )
        try:
            _wait_for(f"http://127.0.0.1:{file_port}/katalog.ttl", [server], scratch)
            step("harvest", "--url", f"http://127.0.0.1:{file_port}/katalog.ttl")
        finally:
            procs.stop(server, signal.SIGTERM, timeout=10)
    report["load_after"] = os.getloadavg()
    report["finished"] = datetime.now(UTC).isoformat()
    _write(out, report)
    print("\n" + format_report(report))
    print(f"\nHasil lengkap: {out}")
    return 0


def _write(out: Path, report: Mapping[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def _wait_for(url: str, children: list[subprocess.Popen[bytes]], scratch: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise procs.ServiceError(f"Server berhenti saat mulai; lihat log di {scratch}.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, ConnectionError):
            pass
        time.sleep(0.3)
    raise procs.ServiceError(f"{url} tidak menjawab dalam 120 detik.")


# --- over HTTP --------------------------------------------------------------------------


def _get(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return time.perf_counter() - started, body


def _api(site: str, action: str, **params: Any) -> Any:
    query = urllib.parse.urlencode(params, doseq=True)
    _seconds, body = _get(f"{site}/api/3/action/{action}?{query}")
    return json.loads(body)["result"]


def _exported_ids(site: str, extra_fq: str = "") -> set[str]:
    """What anonymous package_search finds, minus tertutup: the catalog to expect."""
    fq = f"-sifat_data:tertutup {extra_fq}".strip()
    ids: set[str] = set()
    start = 0
    while True:
        found = _api(site, "package_search", fq=fq, fl="id", rows=1000, start=start)
        ids |= {row["id"] for row in found["results"]}
        start += 1000
        if start >= found["count"]:
            return ids


def _over_http(env: Mapping[str, str], site: str, scratch: Path, iterations: int) -> dict[str, Any]:
    port = site.rsplit(":", 1)[1]
    server = procs.spawn(
        [
            ckan_executable(),
            "run",
            "--disable-reloader",
            "--threaded",
            "-H",
            "127.0.0.1",
            "-p",
            port,
        ],
        death_signal=signal.SIGTERM,
        log_file=scratch / "web.log",
        env=dict(env),
    )
    try:
        _wait_for(f"{site}/api/3/action/status_show", [server], scratch)
        expected = _exported_ids(site)
        last = (len(expected) + 99) // 100
        rng = random.Random(20260101)
        pages = [rng.randint(1, last) for _ in range(3 + iterations)]
        samples = [_get(f"{site}/catalog.ttl?page={page}")[0] for page in pages][3:]
        first = [_get(f"{site}/catalog.ttl")[0] for _ in range(3 + iterations)][3:]
        return {
            "server": "ckan run --threaded (werkzeug), one client",
            "page_of_100_random": _summary(samples, pages[3:]),
            "page_1": _summary(first, []),
            "full": _walk(site, "/catalog.ttl", expected),
            "full_modified_since": _walk(
                site,
                "/catalog.ttl?modified_since=" + urllib.parse.quote(MODIFIED_SINCE),
                _exported_ids(site, f"+metadata_modified:[{MODIFIED_SINCE_UTC} TO NOW]"),
                since=MODIFIED_SINCE,
            ),
        }
    finally:
        procs.stop(server, signal.SIGTERM, timeout=15)


def _summary(samples: list[float], pages: list[int]) -> dict[str, Any]:
    from ..bench.dcat import summary

    result: dict[str, Any] = dict(summary(samples))
    if pages:
        result["pages"] = pages
    return result


def _walk(site: str, path: str, expected: set[str], since: str | None = None) -> dict[str, Any]:
    """Follow hydra:next from ``path`` to the end; every dataset must come once."""
    from rdflib import Graph
    from rdflib.namespace import DCAT, RDF, Namespace

    hydra = Namespace("http://www.w3.org/ns/hydra/core#")
    url: str | None = site + path
    seen: list[str] = []
    request_seconds: list[float] = []
    parse_seconds = 0.0
    total_items: set[str] = set()
    started = time.perf_counter()
    while url:
        seconds, body = _get(url)
        request_seconds.append(seconds)
        parsing = time.perf_counter()
        graph = Graph().parse(data=body, format="turtle")
        parse_seconds += time.perf_counter() - parsing
        seen += [str(s).rsplit("/", 1)[1] for s in graph.subjects(RDF.type, DCAT.Dataset)]
        url = None
        for page in graph.subjects(RDF.type, hydra.PagedCollection):
            total_items.add(str(graph.value(page, hydra.totalItems)))
            following = graph.value(page, hydra.next)
            url = str(following) if following is not None else None
        if len(request_seconds) > 10_000:
            break
    return {
        "modified_since": since,
        "pages": len(request_seconds),
        "datasets_seen": len(seen),
        "distinct": len(set(seen)),
        "expected": len(expected),
        "each_exactly_once": len(seen) == len(set(seen)) and set(seen) == expected,
        "hydra_total_items": sorted(total_items),
        "wall_seconds": round(time.perf_counter() - started, 2),
        "request_seconds": round(sum(request_seconds), 2),
        "client_parse_seconds": round(parse_seconds, 2),
        "request": _summary(request_seconds, []),
    }


# --- the summary ------------------------------------------------------------------------


def format_report(report: Mapping[str, Any]) -> str:
    lines: list[str] = []
    machine = report.get("machine", {})
    lines.append(
        f"Mesin: {machine.get('cpu')} ({machine.get('nproc')} inti); beban rata-rata "
        f"sebelum {_load(report.get('load_before'))}, sesudah {_load(report.get('load_after'))}"
    )
    catalog = report.get("catalog")
    if catalog:
        kinds = catalog["kinds"]
        lines.append(
            f"Katalog: {catalog['loaded']} dataset dimuat = {kinds['exported']} diekspor + "
            f"{kinds['tertutup']} tertutup + {kinds['draft']} draf; rebuild indeks "
            f"{report['rebuild']['wall_seconds']:.1f} detik"
        )
    serialized = report.get("serialize")
    if serialized:
        base, full = serialized["euro_dcat_ap_3"], serialized["configured"]
        profiles = " + ".join(serialized["profiles"]["configured"])
        lines.append(
            f"Serialisasi per dataset ({serialized['datasets']} dataset, Turtle), p50:\n"
            f"  satu dataset   euro_dcat_ap_3 {base['single']['p50_ms']:.1f} ms | "
            f"{profiles} {full['single']['p50_ms']:.1f} ms | rasio {serialized['ratio_single_p50']}\n"
            f"  dalam halaman  euro_dcat_ap_3 {base['in_page_of_100']['p50_ms']:.1f} ms | "
            f"{profiles} {full['in_page_of_100']['p50_ms']:.1f} ms | "
            f"rasio {serialized['ratio_in_page_p50']}\n"
            f"  tripel per dataset: {base['triples_per_dataset']} | {full['triples_per_dataset']}"
        )
    floor = report.get("floor")
    if floor:
        lines.append(
            f"Halaman 100 dataset dalam satu proses (halaman acak dari {floor['pages']}), "
            "p50 / p95 ms:\n"
            f"  SQL polos (100 baris package)  {_pair(floor['sql'])}\n"
            f"  package_search                 {_pair(floor['package_search'])}\n"
            f"  dcat_catalog_show (Turtle)     {_pair(floor['dcat_catalog_show'])}"
        )
    http = report.get("http")
    if http:
        lines.append(
            f"HTTP /catalog.ttl, 100 dataset ({http['server']}), p50 / p95 ms:\n"
            f"  halaman acak  {_pair(http['page_of_100_random'])}\n"
            f"  halaman 1     {_pair(http['page_1'])}   (target ≤ {PAGE_TARGET_SECONDS * 1000:.0f})"
        )
        for key in ("full", "full_modified_since"):
            walk = http[key]
            label = (
                f"modified_since={walk['modified_since']}" if walk["modified_since"] else "penuh"
            )
            lines.append(
                f"  paging {label}: {walk['pages']} halaman, {walk['datasets_seen']} dataset "
                f"({walk['distinct']} berbeda, diharapkan {walk['expected']}; tepat sekali: "
                f"{'ya' if walk['each_exactly_once'] else 'TIDAK'}), {walk['wall_seconds']:.1f} "
                f"detik (permintaan {walk['request_seconds']:.1f}, parse klien "
                f"{walk['client_parse_seconds']:.1f})"
            )
    harvest = report.get("harvest")
    if harvest:
        lines.append(
            f"Panen DCAT {harvest['objects']} objek → {harvest['datasets']} dataset dalam "
            f"{harvest['total_seconds']:.1f} detik (gather {harvest['gather_seconds']}, "
            f"fetch+import {harvest['fetch_import_seconds']}) = "
            f"{harvest['datasets_per_second']} dataset/detik (target ≥ {HARVEST_TARGET:.0f})\n"
            f"  {harvest['runner']}; status dataset: {harvest.get('status_verifikasi')}"
        )
        if harvest.get("sample_errors"):
            lines.append(f"  galat: {harvest['sample_errors'][:2]}")
    return "\n".join(lines)


def _pair(stats: Mapping[str, Any]) -> str:
    return f"{stats['p50_ms']:.1f} / {stats['p95_ms']:.1f}"


def _load(value: Any) -> str:
    return " ".join(f"{v:.2f}" for v in value) if value else "?"
