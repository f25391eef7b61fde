"""`make bench-datastore`: a 1,000,000-row, 10-column CSV through the real loading
path, beside a bare PostgreSQL COPY of the same file, and datastore_search on the
loaded table.

A throwaway PostgreSQL and Redis are started (or the servers named by
CKAN_SQLALCHEMY_URL etc.). Steps (``bench/datastore.py``, each in its own process):
generate the file; COPY it into a table of text columns (the floor); upload it with
resource_create and let CKAN's worker load it (the time from queueing to complete,
with the job's step times); datastore_search with a filter and limit 100 (p50/p95).
Numbers are printed (never asserted) and written to ``bench-results/datastore-<time>.json``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import procs
from .bench import _machine, bench_portal  # pyright: ignore[reportPrivateUsage]

log = logging.getLogger("ckanext.satudata_serang.runtime")

LOAD_TARGET = 0.5  # of the bare COPY's rows per second
SEARCH_TARGET_MS = 50.0


def run_bench_datastore(root: Path, rows: int, iterations: int) -> int:
    site = f"http://127.0.0.1:{procs.free_port()}"
    report: dict[str, Any] = {"machine": _machine(), "load_before": os.getloadavg(), "rows": rows}
    with bench_portal(root, "datastore", site) as run:
        scratch, env, out = run.scratch, run.env, run.out
        report["started"] = run.started.isoformat()
        data = scratch / "penduduk.csv"

        def step(name: str, *args: str) -> dict[str, Any]:
            result_file = scratch / f"{name}.json"
            command = [sys.executable, "-m", "ckanext.satudata_serang.bench.datastore", name]
            subprocess.run(
                [*command, "--out", str(result_file), "--file", str(data), *args],
                env=env,
                check=True,
                cwd=root,
            )
            result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
            report[name] = result
            out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
            return result

        log.info("Membuat CSV %d baris…", rows)
        step("generate", "--rows", str(rows))
        log.info("Lantai: COPY PostgreSQL polos…")
        step("floor")
        log.info("Jalur pemuatan sebenarnya (resource_create → antrean → worker)…")
        loaded = step("load")
        if loaded["status"] != "complete":
            print(f"Pemuatan gagal: {loaded.get('error')}")
            return 1
        log.info("datastore_search dengan filter, limit 100…")
        step("search", "--resource", loaded["resource_id"], "--iterations", str(iterations))
    print(_summary(report))
    print(f"Hasil lengkap: {out}")
    return 0


def _summary(report: dict[str, Any]) -> str:
    floor, loaded, search = report["floor"], report["load"], report["search"]
    rows = loaded["rows"]
    swapped = loaded["seconds_until_swapped"]
    whole = loaded["seconds_queue_to_complete"]
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in loaded["step_seconds"].items())
    lines = [
        f"Berkas: {report['generate']['rows']:,} baris, {report['generate']['bytes'] / 1e6:.0f} MB",
        f"Lantai (COPY polos ke 10 kolom teks): {floor['seconds']:.1f} s = {floor['rows_per_second']:,} baris/s",
        f"Pemuatan sampai tabel baru tampil: {swapped:.1f} s = {rows / swapped:,.0f} baris/s"
        f" = {rows / swapped / floor['rows_per_second']:.0%} dari COPY (target ≥ {LOAD_TARGET:.0%})",
        f"SQL polos untuk kerja yang sama (COPY, lalu tipe + vektor teks penuh tanpa memeriksa"
        f" sel): {floor['seconds'] + floor['typed_seconds']:.1f} s"
        f" = {floor['seconds'] / (floor['seconds'] + floor['typed_seconds']):.0%} dari COPY",
        f"Sampai selesai (termasuk indeks teks penuh): {whole:.1f} s = {rows / whole:,.0f} baris/s",
        f"Langkah: {steps}",
        f"datastore_search filter + limit 100: p50 {search['datastore_search']['p50_ms']} ms,"
        f" p95 {search['datastore_search']['p95_ms']} ms (target p50 ≤ {SEARCH_TARGET_MS:.0f} ms);"
        f" tanpa hitung total p50 {search['datastore_search_without_total']['p50_ms']} ms;"
        f" SQL polos p50 {search['bare_sql']['p50_ms']} ms",
    ]
    return "\n".join(lines)
