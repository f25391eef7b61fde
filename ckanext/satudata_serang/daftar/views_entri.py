"""One entry of the Daftar Data: its page (periods, deadlines, where each stands,
linked datasets), and the walidata's forms to add, change, delete it and link a
dataset to it. Registered on the blueprint in views.py."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from werkzeug.wrappers.response import Response

from .views_common import call, context, organizations, render, walidata_only, year

FORM_FIELDS = ("tahun", "nama", "organization", "frekuensi", "urusan", "standar", "catatan", "tenggat")  # fmt: skip


def _messages(error: tk.ValidationError) -> dict[str, list[str]]:
    found = cast(dict[str, Any], error.error_dict)
    return {key: [str(m) for m in (v if isinstance(v, list) else [v])] for key, v in found.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]


def moved_deadlines(entri: dict[str, Any]) -> str:
    """The deadlines the walidata moved, as the form writes them
    (``2026-T1=15/05/2026; 2026-T2=15/08/2026``)."""
    moved = [p for p in entri["periode"] if p["tenggat_diubah"]]
    return "; ".join(
        "{kode}={day}".format(kode=p["kode"], day="/".join(reversed(str(p["tenggat"]).split("-"))))
        for p in moved
    )


def _form(values: dict[str, Any], errors: dict[str, list[str]], entri_id: str | None) -> str:
    standards = call("satudata_standar_list", {})
    return render(
        "daftar/form.html",
        {
            "values": values,
            "errors": errors,
            "entri_id": entri_id,
            "organizations": organizations(),
            "standards": standards,
        },
    )


def _posted() -> dict[str, Any]:
    form = tk.request.form
    values: dict[str, Any] = {key: str(form.get(key) or "").strip() for key in FORM_FIELDS}
    values["prioritas"] = "ya" if form.get("prioritas") else "tidak"
    return values


def new() -> str | Response:
    """The walidata's form for a new entry (its periods follow from year and frekuensi)."""
    walidata_only()
    if tk.request.method == "GET":
        tahun = year(tk.request.args.get("tahun"))
        return _form({"tahun": tahun, "frekuensi": "tahunan", "prioritas": "tidak"}, {}, None)
    values = _posted()
    try:
        made = call("satudata_daftar_create", values)
    except tk.ValidationError as error:
        return _form(values, _messages(error), None)
    tk.h.flash_success(tk._("The entry has been added to the Data List."))
    return tk.redirect_to("satudata_daftar.read", id=made["id"])


def edit(id: str) -> str | Response:
    """The walidata's form to change an entry."""
    walidata_only()
    if tk.request.method == "GET":
        shown = call("satudata_daftar_show", {"id": id})
        values = {
            **{
                key: shown[key]
                for key in ("tahun", "nama", "frekuensi", "urusan", "standar", "catatan")
            },
            "organization": shown["organization"]["name"],
            "prioritas": "ya" if shown["prioritas"] else "tidak",
            "tenggat": moved_deadlines(shown),
        }
        return _form(values, {}, id)
    values = _posted()
    try:
        call("satudata_daftar_update", {**values, "id": id})
    except tk.ValidationError as error:
        return _form(values, _messages(error), id)
    tk.h.flash_success(tk._("The entry has been saved."))
    return tk.redirect_to("satudata_daftar.read", id=id)


def read(id: str) -> str:
    """One entry: the walidata, its OPD's members; everyone while ``daftar_publik``."""
    shown = call("satudata_daftar_show", {"id": id})
    datasets = {d["id"]: d for d in shown["dataset"]}
    return render("daftar/read.html", {"entri": shown, "datasets": datasets})


def delete(id: str) -> Response:
    """Delete an entry (the walidata); back to its year's list."""
    walidata_only()
    shown = call("satudata_daftar_show", {"id": id})
    call("satudata_daftar_delete", {"id": id})
    tk.h.flash_success(
        tk._("“{name}” has been deleted from the Data List.").format(name=shown["nama"])
    )
    return tk.redirect_to("satudata_daftar.index", tahun=shown["tahun"])


def tautkan(id: str) -> Response:
    """Link a dataset (by name or id) to the entry, or unlink one (the walidata)."""
    walidata_only()
    form = tk.request.form
    dataset = str(form.get("dataset") or "").strip()
    unlink = bool(form.get("lepas"))
    if not dataset:
        tk.h.flash_error(tk._("Write the name or the address of a dataset."))
        return tk.redirect_to("satudata_daftar.read", id=id)
    data_dict = {
        "package_id": dataset.rstrip("/").rsplit("/", 1)[-1],
        "entri_id": "" if unlink else id,
    }
    try:
        tk.get_action("satudata_daftar_tautkan")(context(), data_dict)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the walidata manage the Daftar Data."))
    except tk.ObjectNotFound as error:
        tk.h.flash_error(str(error))
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(m for v in _messages(error).values() for m in v))
    else:
        tk.h.flash_success(
            tk._("The dataset is no longer linked to this entry.")
            if unlink
            else tk._("The dataset is now linked to this entry.")
        )
    return tk.redirect_to("satudata_daftar.read", id=id)
