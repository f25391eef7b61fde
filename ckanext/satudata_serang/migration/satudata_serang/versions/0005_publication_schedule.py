"""Scheduled publication of approved datasets.

Revision ID: 0005_publication_schedule
Revises: 0004_revision
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_publication_schedule"
down_revision = "0004_revision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The database, not the job queue, is the schedule: a lost queue is re-armed from it.
    op.create_table(
        "satudata_publication_schedule",
        sa.Column(
            "package_id",
            sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scheduled_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "satudata_publication_schedule_release_idx",
        "satudata_publication_schedule",
        ["release_at"],
    )


def downgrade() -> None:
    op.drop_table("satudata_publication_schedule")
