"""The probes of /kesehatan: each asks one service the cheapest question it answers.

Redis (and the worker registry in it) is asked through a client of its own with
socket timeouts of ``TIMEOUT_SECONDS``, built from CKAN's connection settings: CKAN's
shared client has none, so a Redis that stopped answering would hang the request.
PostgreSQL is asked through the engines' pools; a host that drops packets is bounded
by the driver's ``connect_timeout`` (put ``?connect_timeout=2`` in the URLs).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import ckan.plugins as p
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from ckan.lib import redis as ckan_redis
from redis import ConnectionPool, Redis
from rq import Worker

from .. import config
from ..search.model import search_entry
from .health import OK, WARNING, Finding, Probe, Report, examine

TIMEOUT_SECONDS = 2.0
# rq beats every worker_ttl - 15 s at the latest (45 s with CKAN's defaults) and
# between jobs; two minutes without a beat is a worker that died without a goodbye.
HEARTBEAT_WITHIN = timedelta(minutes=2)


def _select_one(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1")).scalar_one()


def database() -> Finding:
    engine = model.meta.engine
    assert engine is not None, "model not initialised"
    _select_one(engine)
    return Finding()


def datastore() -> Finding:
    if not p.plugin_loaded("datastore"):
        return Finding(rincian={"aktif": False})
    from ckanext.datastore.backend.postgres import get_write_engine

    _select_one(get_write_engine())
    return Finding(rincian={"aktif": True})


def search() -> Finding:
    backend = config.search_backend()
    if backend == "postgres":
        engine = model.meta.engine
        assert engine is not None, "model not initialised"
        with engine.connect() as connection:
            connection.execute(sa.select(search_entry.c.id).limit(1)).all()
    else:
        from ckan.lib.search.common import make_connection

        make_connection().search(q="*:*", rows=0)
    return Finding(rincian={"backend": backend})


def redis_client() -> Redis:
    """A client with CKAN's Redis settings (``ckan.redis.url``) and short timeouts."""
    shared = ckan_redis.connect_to_redis().connection_pool
    pool = ConnectionPool(
        connection_class=shared.connection_class,
        **{
            **shared.connection_kwargs,
            "socket_timeout": TIMEOUT_SECONDS,
            "socket_connect_timeout": TIMEOUT_SECONDS,
            "retry_on_timeout": False,
        },
    )
    return Redis(connection_pool=pool)


def ping(client: Redis) -> Finding:
    client.ping()
    return Finding()


def workers(client: Redis, now: datetime | None = None) -> Finding:
    """Workers listening on this site's queues whose last beat is recent enough."""
    prefix = jobs.add_queue_name_prefix("")
    ours = [
        worker
        for worker in Worker.all(connection=client)
        if any(name.startswith(prefix) for name in worker.queue_names())
    ]
    moment = now or datetime.now(UTC)
    beats = [w.last_heartbeat for w in ours if w.last_heartbeat is not None]
    alive = [beat for beat in beats if moment - beat <= HEARTBEAT_WITHIN]
    details: dict[str, Any] = {"jumlah": len(alive)}
    if beats:
        details["detak_terakhir"] = max(beats).isoformat(timespec="seconds")
    if not alive:
        return Finding(
            WARNING,
            "Tidak ada worker yang aktif: pemuatan ke DataStore, panen, validasi standar "
            "dan pengingat menunggu di antrean.",
            details,
        )
    return Finding(OK, rincian=details)


def report() -> Report:
    client = redis_client()
    try:
        return examine(
            {
                "basis_data": Probe(database, "Basis data CKAN tidak dapat dihubungi."),
                "datastore": Probe(datastore, "Basis data DataStore tidak dapat dihubungi."),
                "redis": Probe(lambda: ping(client), "Redis tidak dapat dihubungi."),
                "pencarian": Probe(search, "Indeks pencarian tidak dapat ditanya."),
                "worker": Probe(
                    lambda: workers(client),
                    "Daftar worker di Redis tidak dapat dibaca.",
                    essential=False,
                ),
            }
        )
    finally:
        client.connection_pool.disconnect()
