"""Cache of the count and facets of browse queries (no search text).

The /dataset landing page asks every visitor for the same thing: count and facet
counts over the whole visible catalog. That is pure aggregation over every dataset
(hundreds of milliseconds at 100,000 datasets) and identical for everyone with the
same permission labels. The result is cached in Redis under a key that includes the
index *generation*, a random value replaced in the same transaction as every index
change: a cached answer can be reused only while no dataset changed, so edits show at
once. Random rather than a counter, so a restored or emptied database never reuses an
old generation's cache entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa

log = logging.getLogger(__name__)

KEY_PREFIX = "satudata:facets"

_BUMP = sa.text(
    "INSERT INTO satudata_search_generation (id, generation) VALUES (1, gen_random_uuid()) "
    "ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation"
)
_READ = sa.text("SELECT generation FROM satudata_search_generation WHERE id = 1")


class Executor(Protocol):
    def execute(self, statement: Any, parameters: Any = ..., /) -> Any: ...


class Store(Protocol):
    def get(self, name: str) -> Any: ...

    def set(self, name: str, value: str, ex: int | None = None) -> Any: ...


def bump_generation(executor: Executor) -> None:
    """Mark the index as changed; call in the transaction that changes it."""
    executor.execute(_BUMP)


def current_generation(executor: Executor) -> str:
    return str(executor.execute(_READ).scalar() or "kosong")


def cache_key(generation: str, parts: Sequence[object]) -> str:
    digest = hashlib.sha256(json.dumps(list(parts), default=str).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{generation}:{digest}"


def load(store: Store, key: str) -> tuple[int, list[list[Any]]] | None:
    try:
        raw = store.get(key)
    except Exception as error:  # a cache outage must not break search
        log.warning("Cache facet tidak dapat dibaca: %s", error)
        return None
    if raw is None:
        return None
    value = json.loads(raw)
    return int(value["count"]), list(value["facets"])


def save(store: Store, key: str, count: int, facets: list[list[Any]], seconds: int) -> None:
    try:
        store.set(key, json.dumps({"count": count, "facets": facets}), ex=seconds)
    except Exception as error:
        log.warning("Cache facet tidak dapat ditulis: %s", error)
