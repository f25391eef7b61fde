"""The Daftar Data in the database: entries with their periods, written all or
nothing; the datasets linked to them. Who may do it is the actions' auth."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from ckan import model

from .. import vocabulary
from ..standards.models import Standar
from . import periods
from .models import Entri, Periode, now
from .values import EntryValues, Known

LINK_FIELD = "daftar_data"  # the dataset's link to its entry (an extra)
PERIOD_FIELD = "periode_data"  # what a resource holds (a period code)


class DaftarError(Exception):
    """A request the Daftar Data refuses: ``code`` is tidak_ada or sudah_ada."""

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}


def known() -> Known:
    """The OPDs (by id, name, singkatan and title, lower case too), urusan,
    frekuensi and standards an entry may name."""
    organizations: dict[str, str] = {}
    group = model.group_table
    rows = model.Session.execute(
        sa.select(
            group.c.id, group.c.name, group.c.title, group.c.extras["singkatan"].astext
        ).where(group.c.is_organization.is_(True), group.c.state == "active")
    )
    for group_id, name, title, singkatan in rows:
        for key in (group_id, name, singkatan or "", title or ""):
            if key:
                organizations.setdefault(key, group_id)
                organizations.setdefault(key.lower(), group_id)
    standards = {str(k) for k in model.Session.scalars(sa.select(Standar.kode).distinct())}
    return Known(
        organizations,
        {t.code for t in vocabulary.get("urusan").terms},
        {t.code for t in vocabulary.get("frekuensi").terms},
        standards,
    )


def get(entri_id: str) -> Entri:
    found = model.Session.get(Entri, entri_id)
    if found is None:
        raise DaftarError("tidak_ada", {"id": entri_id})
    return found


def same_name(values: EntryValues, other_than: str | None = None) -> Entri | None:
    """The entry of the same data (nama, any letter case), OPD and year, if any."""
    query = sa.select(Entri).where(
        Entri.tahun == values.tahun,
        Entri.organization_id == values.organization_id,
        sa.func.lower(Entri.nama) == values.nama.lower(),
    )
    if other_than:
        query = query.where(Entri.id != other_than)
    return model.Session.scalars(query).first()


def _apply(entri: Entri, values: EntryValues) -> None:
    entri.tahun, entri.nama = values.tahun, values.nama
    entri.organization_id, entri.frekuensi = values.organization_id, values.frekuensi
    entri.urusan, entri.standar = values.urusan, values.standar
    entri.prioritas, entri.catatan = values.prioritas, values.catatan
    entri.diubah_pada = now()
    kept = {p.kode: p for p in entri.periode}
    wanted = values.periods()
    for period, deadline, moved in wanted:
        row = kept.pop(period.code, None)
        if row is None:
            row = Periode(kode=period.code)
            entri.periode.append(row)
        row.mulai, row.selesai = period.start, period.end
        row.tenggat, row.tenggat_diubah = deadline, moved
    for gone in kept.values():
        entri.periode.remove(gone)


def create(values: EntryValues, user: str | None) -> Entri:
    """A new entry (not committed); DaftarError sudah_ada for a second entry of the
    same data, OPD and year."""
    if same_name(values) is not None:
        raise DaftarError("sudah_ada", {"nama": values.nama, "tahun": values.tahun})
    entri = Entri(dibuat_oleh=user, dibuat_pada=now())
    _apply(entri, values)
    model.Session.add(entri)
    return entri


def update(entri: Entri, values: EntryValues) -> Entri:
    if same_name(values, other_than=entri.id) is not None:
        raise DaftarError("sudah_ada", {"nama": values.nama, "tahun": values.tahun})
    _apply(entri, values)
    return entri


def delete(entri: Entri) -> None:
    """The entry goes; datasets linked to it keep their (now dangling) link, which
    reads as no link."""
    model.Session.delete(entri)


def values_of(entri: Entri) -> EntryValues:
    return EntryValues(
        tahun=entri.tahun,
        nama=entri.nama,
        organization_id=entri.organization_id,
        frekuensi=entri.frekuensi,
        urusan=entri.urusan,
        standar=entri.standar,
        prioritas=entri.prioritas,
        catatan=entri.catatan,
        tenggat={p.kode: p.tenggat for p in entri.periode if p.tenggat_diubah},
    )


def copy_year(source: int, target: int, user: str | None) -> tuple[list[Entri], int]:
    """The entries of ``source`` again for ``target`` (moved deadlines moved by as
    many years); entries already there are skipped (their count is returned)."""
    copied: list[Entri] = []
    skipped = 0
    for entri in listing(tahun=source):
        values = values_of(entri)
        values.tahun = target
        values.tenggat = {}
        owed = {p.code: p for p in periods.periods_of_year(entri.frekuensi, target)}
        for row in entri.periode:
            if row.tenggat_diubah:
                code = _same_period_in(row.kode, source, target)
                if code in owed:
                    values.tenggat[code] = periods.shifted(row.tenggat, target - source)
        if same_name(values) is not None:
            skipped += 1
            continue
        copied.append(create(values, user))
    return copied, skipped


def _same_period_in(code: str, source: int, target: int) -> str:
    """2026-T1 → 2027-T1; 2025-2026 → 2026-2027."""
    period = periods.parse(code)
    if period is None:
        return code
    if code.count("-") == 1 and code[5:].isdigit() and len(code) == 9:  # two years
        return f"{int(code[:4]) + target - source}-{int(code[5:]) + target - source}"
    return str(int(code[:4]) + target - source) + code[4:]


def listing(
    tahun: int | None = None,
    organization_ids: Sequence[str] | None = None,
    urusan: str | None = None,
    prioritas: bool | None = None,
) -> list[Entri]:
    query = sa.select(Entri).order_by(Entri.tahun.desc(), Entri.nama)
    if tahun is not None:
        query = query.where(Entri.tahun == tahun)
    if organization_ids is not None:
        query = query.where(Entri.organization_id.in_(list(organization_ids)))
    if urusan:
        query = query.where(Entri.urusan == urusan)
    if prioritas is not None:
        query = query.where(Entri.prioritas.is_(prioritas))
    return list(model.Session.scalars(query))


def years() -> list[int]:
    return [
        int(y)
        for y in model.Session.scalars(
            sa.select(Entri.tahun).distinct().order_by(Entri.tahun.desc())
        )
    ]


def linked_datasets(entri_ids: Iterable[str]) -> dict[str, list[str]]:
    """The active datasets linked to each entry (ids), by entry."""
    ids = list(entri_ids)
    if not ids:
        return {}
    link = model.Package.extras[LINK_FIELD].astext
    rows = model.Session.execute(
        sa.select(link, model.Package.id)
        .where(
            link.in_(ids),
            model.Package.state == "active",
            model.Package.type == "dataset",
        )
        .order_by(model.Package.name)
    )
    linked: dict[str, list[str]] = {}
    for entri_id, package_id in rows:
        linked.setdefault(str(entri_id), []).append(str(package_id))
    return linked
