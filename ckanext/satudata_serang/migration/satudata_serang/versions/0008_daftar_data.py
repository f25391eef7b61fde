"""Daftar Data: each year's list of the data each OPD must produce, the periods each
entry owes with their deadlines, and the reminders sent.

Revision ID: 0008_daftar_data
Revises: 0007_standar_data
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_daftar_data"
down_revision = "0007_standar_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_daftar",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("nama", sa.UnicodeText, nullable=False),
        sa.Column(
            "organization_id",
            sa.UnicodeText,
            sa.ForeignKey("group.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("urusan", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("frekuensi", sa.UnicodeText, nullable=False),
        sa.Column("standar", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("prioritas", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("catatan", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("dibuat_oleh", sa.UnicodeText),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diubah_pada", sa.DateTime(timezone=True), nullable=False),
    )
    # one entry per data, OPD and year (the import's key), whatever the letter case
    op.create_index(
        "satudata_daftar_nama_idx",
        "satudata_daftar",
        ["tahun", "organization_id", sa.text("lower(nama)")],
        unique=True,
    )
    op.create_table(
        "satudata_daftar_periode",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "entri_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_daftar.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("mulai", sa.Date, nullable=False),
        sa.Column("selesai", sa.Date, nullable=False),
        sa.Column("tenggat", sa.Date, nullable=False),
        sa.Column("tenggat_diubah", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("entri_id", "kode", name="satudata_daftar_periode_kode_key"),
    )
    op.create_index("satudata_daftar_periode_tenggat_idx", "satudata_daftar_periode", ["tenggat"])
    op.create_table(
        "satudata_daftar_pengingat",
        sa.Column(
            "periode_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_daftar_periode.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("jenis", sa.UnicodeText, primary_key=True),
        sa.Column("penerima", sa.UnicodeText, primary_key=True),
        sa.Column("tanda", sa.UnicodeText, primary_key=True, server_default=""),
        sa.Column("dikirim_pada", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("satudata_daftar_pengingat")
    op.drop_table("satudata_daftar_periode")
    op.drop_index("satudata_daftar_nama_idx", table_name="satudata_daftar")
    op.drop_table("satudata_daftar")
