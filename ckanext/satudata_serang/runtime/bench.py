"""`make bench-search`: search timings at 10,000 and 100,000 datasets.

A throwaway PostgreSQL and Redis are started in a temporary folder on free ports (or
the servers named by CKAN_SQLALCHEMY_URL etc., which then receive the synthetic
datasets). For each size: bulk-load the datasets, time `ckan search-index rebuild`
(wall clock, CKAN's start-up measured separately with a no-op command), check one
dataset, then time the queries inside one CKAN process. A summary is printed and the
full figures are written to ``bench-results/search-<time>.json``.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..bench import measure
from .ckan_env import ckan_environment, ckan_executable, run_ckan
from .services import SQLALCHEMY_ENV, throwaway_services

log = logging.getLogger("ckanext.satudata_serang.runtime")

DEFAULT_SIZES = (10_000, 100_000)
RESULTS_FOLDER = "bench-results"


def iterations_for(size: int) -> int:
    return 30 if size <= 20_000 else 20


@dataclass(frozen=True)
class BenchRun:
    """Where a benchmark runs: its scratch folder, the environment of its CKAN
    commands, when it started and the file its figures go to."""

    scratch: Path
    env: dict[str, str]
    started: datetime
    out: Path


@contextmanager
def bench_portal(root: Path, kind: str, site_url: str) -> Iterator[BenchRun]:
    """Throwaway PostgreSQL and Redis (or the configured servers, with a warning) and
    a prepared CKAN database for the benchmark ``kind`` (its database names and result
    file are named after it)."""
    if os.environ.get(SQLALCHEMY_ENV, "").strip():
        log.warning(
            "%s diset: dataset sintetis dimuat ke basis data tersebut, bukan ke server sementara.",
            SQLALCHEMY_ENV,
        )
    started = datetime.now(UTC)
    out = root / RESULTS_FOLDER / f"{kind}-{started:%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    with throwaway_services(
        f"satudata-bench-{kind}-",
        ckan_db=f"ckan_bench_{kind}",
        datastore_db=f"datastore_bench_{kind}",
    ) as (scratch, urls):
        env = dict(
            ckan_environment(urls, data_dir=scratch, site_url=site_url, ini=root / "demo.ini")
        )
        run_ckan(["satudata", "prepare"], env)
        yield BenchRun(scratch, env, started, out)


def run_bench(root: Path, sizes: Sequence[int], iterations: int | None = None) -> int:
    results: list[dict[str, Any]] = []
    with bench_portal(root, "search", "http://localhost:5000") as run:
        scratch, env, started, out = run.scratch, run.env, run.started, run.out
        startup = statistics.median(_timed(["satudata", "bench", "noop"], env) for _ in range(3))
        log.info("Start-up CKAN (perintah kosong): %.2f detik", startup)
        for size in sorted(sizes):
            results.append(
                _one_size(size, iterations or iterations_for(size), startup, env, scratch)
            )
            print(_size_summary(results[-1]).splitlines()[-1], flush=True)
            # Written after every size, so a long run that fails late keeps its figures.
            _write_report(out, started, startup, results)
    print("\n" + "\n\n".join(_size_summary(r) for r in results))
    if results:
        machine = _machine()
        print(
            f"\nMesin: {machine['cpu']} ({machine['nproc']} inti), "
            f"{results[0]['postgres']['version'].split(',')[0]}"
        )
        print(f"Hasil lengkap: {out}")
    return 0


def _write_report(
    out: Path, started: datetime, startup: float, results: Sequence[dict[str, Any]]
) -> None:
    report = {
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "machine": _machine(),
        "ckan_startup_seconds": round(startup, 2),
        "sizes": list(results),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def _one_size(
    size: int, iterations: int, startup: float, env: Mapping[str, str], scratch: Path
) -> dict[str, Any]:
    log.info("=== %d dataset ===", size)
    load_seconds = _timed(["satudata", "bench", "load", "--count", str(size)], env)
    rebuild_seconds, indexing_seconds = _rebuild(env)
    run_ckan(["satudata", "bench", "check"], env)
    out = scratch / f"measure-{size}.json"
    run_ckan(
        [
            "satudata",
            "bench",
            "measure",
            "--iterations",
            str(iterations),
            "--explain",
            "--out",
            str(out),
        ],
        env,
    )
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    net = max(rebuild_seconds - startup, 1e-9)
    result["load_seconds"] = round(load_seconds, 2)
    result["rebuild"] = {
        "wall_seconds": round(rebuild_seconds, 2),
        "without_startup_seconds": round(net, 2),
        "ckan_startup_seconds": round(startup, 2),
        "indexing_seconds_reported": indexing_seconds,
        "datasets": result["size"],
        "datasets_per_second": round(result["size"] / net, 1),
    }
    return result


def _size_summary(result: Mapping[str, Any]) -> str:
    rebuild = result["rebuild"]
    return "\n".join(
        [
            measure.format_table(dict(result)),
            f"Rebuild indeks: {rebuild['wall_seconds']:.1f} detik wall clock "
            f"({rebuild['without_startup_seconds']:.1f} detik tanpa start-up CKAN "
            f"{rebuild['ckan_startup_seconds']:.1f} detik; pengindeksan saja "
            f"{rebuild['indexing_seconds_reported']} detik) = "
            f"{rebuild['datasets_per_second']:.0f} dataset/detik; "
            f"pemuatan massal {result['load_seconds']:.1f} detik",
        ]
    )


def _rebuild(env: Mapping[str, str]) -> tuple[float, float | None]:
    """Wall clock of `ckan search-index rebuild`, and the indexing time it reports
    itself (without start-up and the orphan sweep that follows)."""
    command = [ckan_executable(), "search-index", "rebuild", "--quiet"]
    started = time.perf_counter()
    result = subprocess.run(command, env=dict(env), stdout=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - started
    print(result.stdout, end="", flush=True)
    if result.returncode != 0:
        raise SystemExit(f"`ckan search-index rebuild` gagal (kode {result.returncode}).")
    reported = re.search(r"diindeks dalam ([0-9.]+) detik", result.stdout)
    return wall, float(reported.group(1)) if reported else None


def _timed(args: Sequence[str], env: Mapping[str, str]) -> float:
    started = time.perf_counter()
    run_ckan(args, env)
    return time.perf_counter() - started


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu": cpu,
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
