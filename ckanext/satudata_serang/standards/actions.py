"""Actions of the data-structure standards and of the validation reports; registered
through logic/action.py. Who may call each is in standards/auth.py."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ..workflow import roles
from . import registry, rule, schema, validation
from .auth import manages_standards
from .models import BERLAKU, DICABUT, DRAF, Validasi

ALL_STATUSES = (DRAF, BERLAKU, DICABUT)


def _statuses(context: Context) -> tuple[str, ...]:
    return ALL_STATUSES if manages_standards(context) else (BERLAKU,)


def _refuse(error: registry.StandarError) -> NoReturn:
    versi = error.params.get("versi")
    match error.code:
        case "tidak_ada":
            raise tk.ObjectNotFound(tk._("Data structure standard not found."))
        case "kode_dipakai":
            raise tk.ValidationError({"kode": [tk._("A standard with this code already exists.")]})
        case "bukan_draf":
            raise tk.ValidationError(
                {
                    "versi": [
                        tk._(
                            "Version {version} is not a draft: only a draft can be published."
                        ).format(version=versi)
                    ]
                }
            )
        case _:
            raise tk.ValidationError(
                {
                    "versi": [
                        tk._("Version {version} is not in force: it cannot be withdrawn.").format(
                            version=versi
                        )
                    ]
                }
            )


def _skema(value: Any) -> Any:
    """The schema as given: an object, or its JSON text (the editor's textarea)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise tk.ValidationError(
                {
                    "skema": [
                        f"Skema bukan JSON yang sah: baris {error.lineno}, kolom {error.colno} "
                        f"({error.msg})."
                    ]
                }
            ) from None
    return value


def _document(data_dict: DataDict, kode: str, partial: bool = False) -> dict[str, Any]:
    """The standard's fields from the call, checked (``partial``: those given)."""
    given = {k: data_dict[k] for k in ("judul", "deskripsi", "skema") if k in data_dict}
    if partial:
        current = registry.versions(kode)
        if not current:
            _refuse(registry.StandarError("tidak_ada"))
        base = current[0]
        given = {"judul": base.judul, "deskripsi": base.deskripsi, "skema": base.skema, **given}
    document = {"kode": kode, **given, "skema": _skema(given.get("skema"))}
    try:
        return schema.read_document(document)
    except schema.SchemaProblems as problems:
        raise tk.ValidationError(dict(problems.by_field)) from None


def _user_id(context: Context) -> str | None:
    user = roles.user_of(context)
    return user.id if user else None


def _shown(context: Context, standar: Any) -> dict[str, Any]:
    return registry.as_dict(standar, registry.versions(standar.kode, _statuses(context)))


@tk.side_effect_free
def satudata_standar_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The data-structure standards, by code: the newest published version of each
    (for the walidata: the newest version of any status, with ``versi_berlaku``).

    Who: anyone; drafts and withdrawn versions only for the walidata.

    :returns: kode, versi, ref (``kode@versi``), judul, deskripsi, status,
        jumlah_kolom, berlaku_pada, versi_berlaku
    """
    tk.check_access("satudata_standar_list", context, data_dict)
    statuses = _statuses(context)
    in_force = {s.kode: s.versi for s in registry.listing((BERLAKU,))}
    return [
        {
            "kode": s.kode,
            "versi": s.versi,
            "ref": schema.ref(s.kode, s.versi),
            "judul": s.judul,
            "deskripsi": s.deskripsi,
            "status": s.status,
            "jumlah_kolom": len(schema.field_names(s.skema)),
            "berlaku_pada": s.berlaku_pada.isoformat() if s.berlaku_pada else None,
            "versi_berlaku": in_force.get(s.kode),
        }
        for s in registry.listing(statuses)
    ]


@tk.side_effect_free
def satudata_standar_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One version of a standard (default: the newest the caller may see), with its
    columns described and the list of its versions.

    Who: anyone; drafts and withdrawn versions only for the walidata (others get
    404).

    :param kode: the standard's code
    :param versi: a version number (optional)
    :returns: kode, versi, ref, judul, deskripsi, status, skema (as stored: code
        lists by ``kodeReferensi``), skema_lengkap (code lists expanded), kolom,
        dates, versi_lain (versi, status, berlaku_pada)
    """
    tk.check_access("satudata_standar_show", context, data_dict)
    kode = str(tk.get_or_bust(dict(data_dict), "kode"))
    versi = data_dict.get("versi")
    try:
        number = int(versi) if versi not in (None, "") else None
        standar = registry.get(kode, number, _statuses(context))
    except ValueError:
        raise tk.ObjectNotFound(tk._("Data structure standard not found.")) from None
    except registry.StandarError as error:
        _refuse(error)
    shown = _shown(context, standar)
    shown["skema_lengkap"] = schema.expand(standar.skema)
    return shown


def satudata_standar_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create a standard: version 1, a draft until published.

    Who: the walidata.

    :param kode: its code (lowercase letters, digits, hyphens; used in URLs)
    :param judul: its title, e.g. "Jumlah penduduk per kecamatan per tahun"
    :param deskripsi: optional
    :param skema: the Frictionless Table Schema (object or JSON text); a field may
        name a code list with ``kodeReferensi`` (e.g. ``wilayah:kecamatan``)
    :returns: the version, as satudata_standar_show
    """
    tk.check_access("satudata_standar_create", context, data_dict)
    document = _document(data_dict, str(data_dict.get("kode") or ""))
    try:
        standar = registry.create(
            document["kode"],
            document["judul"],
            document["deskripsi"],
            document["skema"],
            _user_id(context),
        )
    except registry.StandarError as error:
        _refuse(error)
    model.Session.commit()
    return _shown(context, standar)


def satudata_standar_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change a standard. Its draft changes in place; a published (berlaku) version
    never changes: the change becomes a new draft version (versi + 1), published
    with satudata_standar_terbitkan.

    Who: the walidata.

    :param kode: the standard's code
    :param judul: optional
    :param deskripsi: optional
    :param skema: optional (object or JSON text)
    :returns: the draft (or the unchanged newest version when nothing changed), as
        satudata_standar_show, with ``versi_baru`` (whether a new version was made)
    """
    tk.check_access("satudata_standar_update", context, data_dict)
    kode = str(tk.get_or_bust(dict(data_dict), "kode"))
    document = _document(data_dict, kode, partial=True)
    try:
        standar, new = registry.update(
            kode,
            _user_id(context),
            document["judul"],
            document["deskripsi"],
            document["skema"],
        )
    except registry.StandarError as error:
        _refuse(error)
    model.Session.commit()
    return {**_shown(context, standar), "versi_baru": new}


def satudata_standar_terbitkan(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Publish a standard's draft: it is berlaku from now on, offered to datasets and
    listed publicly, and never changes again.

    Who: the walidata.

    :param kode: the standard's code
    :param versi: the draft's number (optional: the standard's draft)
    :returns: the version, as satudata_standar_show
    """
    tk.check_access("satudata_standar_terbitkan", context, data_dict)
    kode = str(tk.get_or_bust(dict(data_dict), "kode"))
    versi = data_dict.get("versi")
    try:
        standar = registry.publish(kode, int(versi) if versi not in (None, "") else None)
    except registry.StandarError as error:
        _refuse(error)
    model.Session.commit()
    return _shown(context, standar)


def satudata_standar_cabut(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Withdraw a published version: no longer offered nor listed publicly; the
    resources already attached to it are still checked against it.

    Who: the walidata.

    :param kode: the standard's code
    :param versi: the version's number
    :returns: the version, as satudata_standar_show
    """
    tk.check_access("satudata_standar_cabut", context, data_dict)
    kode = str(tk.get_or_bust(dict(data_dict), "kode"))
    versi = int(tk.get_or_bust(dict(data_dict), "versi"))
    try:
        standar = registry.withdraw(kode, versi)
    except registry.StandarError as error:
        _refuse(error)
    model.Session.commit()
    return _shown(context, standar)


def _resource_and_record(data_dict: DataDict) -> tuple[model.Resource, Validasi | None]:
    resource_id = str(tk.get_or_bust(dict(data_dict), "resource_id"))
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found."))
    return resource, model.Session.get(Validasi, resource.id)


@tk.side_effect_free
def satudata_validasi_show(context: Context, data_dict: DataDict) -> dict[str, Any] | None:
    """The resource's last check against its data-structure standard; null when it
    follows none.

    Who: whoever may see the resource's dataset.

    :param resource_id: the resource's id
    :returns: standar (``kode@versi``), status (antri, berjalan, lulus, gagal,
        galat), sha256, baris, jumlah_galat, laporan (the first 1000 problems:
        baris, kolom, jenis, nilai, batasan, pesan — in Indonesian), pesan (why a
        check could not run), dates, standar_sekarang (the standard the resource
        follows now) and terkini (the result is of the current file and standard)
    """
    tk.check_access("satudata_validasi_show", context, data_dict)
    resource, record = _resource_and_record(data_dict)
    as_dict = resource.as_dict()
    standar = rule.effective_standard(
        as_dict, {rule.FIELD: resource.package.extras.get(rule.FIELD)}
    )
    if standar is None:
        return None
    if record is None:
        return {"standar_sekarang": standar, "standar": standar, "status": None, "terkini": False}
    current = record.standar == standar and validation.fingerprint(as_dict) == record.sidik
    return {**validation.as_dict(record), "standar_sekarang": standar, "terkini": current}


def satudata_validasi_jalankan(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Check the resource's file against its standard again (queued for the worker).

    Who: whoever may edit the resource's dataset, or the walidata.

    :param resource_id: the resource's id
    :returns: the queued check, as satudata_validasi_show
    """
    tk.check_access("satudata_validasi_jalankan", context, data_dict)
    resource, _record = _resource_and_record(data_dict)
    record = validation.request(resource.id)
    if record is None:
        raise tk.ValidationError(
            {"standar_data": [tk._("This resource follows no data structure standard.")]}
        )
    return {**validation.as_dict(record), "standar_sekarang": record.standar, "terkini": True}
