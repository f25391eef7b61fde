"""Data-structure standards (Table Schema, versioned) and the validation of resources
against them.

A standard is one row per version: ``draf`` while the walidata edits it, ``berlaku``
once published (never changed again: a change makes the next version), ``dicabut``
when withdrawn. A resource has at most one validation result, for its current file.

Revision ID: 0007_standar_data
Revises: 0006_package_name_prefix
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007_standar_data"
down_revision = "0006_package_name_prefix"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_standar",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("judul", sa.UnicodeText, nullable=False),
        sa.Column("deskripsi", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("skema", JSONB, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("dibuat_oleh", sa.UnicodeText),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diubah_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("berlaku_pada", sa.DateTime(timezone=True)),
        sa.Column("dicabut_pada", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("kode", "versi", name="satudata_standar_kode_versi_key"),
        sa.CheckConstraint(
            "status IN ('draf', 'berlaku', 'dicabut')", name="satudata_standar_status_check"
        ),
    )
    # At most one draft per standard: the walidata edit one next version at a time.
    op.create_index(
        "satudata_standar_one_draft_idx",
        "satudata_standar",
        ["kode"],
        unique=True,
        postgresql_where=sa.text("status = 'draf'"),
    )
    op.create_table(
        "satudata_validasi",
        sa.Column(
            "resource_id",
            sa.UnicodeText,
            sa.ForeignKey("resource.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "package_id",
            sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("sidik", sa.UnicodeText, nullable=False),
        sa.Column("sha256", sa.UnicodeText),
        sa.Column("baris", sa.Integer),
        sa.Column("jumlah_galat", sa.Integer),
        sa.Column("laporan", JSONB),
        sa.Column("pesan", sa.UnicodeText),
        sa.Column("diantrekan_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diperiksa_pada", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "status IN ('antri', 'berjalan', 'lulus', 'gagal', 'galat')",
            name="satudata_validasi_status_check",
        ),
    )
    op.create_index("satudata_validasi_package_idx", "satudata_validasi", ["package_id"])


def downgrade() -> None:
    op.drop_table("satudata_validasi")
    op.drop_table("satudata_standar")
