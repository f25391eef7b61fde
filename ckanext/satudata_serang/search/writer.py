"""Write index rows with the caller's SQLAlchemy connection or session.

Index writes run in the same database transaction as the dataset change that caused
them: if the request fails and rolls back, the index rolls back with it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa

from .document import IndexDocument
from .facet_cache import bump_generation


class Executor(Protocol):
    def execute(self, statement: Any, parameters: Any = ..., /) -> Any: ...


_UPSERT_ENTRY = sa.text(
    """
    INSERT INTO satudata_search_entry (
        id, name, dataset_type, state, capacity, permission_labels,
        metadata_created, metadata_modified, title_sort, tokens, search_vector)
    VALUES (
        :id, :name, :dataset_type, :state, :capacity, :permission_labels,
        :metadata_created, :metadata_modified, :title_sort, :tokens,
        setweight(to_tsvector(CAST(:config AS regconfig), :text_title), 'A')
        || setweight(to_tsvector(CAST(:config AS regconfig), :text_tags), 'B')
        || setweight(to_tsvector(CAST(:config AS regconfig), :text_notes), 'C')
        || setweight(to_tsvector(CAST(:config AS regconfig), :text_other), 'D'))
    ON CONFLICT (id) DO UPDATE SET
        name = EXCLUDED.name,
        dataset_type = EXCLUDED.dataset_type,
        state = EXCLUDED.state,
        capacity = EXCLUDED.capacity,
        permission_labels = EXCLUDED.permission_labels,
        metadata_created = EXCLUDED.metadata_created,
        metadata_modified = EXCLUDED.metadata_modified,
        title_sort = EXCLUDED.title_sort,
        tokens = EXCLUDED.tokens,
        search_vector = EXCLUDED.search_vector
    """
)
_UPSERT_DOCUMENT = sa.text(
    """
    INSERT INTO satudata_search_document (id, fields) VALUES (:id, CAST(:fields AS jsonb))
    ON CONFLICT (id) DO UPDATE SET fields = EXCLUDED.fields
    """
)


def write_documents(
    executor: Executor, documents: Sequence[IndexDocument], text_config: str
) -> None:
    if not documents:
        return
    executor.execute(_UPSERT_ENTRY, [_entry_params(doc, text_config) for doc in documents])
    executor.execute(
        _UPSERT_DOCUMENT,
        [{"id": doc.id, "fields": json.dumps(doc.fields, default=str)} for doc in documents],
    )
    bump_generation(executor)


def delete_documents(executor: Executor, reference: str) -> None:
    """Remove the entry of a dataset given its id or name (its document cascades)."""
    executor.execute(
        sa.text("DELETE FROM satudata_search_entry WHERE id = :ref OR name = :ref"),
        {"ref": reference},
    )
    bump_generation(executor)


def delete_all(executor: Executor) -> None:
    executor.execute(sa.text("DELETE FROM satudata_search_entry"))
    bump_generation(executor)


def _entry_params(doc: IndexDocument, text_config: str) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "dataset_type": doc.dataset_type,
        "state": doc.state,
        "capacity": doc.capacity,
        "permission_labels": list(doc.permission_labels),
        "metadata_created": doc.metadata_created,
        "metadata_modified": doc.metadata_modified,
        "title_sort": doc.title_sort,
        "tokens": list(doc.tokens),
        "config": text_config,
        "text_title": _clean(doc.text_title),
        "text_tags": _clean(doc.text_tags),
        "text_notes": _clean(doc.text_notes),
        "text_other": _clean(doc.text_other),
    }


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL; a hostile title must not break indexing.
    return text.replace("\x00", " ")
