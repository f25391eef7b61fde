"""Pending revisions of published datasets.

Revision ID: 0004_revision
Revises: 0003_workflow
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004_revision"
down_revision = "0003_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_revision",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "package_id",
            sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("decided", sa.DateTime(timezone=True)),
        sa.Column("note", sa.UnicodeText),
    )
    # At most one revision waits per dataset; a new edit replaces it.
    op.create_index(
        "satudata_revision_waiting_idx",
        "satudata_revision",
        ["package_id"],
        unique=True,
        postgresql_where=sa.text("status = 'menunggu'"),
    )


def downgrade() -> None:
    op.drop_table("satudata_revision")
