"""Actions of the Daftar Data; registered through logic/action.py. Who may call each
is in daftar/auth.py. Deadlines and "today" are days in Kota Serang (WIB)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NoReturn, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search
from ckan.types import Context, DataDict

from . import periods, registry, tracking, values
from .auth import manages_daftar, readable_organizations
from .fulfilment import PeriodState, State
from .models import Entri
from .periods import today

FIELDS = ("tahun", "nama", "organization", "urusan", "frekuensi", "standar", "prioritas", "catatan", "tenggat")  # fmt: skip


def _refuse(error: registry.DaftarError) -> NoReturn:
    if error.code == "tidak_ada":
        raise tk.ObjectNotFound("Entri Daftar Data tidak ditemukan.")
    raise tk.ValidationError(
        {
            "nama": [
                "{nama} sudah ada dalam Daftar Data {tahun} OPD ini.".format(
                    nama=error.params.get("nama"), tahun=error.params.get("tahun")
                )
            ]
        }
    )


def _int(data_dict: DataDict, key: str) -> int | None:
    value = data_dict.get(key)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise tk.ValidationError({key: [f"“{value}” bukan tahun."]}) from None


def _organizations(ids: set[str]) -> dict[str, model.Group]:
    if not ids:
        return {}
    found = model.Session.query(model.Group).filter(model.Group.id.in_(list(ids))).all()
    return {g.id: g for g in found}


def _visible(context: Context, package_ids: list[str]) -> list[dict[str, str]]:
    """The linked datasets the user may see (name, title)."""
    shown: list[dict[str, str]] = []
    for package_id in package_ids:
        try:
            tk.check_access("package_show", cast(Context, dict(context)), {"id": package_id})
        except tk.NotAuthorized:
            continue
        package = model.Package.get(package_id)
        if package is not None:
            shown.append({"id": package.id, "name": package.name, "title": package.title or ""})
    return shown


def _period_dict(row: Any, state: PeriodState, visible: set[str]) -> dict[str, Any]:
    period = periods.parse(row.kode)
    return {
        "id": row.id,
        "kode": row.kode,
        "label": period.label if period else row.kode,
        "mulai": row.mulai.isoformat(),
        "selesai": row.selesai.isoformat(),
        "tenggat": row.tenggat.isoformat(),
        "tenggat_diubah": row.tenggat_diubah,
        "status": state.state.value,
        "dikembalikan": state.returned,
        "dataset": [d for d in state.datasets if d in visible],
    }


def _entry_dicts(context: Context, entries: list[Entri], day: date) -> list[dict[str, Any]]:
    found = tracking.states(entries, day)
    groups = _organizations({e.organization_id for e in entries})
    result: list[dict[str, Any]] = []
    for item in found:
        entri = item.entri
        datasets = _visible(context, item.datasets)
        visible = {d["id"] for d in datasets}
        group = groups.get(entri.organization_id)
        tally = tracking.Tally()
        for row in entri.periode:
            tally.add(item.states[row.id], row.tenggat < day)
        result.append(
            {
                "id": entri.id,
                "tahun": entri.tahun,
                "nama": entri.nama,
                "organization": {
                    "id": entri.organization_id,
                    "name": group.name if group else "",
                    "title": group.title if group else "",
                },
                "urusan": entri.urusan,
                "frekuensi": entri.frekuensi,
                "standar": entri.standar,
                "prioritas": entri.prioritas,
                "catatan": entri.catatan,
                "dataset": datasets,
                "periode": [_period_dict(r, item.states[r.id], visible) for r in entri.periode],
                "ringkasan": tally.as_dict(),
            }
        )
    return result


def _flag(data_dict: DataDict, key: str) -> bool | None:
    if data_dict.get(key) in (None, ""):
        return None
    flag = values.read_flag(data_dict.get(key))
    if flag is None:
        raise tk.ValidationError({key: ["Diisi ya atau tidak."]})
    return flag


def _scope(context: Context, data_dict: DataDict) -> list[str] | None:
    """The OPDs asked for, within those the user may read (None: all)."""
    readable = readable_organizations(context)
    asked = str(data_dict.get("organization") or "")
    if not asked:
        return readable
    organization_id = registry.known().organizations.get(asked)
    if organization_id is None:
        raise tk.ObjectNotFound("OPD tidak ditemukan.")
    if readable is not None and organization_id not in readable:
        raise tk.NotAuthorized("Daftar Data OPD lain tidak dapat dibaca.")
    return [organization_id]


@tk.side_effect_free
def satudata_daftar_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The entries of the Daftar Data, each with its periods and where they stand.

    Who: see satudata_daftar_list in daftar/auth.py.

    :param tahun: the year (optional)
    :param organization: an OPD's id, name or singkatan (optional)
    :param urusan: an urusan code (optional)
    :param prioritas: only data prioritas (true) or only the others (false)
    :returns: entries: tahun, nama, organization, urusan, frekuensi, standar,
        prioritas, catatan, dataset (linked, those the user may see), periode
        (kode, label, tenggat, status: terpenuhi, diajukan, terlambat, dikembalikan or
        belum) and ringkasan (the tally)
    """
    tk.check_access("satudata_daftar_list", context, data_dict)
    entries = registry.listing(
        tahun=_int(data_dict, "tahun"),
        organization_ids=_scope(context, data_dict),
        urusan=str(data_dict.get("urusan") or "") or None,
        prioritas=_flag(data_dict, "prioritas"),
    )
    return _entry_dicts(context, entries, today())


def _readable(context: Context, entri: Entri) -> None:
    readable = readable_organizations(context)
    if readable is not None and entri.organization_id not in readable:
        raise tk.NotAuthorized("Daftar Data OPD lain tidak dapat dibaca.")


@tk.side_effect_free
def satudata_daftar_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One entry, as in satudata_daftar_list.

    :param id: the entry's id
    """
    tk.check_access("satudata_daftar_show", context, data_dict)
    try:
        entri = registry.get(str(tk.get_or_bust(data_dict, "id")))
    except registry.DaftarError as error:
        _refuse(error)
    _readable(context, entri)
    return _entry_dicts(context, [entri], today())[0]


def _user(context: Context) -> str | None:
    return cast(str | None, context.get("user"))


def _checked(raw: dict[str, Any]) -> values.EntryValues:
    checked, errors = values.check(raw, registry.known())
    if checked is None:
        raise tk.ValidationError(cast(Any, errors))
    return checked


def satudata_daftar_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A new entry; its periods and deadlines follow from tahun and frekuensi.

    Who: the walidata.

    :param tahun: the year of the Daftar Data
    :param nama: nama data
    :param organization: the OPD produsen (id, name or singkatan)
    :param frekuensi: a frekuensi code (tahunan, triwulanan, …)
    :param urusan: an urusan code (optional)
    :param standar: the code of the data-structure standard to follow (optional)
    :param prioritas: data prioritas (optional, false)
    :param catatan: notes (optional)
    :param tenggat: moved deadlines, period code → day (optional)
    :returns: the entry, as satudata_daftar_show
    """
    tk.check_access("satudata_daftar_create", context, data_dict)
    checked = _checked({k: data_dict.get(k) for k in FIELDS})
    try:
        entri = registry.create(checked, _user(context))
    except registry.DaftarError as error:
        _refuse(error)
    model.Session.commit()
    return _entry_dicts(context, [entri], today())[0]


def _raw(entri: Entri) -> dict[str, Any]:
    current = registry.values_of(entri)
    return {
        "tahun": current.tahun,
        "nama": current.nama,
        "organization": current.organization_id,
        "urusan": current.urusan,
        "frekuensi": current.frekuensi,
        "standar": current.standar,
        "prioritas": current.prioritas,
        "catatan": current.catatan,
        "tenggat": current.tenggat,
    }


def satudata_daftar_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change an entry: the fields given replace the entry's (the others stay).

    Who: the walidata.

    :param id: the entry's id
    :returns: the entry, as satudata_daftar_show
    """
    tk.check_access("satudata_daftar_update", context, data_dict)
    try:
        entri = registry.get(str(tk.get_or_bust(data_dict, "id")))
        raw = _raw(entri)
        given = {k: data_dict[k] for k in FIELDS if k in data_dict}
        if "tenggat" in given and isinstance(given["tenggat"], dict):
            given["tenggat"] = {**raw["tenggat"], **given["tenggat"]}
        registry.update(entri, _checked({**raw, **given}))
    except registry.DaftarError as error:
        _refuse(error)
    model.Session.commit()
    return _entry_dicts(context, [entri], today())[0]


def satudata_daftar_delete(context: Context, data_dict: DataDict) -> None:
    """Delete an entry (its periods and reminders go with it).

    Who: the walidata.

    :param id: the entry's id
    """
    tk.check_access("satudata_daftar_delete", context, data_dict)
    try:
        registry.delete(registry.get(str(tk.get_or_bust(data_dict, "id"))))
    except registry.DaftarError as error:
        _refuse(error)
    model.Session.commit()


def satudata_daftar_salin(context: Context, data_dict: DataDict) -> dict[str, int]:
    """Copy a year's Daftar Data into another year (moved deadlines move as many
    years); entries already in the target year stay as they are.

    Who: the walidata.

    :param dari: the year copied
    :param ke: the new year
    :returns: disalin (entries made), dilewati (already there)
    """
    tk.check_access("satudata_daftar_salin", context, data_dict)
    source, target = _int(data_dict, "dari"), _int(data_dict, "ke")
    if source is None or target is None or source == target:
        raise tk.ValidationError({"ke": ["Isi tahun asal dan tahun tujuan yang berbeda."]})
    if not periods.FIRST_YEAR <= target <= periods.LAST_YEAR:
        raise tk.ValidationError({"ke": [f"Tahun {target} di luar jangkauan."]})
    copied, skipped = registry.copy_year(source, target, _user(context))
    model.Session.commit()
    return {"disalin": len(copied), "dilewati": skipped}


def satudata_daftar_tautkan(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Link a dataset to an entry of its OPD (or unlink it with an empty entri_id).

    Who: the walidata.

    :param package_id: the dataset's id or name
    :param entri_id: the entry's id, or empty
    :returns: package_id and entri_id
    """
    tk.check_access("satudata_daftar_tautkan", context, data_dict)
    package = model.Package.get(str(tk.get_or_bust(data_dict, "package_id")))
    if package is None or package.state != "active":
        raise tk.ObjectNotFound("Dataset tidak ditemukan.")
    entri_id = str(data_dict.get("entri_id") or "")
    if entri_id:
        try:
            entri = registry.get(entri_id)
        except registry.DaftarError as error:
            _refuse(error)
        if entri.organization_id != package.owner_org:
            raise tk.ValidationError({"entri_id": ["Entri Daftar Data ini milik OPD lain."]})
    extras = dict(package.extras or {})
    if entri_id:
        extras[registry.LINK_FIELD] = entri_id
    else:
        extras.pop(registry.LINK_FIELD, None)
    package.extras = extras
    package.metadata_modified = datetime.utcnow()  # package_show's cached copy is stale
    model.Session.commit()
    search.rebuild(package.id)
    return {"package_id": package.id, "entri_id": entri_id}


@tk.side_effect_free
def satudata_compliance(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Each OPD's fulfilment of a year's Daftar Data, and the whole city's.

    Who: as satudata_daftar_list.

    :param tahun: the year (default: this year)
    :param organization: one OPD (optional)
    :param urusan: only entries of this urusan (optional)
    :param prioritas: only data prioritas (true) or only the others (false)
    :returns: tahun, hari (today), opd (per OPD: organization, entri, wajib,
        jatuh_tempo, terpenuhi, diajukan, terlambat, dikembalikan, belum and the
        percentages of terpenuhi, diajukan and terlambat) and kota (the same for all)
    """
    tk.check_access("satudata_compliance", context, data_dict)
    day = today()
    year = _int(data_dict, "tahun") or day.year
    entries = registry.listing(
        tahun=year,
        organization_ids=_scope(context, data_dict),
        urusan=str(data_dict.get("urusan") or "") or None,
        prioritas=_flag(data_dict, "prioritas"),
    )
    tallies = tracking.compliance(entries, day)
    groups = _organizations({t.organization_id for t in tallies})
    rows = [
        {
            "organization": {
                "id": t.organization_id,
                "name": groups[t.organization_id].name if t.organization_id in groups else "",
                "title": groups[t.organization_id].title if t.organization_id in groups else "",
            },
            "entri": t.entries,
            **t.tally.as_dict(),
        }
        for t in tallies
    ]
    rows.sort(key=lambda r: (-float(r["persen_terpenuhi"]), r["organization"]["title"]))
    return {
        "tahun": year,
        "hari": day.isoformat(),
        "opd": rows,
        "kota": tracking.city(tallies).as_dict(),
        "status": [s.value for s in State],
        "mengelola": manages_daftar(context),
    }
