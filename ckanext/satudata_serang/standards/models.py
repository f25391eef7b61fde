"""The tables of the standards (migration 0007_standar_data)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

DRAF = "draf"
BERLAKU = "berlaku"
DICABUT = "dicabut"

ANTRI = "antri"
BERJALAN = "berjalan"
LULUS = "lulus"
GAGAL = "gagal"
GALAT = "galat"


def now() -> datetime:
    return datetime.now(UTC)


class Standar(tk.BaseModel):
    """One version of a data-structure standard. A ``berlaku`` (published) version is
    never changed: a change makes the next version, a ``draf`` until published."""

    __tablename__ = "satudata_standar"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=make_uuid)
    kode: Mapped[str] = mapped_column(sa.UnicodeText)
    versi: Mapped[int] = mapped_column(sa.Integer)
    judul: Mapped[str] = mapped_column(sa.UnicodeText)
    deskripsi: Mapped[str] = mapped_column(sa.UnicodeText, default="")
    skema: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(sa.UnicodeText, default=DRAF)
    dibuat_oleh: Mapped[str | None] = mapped_column(sa.UnicodeText)
    dibuat_pada: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    diubah_pada: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    berlaku_pada: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    dicabut_pada: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class Validasi(tk.BaseModel):
    """A resource's last check against its standard. ``sidik`` identifies the file
    it was queued for (an upload's size and time on disk, a link's URL); a result is
    kept only while the resource still has that file and standard."""

    __tablename__ = "satudata_validasi"

    resource_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE")
    )
    kode: Mapped[str] = mapped_column(sa.UnicodeText)
    versi: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.UnicodeText, default=ANTRI)
    sidik: Mapped[str] = mapped_column(sa.UnicodeText)
    sha256: Mapped[str | None] = mapped_column(sa.UnicodeText)
    baris: Mapped[int | None] = mapped_column(sa.Integer)
    jumlah_galat: Mapped[int | None] = mapped_column(sa.Integer)
    laporan: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    pesan: Mapped[str | None] = mapped_column(sa.UnicodeText)
    diantrekan_pada: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    diperiksa_pada: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    @property
    def standar(self) -> str:
        return f"{self.kode}@{self.versi}"
