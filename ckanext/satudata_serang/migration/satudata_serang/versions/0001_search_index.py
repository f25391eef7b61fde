"""PostgreSQL search index tables.

Revision ID: 0001_search_index
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

revision = "0001_search_index"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_search_entry",
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
    )
    op.execute(
        "ALTER TABLE satudata_search_entry ALTER COLUMN search_vector SET STORAGE MAIN, "
        "SET (toast_tuple_target = 8160)"
    )
    op.create_index(
        "satudata_search_entry_tokens_idx", "satudata_search_entry", ["tokens"], postgresql_using="gin"
    )
    op.create_index(
        "satudata_search_entry_vector_idx",
        "satudata_search_entry",
        ["search_vector"],
        postgresql_using="gin",
    )
    op.create_index(
        "satudata_search_entry_labels_idx",
        "satudata_search_entry",
        ["permission_labels"],
        postgresql_using="gin",
    )
    op.create_index(
        "satudata_search_entry_name_idx",
        "satudata_search_entry",
        ["name"],
        postgresql_ops={"name": "text_pattern_ops"},
    )
    op.create_index(
        "satudata_search_entry_modified_idx", "satudata_search_entry", ["metadata_modified"]
    )
    op.create_table(
        "satudata_search_document",
        sa.Column(
            "id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_search_entry.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("fields", JSONB, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("satudata_search_document")
    op.drop_table("satudata_search_entry")
