"""Zero-setup services: our own PostgreSQL and Redis unless the environment names others.

``running_services`` must be entered from the main thread and kept open for as long as
the servers are needed: they are children of this process, stop when the block exits,
and are stopped by the kernel if this process dies (see ``procs``).

External servers, each decided on its own:

* ``CKAN_SQLALCHEMY_URL`` set: no PostgreSQL is started, and ``CKAN_DATASTORE_WRITE_URL``
  and ``CKAN_DATASTORE_READ_URL`` must be set as well;
* ``CKAN_REDIS_URL`` set: no Redis is started.

An empty variable counts as unset (``VAR=`` in a compose file means "not configured").
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import postgres, redis_server
from .procs import ServiceError

__all__ = [
    "PG_PORT_ENV",
    "REDIS_PORT_ENV",
    "ServiceError",
    "ServiceUrls",
    "ports_from_environ",
    "running_services",
    "throwaway_services",
]

log = logging.getLogger("ckanext.satudata_serang.runtime")

SQLALCHEMY_ENV = "CKAN_SQLALCHEMY_URL"
DATASTORE_WRITE_ENV = "CKAN_DATASTORE_WRITE_URL"
DATASTORE_READ_ENV = "CKAN_DATASTORE_READ_URL"
REDIS_ENV = "CKAN_REDIS_URL"
# The port-taken errors tell the user to set these; ports_from_environ reads them.
PG_PORT_ENV = postgres.PORT_ENV
REDIS_PORT_ENV = redis_server.PORT_ENV


@dataclass(frozen=True, repr=False)
class ServiceUrls:
    sqlalchemy_url: str
    datastore_write_url: str
    datastore_read_url: str
    redis_url: str
    admin_url: str | None

    def as_env(self) -> dict[str, str]:
        return {
            SQLALCHEMY_ENV: self.sqlalchemy_url,
            DATASTORE_WRITE_ENV: self.datastore_write_url,
            DATASTORE_READ_ENV: self.datastore_read_url,
            REDIS_ENV: self.redis_url,
        }

    def __repr__(self) -> str:
        # These objects end up in logs and tracebacks; the passwords must not.
        def hide(url: str | None) -> str | None:
            return None if url is None else re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)

        fields = ", ".join(
            f"{name}={hide(getattr(self, name))!r}"
            for name in (
                "sqlalchemy_url",
                "datastore_write_url",
                "datastore_read_url",
                "redis_url",
                "admin_url",
            )
        )
        return f"ServiceUrls({fields})"


def _get(environ: Mapping[str, str], name: str) -> str | None:
    return environ.get(name, "").strip() or None


def _external_postgres(environ: Mapping[str, str]) -> tuple[str, str, str] | None:
    main = _get(environ, SQLALCHEMY_ENV)
    write, read = _get(environ, DATASTORE_WRITE_ENV), _get(environ, DATASTORE_READ_ENV)
    datastore = ((DATASTORE_WRITE_ENV, write), (DATASTORE_READ_ENV, read))
    if main is None:
        given = [name for name, value in datastore if value]
        if given:
            # Starting our own server would silently override the datastore chosen.
            raise ServiceError(
                f"{' dan '.join(given)} sudah diset, tetapi {SQLALCHEMY_ENV} belum. "
                "Set ketiganya untuk memakai PostgreSQL sendiri, atau kosongkan semuanya "
                "agar PostgreSQL bawaan yang dipakai."
            )
        return None
    if write is None or read is None:
        missing = [name for name, value in datastore if not value]
        raise ServiceError(
            f"{SQLALCHEMY_ENV} sudah diset, jadi PostgreSQL bawaan tidak dijalankan; "
            f"tetapi {' dan '.join(missing)} belum diset. Set juga URL datastore "
            f"tersebut, atau kosongkan {SQLALCHEMY_ENV} agar PostgreSQL bawaan yang dipakai."
        )
    return main, write, read


def ports_from_environ(environ: Mapping[str, str] | None = None) -> tuple[int, int]:
    """``(pg_port, redis_port)`` from SATUDATA_SERANG_PG_PORT / _REDIS_PORT or the defaults."""
    env = os.environ if environ is None else environ
    ports: list[int] = []
    for name, default in (
        (PG_PORT_ENV, postgres.DEFAULT_PORT),
        (REDIS_PORT_ENV, redis_server.DEFAULT_PORT),
    ):
        raw = _get(env, name)
        if raw is None:
            ports.append(default)
            continue
        if not (raw.isascii() and raw.isdigit()) or int(raw) > 65535:
            raise ServiceError(
                f"{name}={raw!r} bukan nomor port yang valid (0–65535; 0 = port bebas)."
            )
        ports.append(int(raw))
    return ports[0], ports[1]


@contextmanager
def running_services(
    data_dir: Path,
    *,
    environ: Mapping[str, str] | None = None,
    pg_port: int = postgres.DEFAULT_PORT,
    redis_port: int = redis_server.DEFAULT_PORT,
    ckan_db: str = "ckan_default",
    datastore_db: str = "datastore_default",
) -> Iterator[ServiceUrls]:
    """Yield the URLs CKAN needs, running our own servers where none are configured.

    ``pg_port``/``redis_port`` 0 pick free ports. Servers started here stop when the block
    exits. Must be called from the main thread.
    """
    env = os.environ if environ is None else environ
    external_pg = _external_postgres(env)
    external_redis = _get(env, REDIS_ENV)
    data_dir = Path(os.path.abspath(data_dir))

    with ExitStack() as stack:
        admin_url: str | None = None
        if external_pg is not None:
            log.info(
                "Memakai PostgreSQL dari %s; PostgreSQL bawaan tidak dijalankan",
                SQLALCHEMY_ENV,
            )
            sqlalchemy_url, write_url, read_url = external_pg
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            pg = stack.enter_context(postgres.running_postgres(data_dir, port=pg_port))
            postgres.provision(
                pg.admin_url, pg.passwords, ckan_db=ckan_db, datastore_db=datastore_db
            )
            admin_url = pg.admin_url
            sqlalchemy_url = pg.url_for("ckan_default", ckan_db)
            write_url = pg.url_for("datastore_default", datastore_db)
            read_url = pg.url_for("datastore_ro", datastore_db)

        if external_redis is not None:
            log.info("Memakai Redis dari %s; Redis bawaan tidak dijalankan", REDIS_ENV)
            redis_url = external_redis
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            redis_url = stack.enter_context(
                redis_server.running_redis(data_dir, port=redis_port)
            ).url

        yield ServiceUrls(sqlalchemy_url, write_url, read_url, redis_url, admin_url)


@contextmanager
def throwaway_services(
    prefix: str, *, ckan_db: str, datastore_db: str
) -> Iterator[tuple[Path, ServiceUrls]]:
    """``running_services`` on free ports in a temporary folder that is deleted
    afterwards, with any cluster relocated out of it (test and benchmark runs)."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    scratch.chmod(0o755)  # reachable for PostgreSQL's unprivileged user: no relocation
    try:
        with running_services(
            scratch / "services",
            pg_port=0,
            redis_port=0,
            ckan_db=ckan_db,
            datastore_db=datastore_db,
        ) as urls:
            yield scratch, urls
    finally:
        postgres.remove_relocated_data(scratch / "services")
        shutil.rmtree(scratch, ignore_errors=True)
