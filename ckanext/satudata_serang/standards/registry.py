"""The standards and their versions in the database: create, change (a published
version is never changed: the change becomes the next version), publish, withdraw.
Who may do it is the actions' auth; this module keeps the versioning rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from ckan import model

from . import schema
from .models import BERLAKU, DICABUT, DRAF, Standar, now


class StandarError(Exception):
    """A request the versioning rules refuse; ``code`` names why (the actions word
    it for people): tidak_ada, kode_dipakai, bukan_draf, bukan_berlaku."""

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}


def versions(kode: str, statuses: tuple[str, ...] | None = None) -> list[Standar]:
    """The standard's versions, newest first (only those of ``statuses``)."""
    query = sa.select(Standar).where(Standar.kode == kode).order_by(Standar.versi.desc())
    if statuses is not None:
        query = query.where(Standar.status.in_(statuses))
    return list(model.Session.scalars(query))


def get(kode: str, versi: int | None = None, statuses: tuple[str, ...] | None = None) -> Standar:
    """A version (the newest of ``statuses`` when ``versi`` is None); StandarError
    tidak_ada when there is none."""
    for found in versions(kode, statuses):
        if versi is None or found.versi == versi:
            return found
    raise StandarError("tidak_ada", {"kode": kode, "versi": versi})


def find(ref: str) -> Standar | None:
    """The version a ``kode@versi`` names, whatever its status."""
    parsed = schema.parse_ref(ref)
    if parsed is None:
        return None
    return model.Session.scalars(
        sa.select(Standar).where(Standar.kode == parsed[0], Standar.versi == parsed[1])
    ).first()


def listing(statuses: tuple[str, ...]) -> list[Standar]:
    """The newest version of ``statuses`` of every standard, by code."""
    newest = (
        sa.select(Standar.kode, sa.func.max(Standar.versi).label("versi"))
        .where(Standar.status.in_(statuses))
        .group_by(Standar.kode)
        .subquery()
    )
    query = (
        sa.select(Standar)
        .join(newest, sa.and_(Standar.kode == newest.c.kode, Standar.versi == newest.c.versi))
        .order_by(Standar.kode)
    )
    return list(model.Session.scalars(query))


def published() -> list[Standar]:
    """Every berlaku version, by code then newest first (what may be attached)."""
    query = (
        sa.select(Standar)
        .where(Standar.status == BERLAKU)
        .order_by(Standar.kode, Standar.versi.desc())
    )
    return list(model.Session.scalars(query))


def create(
    kode: str, judul: str, deskripsi: str, skema: Mapping[str, Any], user_id: str | None
) -> Standar:
    """Version 1 of a new standard, as a draft."""
    if versions(kode):
        raise StandarError("kode_dipakai", {"kode": kode})
    standar = Standar(
        kode=kode,
        versi=1,
        judul=judul,
        deskripsi=deskripsi,
        skema=dict(skema),
        status=DRAF,
        dibuat_oleh=user_id,
    )
    model.Session.add(standar)
    model.Session.flush()
    return standar


def _same(standar: Standar, judul: str, deskripsi: str, skema: Mapping[str, Any]) -> bool:
    return (standar.judul, standar.deskripsi, standar.skema) == (judul, deskripsi, dict(skema))


def update(
    kode: str,
    user_id: str | None,
    judul: str | None = None,
    deskripsi: str | None = None,
    skema: Mapping[str, Any] | None = None,
) -> tuple[Standar, bool]:
    """Change the standard: its draft in place, else a new draft version made from
    the newest version (nothing when the change changes nothing). Returns the
    version and whether it is a new one."""
    existing = versions(kode)
    if not existing:
        raise StandarError("tidak_ada", {"kode": kode})
    latest = existing[0]
    judul = latest.judul if judul is None else judul
    deskripsi = latest.deskripsi if deskripsi is None else deskripsi
    skema = latest.skema if skema is None else skema
    if latest.status == DRAF:
        latest.judul, latest.deskripsi, latest.skema = judul, deskripsi, dict(skema)
        latest.diubah_pada = now()
        return latest, False
    if _same(latest, judul, deskripsi, skema):
        return latest, False
    draft = Standar(
        kode=kode,
        versi=latest.versi + 1,
        judul=judul,
        deskripsi=deskripsi,
        skema=dict(skema),
        status=DRAF,
        dibuat_oleh=user_id,
    )
    model.Session.add(draft)
    model.Session.flush()
    return draft, True


def publish(kode: str, versi: int | None = None) -> Standar:
    """The draft (or the named version, which must be the draft) becomes berlaku."""
    draft = get(kode, versi)
    if draft.status != DRAF:
        raise StandarError("bukan_draf", {"kode": kode, "versi": draft.versi})
    draft.status = BERLAKU
    draft.berlaku_pada = draft.diubah_pada = now()
    return draft


def withdraw(kode: str, versi: int) -> Standar:
    """A berlaku version is withdrawn: no longer offered nor listed publicly.
    Resources already attached to it keep being checked against it."""
    found = get(kode, versi)
    if found.status != BERLAKU:
        raise StandarError("bukan_berlaku", {"kode": kode, "versi": versi})
    found.status = DICABUT
    found.dicabut_pada = found.diubah_pada = now()
    return found


def import_document(
    document: Mapping[str, Any], user_id: str | None, publish_now: bool = False
) -> tuple[Standar, str]:
    """A standard from a file (``schema.read_document``'s result): a new standard,
    its draft changed, a new version, or nothing when the newest version is the
    same. Returns the version and what happened: dibuat, diperbarui, versi_baru or
    tidak_berubah (with ``publish_now``, a resulting draft is published)."""
    kode = document["kode"]
    if not versions(kode):
        standar = create(kode, document["judul"], document["deskripsi"], document["skema"], user_id)
        outcome = "dibuat"
    else:
        before = versions(kode)[0]
        was_draft = before.status == DRAF
        unchanged = not was_draft and _same(
            before, document["judul"], document["deskripsi"], document["skema"]
        )
        standar, new = update(
            kode, user_id, document["judul"], document["deskripsi"], document["skema"]
        )
        outcome = "tidak_berubah" if unchanged else "versi_baru" if new else "diperbarui"
    if publish_now and standar.status == DRAF:
        publish(kode, standar.versi)
    return standar, outcome


def as_dict(standar: Standar, with_history: list[Standar] | None = None) -> dict[str, Any]:
    """A version as the API gives it."""
    shown: dict[str, Any] = {
        "kode": standar.kode,
        "versi": standar.versi,
        "ref": schema.ref(standar.kode, standar.versi),
        "judul": standar.judul,
        "deskripsi": standar.deskripsi,
        "status": standar.status,
        "skema": standar.skema,
        "kolom": schema.describe(standar.skema),
        "dibuat_pada": standar.dibuat_pada.isoformat(),
        "diubah_pada": standar.diubah_pada.isoformat(),
        "berlaku_pada": standar.berlaku_pada.isoformat() if standar.berlaku_pada else None,
        "dicabut_pada": standar.dicabut_pada.isoformat() if standar.dicabut_pada else None,
    }
    if with_history is not None:
        shown["versi_lain"] = [
            {
                "versi": other.versi,
                "status": other.status,
                "berlaku_pada": other.berlaku_pada.isoformat() if other.berlaku_pada else None,
            }
            for other in with_history
        ]
    return shown
