"""The tables of the Daftar Data (migration 0008_daftar_data)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship


def now() -> datetime:
    return datetime.now(UTC)


class Entri(tk.BaseModel):
    """One line of a year's Daftar Data: a data an OPD must produce."""

    __tablename__ = "satudata_daftar"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=make_uuid)
    tahun: Mapped[int] = mapped_column(sa.Integer)
    nama: Mapped[str] = mapped_column(sa.UnicodeText)
    organization_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("group.id", ondelete="CASCADE")
    )
    urusan: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    frekuensi: Mapped[str] = mapped_column(sa.UnicodeText)
    standar: Mapped[str] = mapped_column(sa.UnicodeText, default="")  # a standard's kode
    prioritas: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    catatan: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    dibuat_oleh: Mapped[str | None] = mapped_column(sa.UnicodeText)
    dibuat_pada: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    diubah_pada: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    periode: Mapped[list[Periode]] = relationship(
        "Periode",
        order_by="Periode.mulai",
        cascade="all, delete-orphan",
        back_populates="entri",
    )


class Periode(tk.BaseModel):
    """A period an entry owes, and the day its data is due."""

    __tablename__ = "satudata_daftar_periode"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=make_uuid)
    entri_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("satudata_daftar.id", ondelete="CASCADE")
    )
    kode: Mapped[str] = mapped_column(sa.UnicodeText)
    mulai: Mapped[date] = mapped_column(sa.Date)
    selesai: Mapped[date] = mapped_column(sa.Date)
    tenggat: Mapped[date] = mapped_column(sa.Date)
    tenggat_diubah: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    entri: Mapped[Entri] = relationship("Entri", back_populates="periode")


class Pengingat(tk.BaseModel):
    """A reminder sent: one per period, kind, address and (for a return) the return,
    so the daily job never sends the same one twice."""

    __tablename__ = "satudata_daftar_pengingat"

    periode_id: Mapped[str] = mapped_column(
        sa.UnicodeText,
        sa.ForeignKey("satudata_daftar_periode.id", ondelete="CASCADE"),
        primary_key=True,
    )
    jenis: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    penerima: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    tanda: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default="")
    dikirim_pada: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
