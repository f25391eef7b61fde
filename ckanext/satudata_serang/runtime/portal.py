"""`make demo`: services, database, demo data, then the web server and job worker.

Everything started here is a child that dies with this process; Ctrl-C or SIGTERM
stops the worker and web server first, then Redis and PostgreSQL.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

from . import procs
from .ckan_env import ckan_environment, ckan_executable, run_ckan
from .services import ports_from_environ, running_services

log = logging.getLogger("ckanext.satudata_serang.runtime")


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop(signal.Signals(signum).name)


def serve_demo(
    root: Path, *, port: int, data_dir: Path | None = None, host: str = "127.0.0.1"
) -> int:
    data_dir = data_dir or root / ".data" / "demo"
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    site_url = f"http://{host}:{port}"
    if procs.port_in_use(port):
        raise procs.ServiceError(
            f"Port {port} sudah dipakai proses lain. Hentikan proses itu atau jalankan "
            f"dengan PORT lain, mis. `make demo PORT=5050`."
        )
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    pg_port, redis_port = ports_from_environ()
    try:
        with running_services(
            data_dir / "services", pg_port=pg_port, redis_port=redis_port
        ) as urls:
            env = ckan_environment(
                urls, data_dir=data_dir, site_url=site_url, ini=root / "demo.ini"
            )
            token_file = data_dir / "xloader.token"
            run_ckan(["satudata", "prepare", "--demo", "--token-file", str(token_file)], env)
            env["CKAN_XLOADER_API_TOKEN"] = token_file.read_text(encoding="utf-8").strip()
            return _serve(env, host=host, port=port, logs=logs)
    except _Stop as stop:
        print(f"\nPortal dihentikan ({stop}).", flush=True)
        return 0


def _serve(env: dict[str, str], *, host: str, port: int, logs: Path) -> int:
    """Run the job worker and the web server until one stops or we are told to stop.
    They are stopped here, before the services they use."""
    site_url = env["CKAN_SITE_URL"]
    ckan = ckan_executable()
    children: list[subprocess.Popen[bytes]] = []
    try:
        children.append(
            procs.spawn(
                [ckan, "run", "--disable-reloader", "--threaded", "-H", host, "-p", str(port)],
                death_signal=signal.SIGTERM,
                log_file=logs / "web.log",
                env=env,
            )
        )
        _wait_for_portal(site_url, children, logs)
        # The worker starts once the portal answers: xloader jobs download the
        # uploaded files from the portal itself.
        children.append(
            procs.spawn(
                [ckan, "jobs", "worker"],
                death_signal=signal.SIGTERM,
                log_file=logs / "worker.log",
                env=env,
            )
        )
        print(
            f"\nPortal Satu Data Kota Serang berjalan di {site_url}\n"
            f"  Masuk: {site_url}/user/login (pengguna: admin)\n"
            f"  API:   {site_url}/api/3/action/package_search\n"
            f"  Log:   {logs}/web.log, {logs}/worker.log\n"
            "Tekan Ctrl-C untuk berhenti.",
            flush=True,
        )
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        failed = next(child for child in children if child.poll() is not None)
        log.error("Proses %s berhenti sendiri (kode %s)", failed.args, failed.returncode)
        return 1
    finally:
        # A second Ctrl-C must not interrupt the orderly stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("Menghentikan portal…", flush=True)
        for child in reversed(children):
            procs.stop(child, signal.SIGTERM, timeout=15)


def _wait_for_portal(
    site_url: str, children: list[subprocess.Popen[bytes]], logs: Path, timeout: float = 120
) -> None:
    deadline = time.monotonic() + timeout
    status_url = f"{site_url}/api/3/action/status_show"
    while time.monotonic() < deadline:
        for child in children:
            if child.poll() is not None:
                raise procs.ServiceError(
                    f"Proses CKAN berhenti saat mulai (kode {child.returncode}). Akhir log:\n"
                    + procs.log_tail(logs / "web.log")
                )
        try:
            with urllib.request.urlopen(status_url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise procs.ServiceError(
        f"Portal tidak menjawab di {site_url} dalam {timeout:.0f} detik. Akhir log:\n"
        + procs.log_tail(logs / "web.log")
    )
