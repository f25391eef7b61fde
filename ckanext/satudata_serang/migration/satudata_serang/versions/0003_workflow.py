"""Verification workflow: events and completeness checks.

Revision ID: 0003_workflow
Revises: 0002_search_generation
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003_workflow"
down_revision = "0002_search_generation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_workflow_event",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "package_id",
            sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("actor_id", sa.UnicodeText),
        sa.Column("step", sa.UnicodeText, nullable=False),
        sa.Column("from_status", sa.UnicodeText, nullable=False),
        sa.Column("to_status", sa.UnicodeText, nullable=False),
        sa.Column("note", sa.UnicodeText),
        sa.Column("details", JSONB),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "satudata_workflow_event_package_idx", "satudata_workflow_event", ["package_id", "created"]
    )
    op.create_table(
        "satudata_completeness",
        sa.Column(
            "package_id",
            sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("result", JSONB, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("checked_by", sa.UnicodeText),
        sa.Column("checked", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("satudata_completeness")
    op.drop_table("satudata_workflow_event")
