"""Bulk-load synthetic datasets straight into CKAN's own tables.

Creating 100,000 datasets through ``package_create`` takes hours; the benchmark needs
the rows CKAN would have written, not the validation path. Rows go in with COPY, one
transaction per batch: ``package`` (custom scheming fields in its ``extras`` JSONB, as
CKAN 2.12 stores them), ``tag`` + ``package_tag``, ``resource`` and the ``member`` row
that ``package_owner_org_update`` adds for ``owner_org``. The search index is not
touched: `ckan search-index rebuild` builds it from ``package_show``, as on a real site.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
import yaml
from ckan import model

from ..demo import seed
from . import generate

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
_NAMESPACE = uuid.UUID("0b8f3a52-69d4-4f0e-a0f5-1f6c3e3f2d7a")


@dataclass(frozen=True)
class LoadReport:
    added: int
    total: int
    seconds: float


def opds() -> list[generate.Opd]:
    return generate.opds_from_document(yaml.safe_load(seed.OPD_FILE.read_text(encoding="utf-8")))


def ensure_organizations() -> dict[str, str]:
    """Create the OPDs that are missing (through CKAN's action); return name → id."""
    seed.seed_organizations()
    rows = model.Session.execute(
        sa.text("SELECT name, id FROM \"group\" WHERE is_organization AND state = 'active'")
    )
    return {str(name): str(id_) for name, id_ in rows}


def loaded_count() -> int:
    """How many generated datasets are in the database (they are loaded in index order)."""
    return int(
        model.Session.execute(
            sa.text("SELECT count(*) FROM package WHERE name ~ '-[0-9]{6}$'")
        ).scalar_one()
    )


def sample_ids() -> list[str]:
    """The id of one public and one private generated dataset."""
    rows = model.Session.execute(
        sa.text(
            "SELECT DISTINCT ON (private) id FROM package WHERE name ~ '-[0-9]{6}$' "
            "ORDER BY private, name DESC"
        )
    )
    return [str(row[0]) for row in rows]


def load(count: int, *, seed_value: int, batch_size: int = BATCH_SIZE) -> LoadReport:
    """Grow the generated datasets to ``count`` (those already loaded are kept)."""
    started = time.monotonic()
    organizations = ensure_organizations()
    creator = tk.get_action("get_site_user")({"ignore_auth": True}, {})["id"]
    first = loaded_count()
    model.Session.commit()
    if first >= count:
        return LoadReport(added=0, total=first, seconds=time.monotonic() - started)
    datasets = generate.generate(opds(), first, count, seed=seed_value)
    raw = model.meta.engine.raw_connection() if model.meta.engine else None
    if raw is None:
        raise RuntimeError("Basis data CKAN belum dikonfigurasi")
    try:
        connection = cast(Any, raw.dbapi_connection)
        tags = _existing_tags(connection)
        added = 0
        for batch in _batches(datasets, batch_size):
            with connection.cursor() as cursor:
                _insert_batch(cursor, batch, organizations, tags, creator)
            connection.commit()
            added += len(batch)
            log.info("Dataset dimuat: %d/%d", first + added, count)
        # Autovacuum would analyze these within a minute; CKAN's reads must not wait.
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE package, package_tag, tag, resource, member")
    finally:
        raw.close()
    return LoadReport(added=added, total=first + added, seconds=time.monotonic() - started)


def _batches(
    datasets: Iterable[generate.SyntheticDataset], size: int
) -> Iterator[list[generate.SyntheticDataset]]:
    batch: list[generate.SyntheticDataset] = []
    for dataset in datasets:
        batch.append(dataset)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _existing_tags(connection: Any) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, id FROM tag WHERE vocabulary_id IS NULL")
        return {str(name): str(id_) for name, id_ in cursor.fetchall()}


def _insert_batch(
    cursor: Any,
    batch: Sequence[generate.SyntheticDataset],
    organizations: dict[str, str],
    tags: dict[str, str],
    creator: str,
) -> None:
    new_tags = sorted({t for d in batch for t in d.tags if t not in tags})
    for name in new_tags:
        tags[name] = str(uuid.uuid5(_NAMESPACE, f"tag:{name}"))
    _copy(cursor, "tag", ("id", "name"), ((tags[n], n) for n in new_tags))
    _copy(
        cursor,
        "package",
        (
            "id",
            "name",
            "title",
            "notes",
            "license_id",
            "type",
            "owner_org",
            "creator_user_id",
            "metadata_created",
            "metadata_modified",
            "private",
            "state",
            "extras",
        ),
        (
            (
                d.id,
                d.name,
                d.title,
                d.notes,
                d.license_id,
                "dataset",
                organizations[d.organization],
                creator,
                d.created,
                d.modified,
                d.private,
                "active",
                json.dumps(_extras(d)),
            )
            for d in batch
        ),
    )
    _copy(
        cursor,
        "member",
        ("id", "table_name", "table_id", "capacity", "group_id", "state"),
        (
            (
                _uuid("member", d.id),
                "package",
                d.id,
                "organization",
                organizations[d.organization],
                "active",
            )
            for d in batch
        ),
    )
    _copy(
        cursor,
        "package_tag",
        ("id", "package_id", "tag_id", "state"),
        ((_uuid("package_tag", d.id, t), d.id, tags[t], "active") for d in batch for t in d.tags),
    )
    _copy(
        cursor,
        "resource",
        (
            "id",
            "package_id",
            "url",
            "format",
            "description",
            "position",
            "name",
            "created",
            "metadata_modified",
            "state",
            "mimetype",
        ),
        (
            (
                r.id,
                d.id,
                r.url,
                r.format,
                r.description,
                r.position,
                r.name,
                d.created,
                d.modified,
                "active",
                _MIMETYPES.get(r.format),
            )
            for d in batch
            for r in d.resources
        ),
    )


def _extras(dataset: generate.SyntheticDataset) -> dict[str, str]:
    # CKAN 2.12 keeps custom (scheming) fields in package.extras, every value a string.
    return {
        "topik": dataset.topik,
        "frekuensi": dataset.frekuensi,
        "tahun_mulai": str(dataset.tahun_mulai),
        "tahun_selesai": str(dataset.tahun_selesai),
        "ukuran": dataset.ukuran,
        "satuan": dataset.satuan,
    }


_MIMETYPES = {
    "CSV": "text/csv",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JSON": "application/json",
    "PDF": "application/pdf",
    "SHP": "application/zip",
}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, ":".join(parts)))


def _copy(
    cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    buffer = io.StringIO()
    # In CSV format an unquoted empty field is NULL: None is written as exactly that.
    csv.writer(buffer).writerows(rows)
    if not buffer.tell():
        return
    buffer.seek(0)
    cursor.copy_expert(
        f'COPY "{table}" ({", ".join(columns)}) FROM STDIN WITH (FORMAT csv)', buffer
    )
