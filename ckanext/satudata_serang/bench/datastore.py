"""The steps of `make bench-datastore`, run inside CKAN (CKAN_INI names the site).

- ``generate``: a CSV of ROWS rows and 10 columns as Indonesian tables come (``;``,
  1.234.567, 12,5, 31/12/2024, "Desember 2024", text), deterministic.
- ``floor``: a bare PostgreSQL COPY of that file into a table of 10 text columns in
  the DataStore database (what the file is, without reading it); then, in bare SQL,
  the types and full-text vector the load gives the same rows (no cell checked).
- ``load``: the real path: an OPD's dataset, the file uploaded with resource_create,
  the load queued by the portal's xloader_submit, CKAN's worker (burst, forking as in
  production) running it; the time from queueing to the task's ``complete``, and
  the job's own step times.
- ``search``: datastore_search with a filter and limit 100 on the loaded table
  (p50/p95 over random filters), beside the same query in bare SQL.
Each step writes its numbers as JSON to ``--out``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any, cast

import click

from .measure import percentile

KECAMATAN = ["Serang", "Kasemen", "Walantaka", "Curug", "Cipocok Jaya", "Taktakan"]
BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip
HEADER = (
    "no;kecamatan;kode_wilayah;tahun;jumlah_penduduk;luas_km2;kepadatan;"
    "tanggal_pemutakhiran;periode;keterangan"
)


METADATA: dict[str, Any] = {
    "notes": "Tabel tolok ukur pemuatan DataStore.",
    "konsep": "Penduduk adalah setiap orang yang berdomisili di Kota Serang.",
    "definisi": "Jumlah penduduk menurut kecamatan.",
    "klasifikasi": "Menurut kecamatan",
    "ukuran": "jumlah",
    "satuan": "jiwa",
    "frekuensi": "tahunan",
    "tahun_mulai": 2015,
    "cakupan_wilayah": "36.73",
    "level_penyajian": "kecamatan",
    "urusan": ["2.12"],
    "topik": "kependudukan",
    "sifat_data": "terbuka",
    "cara_pengumpulan": "kompilasi_administrasi",
    "kontak_nama": "Bidang Statistik",
    "kontak_email": "statistik@serangkota.go.id",
}


def _id_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def generate(path: Path, rows: int, seed: int = 20260101) -> None:
    chance = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        for i in range(1, rows + 1):
            k = chance.randrange(6)
            year = 2015 + i % 10
            out.write(
                f"{i};{KECAMATAN[k]};367301{k};{year};"
                f"{_id_number(chance.randrange(1000, 2_000_000))};"
                f"{chance.randrange(100, 9999) // 100},{chance.randrange(100):02d};"
                f"{chance.randrange(1, 99999) // 10},{chance.randrange(10)};"
                f"{chance.randrange(1, 29)}/{chance.randrange(1, 13)}/{year};"
                f"{BULAN[i % 12]} {year};data baris {i} kecamatan {KECAMATAN[k]}\n"
            )


# What the load does after the COPY, in bare SQL over this file's known columns and
# without checking a single cell: types (Indonesian numbers, day-first dates) and the
# full-text vector of each row. The work the loading job cannot skip.
TYPED_FLOOR = """
CREATE TABLE bench_floor_typed AS SELECT
  to_tsvector(concat_ws(' ', c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)) AS _full_text,
  c1::int8 AS no, c2 AS kecamatan, c3::int8 AS kode_wilayah, c4::int8 AS tahun,
  replace(c5, '.', '')::int8 AS jumlah_penduduk,
  replace(c6, ',', '.')::numeric AS luas_km2, replace(c7, ',', '.')::numeric AS kepadatan,
  to_date(c8, 'DD/MM/YYYY') AS tanggal_pemutakhiran, c9 AS periode, c10 AS keterangan
FROM bench_floor"""


def _datastore_connection() -> Any:
    from ckanext.datastore.backend.postgres import get_write_engine

    return get_write_engine().raw_connection().driver_connection


def floor(path: Path) -> dict[str, Any]:
    connection = _datastore_connection()
    columns = ", ".join(f"c{i} text" for i in range(1, 11))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute(f"CREATE TABLE bench_floor ({columns})")
        connection.commit()
        began = time.perf_counter()
        with path.open("rb") as data:
            cursor.copy_expert(
                "COPY bench_floor FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)", data
            )
        connection.commit()
        seconds = time.perf_counter() - began
        cursor.execute("SELECT count(*) FROM bench_floor")
        rows = cursor.fetchone()[0]
        began = time.perf_counter()
        cursor.execute(TYPED_FLOOR)
        connection.commit()
        typed = time.perf_counter() - began
        cursor.execute("DROP TABLE bench_floor_typed")
        cursor.execute("DROP TABLE bench_floor")
        connection.commit()
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        "typed_seconds": round(typed, 3),
    }


def load(path: Path) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.lib import jobs
    from ckan.tests import factories
    from werkzeug.datastructures import FileStorage

    from ..loading import job as loading_job

    # the generated file (~115 MB) is above the portal's default limits (100 MB)
    tk.config["ckan.max_resource_size"] = 500
    tk.config["ckanext.satudata_serang.loading_max_mb"] = 500
    admin = factories.Sysadmin()
    factories.Organization(name="bench-dinkes", singkatan="DINKES", jenis="dinas")
    context = {"user": admin["name"], "satudata_status": "ditayangkan"}
    dataset = tk.get_action("package_create")(
        cast(Any, dict(context)),
        {"name": "bench-penduduk", "title": "Penduduk (tolok ukur)", "owner_org": "bench-dinkes",
         **METADATA},
    )  # fmt: skip
    with path.open("rb") as data:
        resource = tk.get_action("resource_create")(
            cast(Any, {"user": admin["name"]}),
            {"package_id": dataset["id"], "url": path.name, "name": "Penduduk", "format": "CSV",
             "upload": FileStorage(data, path.name, "upload")},
        )  # fmt: skip
    queued = time.perf_counter()
    model.Session.remove()
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)
    seconds = time.perf_counter() - queued
    model.Session.remove()
    status = tk.get_action("xloader_status")({"ignore_auth": True}, {"resource_id": resource["id"]})
    value = json.loads(
        model.Session.query(model.TaskStatus.value)
        .filter_by(entity_id=resource["id"], task_type="xloader")
        .scalar()
        or "{}"
    )
    result = value.get("hasil") or {}
    steps = value.get("detik", {})
    visible = sum(v for k, v in steps.items() if k not in ("indeks",))
    return {
        "resource_id": resource["id"],
        "status": status["status"],
        "error": status.get("error"),
        "rows": result.get("baris"),
        "columns": result.get("kolom"),
        "seconds_queue_to_complete": round(seconds, 3),
        "seconds_until_swapped": round(visible, 3),
        "step_seconds": steps,
        "job": loading_job.__name__,
    }


def search(resource_id: str, iterations: int, seed: int = 7) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    chance = random.Random(seed)
    connection = _datastore_connection()
    api: list[float] = []
    no_total: list[float] = []
    floor_times: list[float] = []
    action = tk.get_action("datastore_search")
    for _ in range(5):  # warm up
        action({"ignore_auth": True}, {"resource_id": resource_id, "limit": 100})
    for _ in range(iterations):
        filters = {"kecamatan": chance.choice(KECAMATAN), "tahun": 2015 + chance.randrange(10)}
        began = time.perf_counter()
        found = action(
            {"ignore_auth": True}, {"resource_id": resource_id, "filters": filters, "limit": 100}
        )
        api.append(time.perf_counter() - began)
        assert len(found["records"]) == 100
        began = time.perf_counter()
        action(
            {"ignore_auth": True},
            {"resource_id": resource_id, "filters": filters, "limit": 100, "include_total": False},
        )
        no_total.append(time.perf_counter() - began)
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT * FROM "{resource_id}" WHERE kecamatan = %s AND tahun = %s LIMIT 100',
                (filters["kecamatan"], filters["tahun"]),
            )
            cursor.fetchall()
        connection.rollback()
        floor_times.append(time.perf_counter() - began)

    def ms(values: list[float]) -> dict[str, float]:
        return {
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        }

    return {
        "iterations": iterations,
        "datastore_search": ms(api),
        "datastore_search_without_total": ms(no_total),
        "bare_sql": ms(floor_times),
    }


@click.command()
@click.argument("step", type=click.Choice(["generate", "floor", "load", "search"]))
@click.option("--out", type=click.Path(path_type=Path), required=True)
@click.option("--file", "file_", type=click.Path(path_type=Path), required=True)
@click.option("--rows", type=int, default=1_000_000)
@click.option("--resource", default="")
@click.option("--iterations", type=int, default=200)
def main(step: str, out: Path, file_: Path, rows: int, resource: str, iterations: int) -> None:
    """Run one step of `make bench-datastore`."""
    if step == "generate":
        began = time.perf_counter()
        generate(file_, rows)
        result: dict[str, Any] = {
            "rows": rows,
            "bytes": file_.stat().st_size,
            "seconds": round(time.perf_counter() - began, 2),
        }
        out.write_text(json.dumps(result), encoding="utf-8")
        return
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(os.environ["CKAN_INI"])
    app = make_app(config)
    flask_app = cast(Any, app)._wsgi_app
    with flask_app.test_request_context():
        if step == "floor":
            result = floor(file_)
        elif step == "load":
            result = load(file_)
        else:
            result = search(resource, iterations)
    out.write_text(json.dumps(result, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
