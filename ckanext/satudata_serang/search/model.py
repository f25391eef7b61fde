"""Tables of the PostgreSQL search index.

``satudata_search_entry`` is the narrow, hot table every search scans: filters,
permission labels, sort keys, exact-match tokens and the weighted tsvector. It is kept
inline in the heap (no TOAST) because ranking re-reads the vector of every match.
``satudata_search_document`` holds the full Solr-style document (``fl`` output,
ranges and sorts on rarely used fields), read only for the page being returned.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

metadata = BaseModel.metadata

search_entry = sa.Table(
    "satudata_search_entry",
    metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("name", sa.UnicodeText, nullable=False),
    sa.Column("dataset_type", sa.UnicodeText, nullable=False),
    sa.Column("state", sa.UnicodeText, nullable=False),
    sa.Column("capacity", sa.UnicodeText, nullable=False),
    sa.Column("permission_labels", ARRAY(sa.UnicodeText), nullable=False),
    sa.Column("metadata_created", sa.DateTime(timezone=True)),
    sa.Column("metadata_modified", sa.DateTime(timezone=True)),
    sa.Column("title_sort", sa.UnicodeText, nullable=False),
    sa.Column("tokens", ARRAY(sa.UnicodeText), nullable=False),
    sa.Column("search_vector", TSVECTOR, nullable=False),
    sa.Index("satudata_search_entry_tokens_idx", "tokens", postgresql_using="gin"),
    sa.Index("satudata_search_entry_vector_idx", "search_vector", postgresql_using="gin"),
    sa.Index("satudata_search_entry_labels_idx", "permission_labels", postgresql_using="gin"),
    sa.Index("satudata_search_entry_name_idx", "name", postgresql_ops={"name": "text_pattern_ops"}),
    sa.Index("satudata_search_entry_modified_idx", "metadata_modified"),
)

search_document = sa.Table(
    "satudata_search_document",
    metadata,
    sa.Column(
        "id",
        sa.UnicodeText,
        sa.ForeignKey("satudata_search_entry.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("fields", JSONB, nullable=False),
)

# Bumped in the same transaction as every index change (see facet_cache).
search_generation = sa.Table(
    "satudata_search_generation",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("generation", UUID(as_uuid=False), nullable=False),
)

# The vector should stay in the heap page: MAIN storage compresses before moving
# anything out of line, and toast_tuple_target lets rows up to a page stay inline.
# SQLAlchemy has no DDL for either, so they run after CREATE TABLE.
INLINE_VECTOR_DDL = (
    "ALTER TABLE satudata_search_entry ALTER COLUMN search_vector SET STORAGE MAIN, "
    "SET (toast_tuple_target = 8160)"
)
event.listen(search_entry, "after_create", sa.DDL(INLINE_VECTOR_DDL))
