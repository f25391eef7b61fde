"""Index generation counter for the facet cache.

Revision ID: 0002_search_generation
Revises: 0001_search_index
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0002_search_generation"
down_revision = "0001_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_search_generation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("generation", UUID(as_uuid=False), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("satudata_search_generation")
