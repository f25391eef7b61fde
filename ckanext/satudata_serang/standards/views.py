"""Pages of the data-structure standards.

- ``/standar``: the published standards (the walidata also see drafts);
  ``/standar/<kode>``: one standard's columns and versions (``?versi=N``);
  ``/standar/<kode>/<versi>.json``: the version's Frictionless Table Schema (the
  address a dataset's ``conformsTo`` can name). Public for published versions.
- The walidata's editor: ``/standar/baru``, ``/standar/<kode>/ubah`` (a JSON
  textarea, problems listed in Indonesian), publish and withdraw buttons.
- ``POST /dataset/<id>/resource/<resource_id>/validasi``: check a resource again.
"""

from __future__ import annotations

import json
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context
from flask import Blueprint
from werkzeug.wrappers.response import Response

from . import schema
from .auth import manages_standards

standar = Blueprint("satudata_standar", __name__)

EXAMPLE = {
    "fields": [
        {
            "name": "kode_kecamatan",
            "title": "Kode kecamatan",
            "type": "string",
            "kodeReferensi": "wilayah:kecamatan",
            "constraints": {"required": True},
        },
        {"name": "tahun", "title": "Tahun", "type": "year", "constraints": {"required": True}},
        {
            "name": "jumlah",
            "title": "Jumlah",
            "type": "integer",
            "constraints": {"required": True, "minimum": 0},
        },
    ],
    "primaryKey": ["kode_kecamatan", "tahun"],
}


def _context() -> Context:
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else ""
    return cast(Context, {"user": user})


def _show(kode: str, versi: Any = None) -> dict[str, Any]:
    try:
        return tk.get_action("satudata_standar_show")(_context(), {"kode": kode, "versi": versi})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data structure standard not found."))


@standar.route("/standar")
def index() -> str:
    """The standards: the public sees the published ones."""
    standards = tk.get_action("satudata_standar_list")(_context(), {})
    return tk.render(
        "standar/index.html",
        {"standards": standards, "may_manage": manages_standards(_context())},
    )


@standar.route("/standar/<kode>")
def read(kode: str) -> str:
    """One standard: its columns (those of ``?versi=N`` or the newest visible) and
    its versions."""
    shown = _show(kode, tk.request.args.get("versi"))
    return tk.render(
        "standar/read.html", {"standar": shown, "may_manage": manages_standards(_context())}
    )


@standar.route("/standar/<kode>/<int:versi>.json")
def table_schema(kode: str, versi: int) -> Response:
    """The version's Table Schema, code lists expanded."""
    shown = _show(kode, versi)
    body = schema.table_schema(shown["kode"], shown["judul"], shown["deskripsi"], shown["skema"])
    response = Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{kode}-{versi}.json"'
    return response


def _walidata_only() -> None:
    if not manages_standards(_context()):
        tk.abort(403, tk._("Only the walidata manage data structure standards."))


def _form(values: dict[str, Any], errors: dict[str, Any] | None, kode: str | None) -> str:
    return tk.render(
        "standar/form.html",
        {"values": values, "errors": errors or {}, "kode": kode},
    )


def _posted() -> dict[str, Any]:
    form = tk.request.form
    return {
        "kode": str(form.get("kode") or "").strip(),
        "judul": str(form.get("judul") or ""),
        "deskripsi": str(form.get("deskripsi") or ""),
        "skema": str(form.get("skema") or ""),
    }


@standar.route("/standar/baru", methods=["GET", "POST"])
def new() -> str | Response:
    """The walidata's form for a new standard (a draft until published)."""
    _walidata_only()
    if tk.request.method == "GET":
        example = json.dumps(EXAMPLE, ensure_ascii=False, indent=2)
        return _form({"skema": example}, None, None)
    values = _posted()
    try:
        created = tk.get_action("satudata_standar_create")(_context(), values)
    except tk.ValidationError as error:
        return _form(values, cast(dict[str, Any], error.error_dict), None)
    tk.h.flash_success(tk._("The standard has been saved as a draft."))
    return tk.redirect_to("satudata_standar.read", kode=created["kode"], versi=created["versi"])


@standar.route("/standar/<kode>/ubah", methods=["GET", "POST"])
def edit(kode: str) -> str | Response:
    """The walidata's form to change a standard: its draft, or a new version."""
    _walidata_only()
    if tk.request.method == "GET":
        shown = _show(kode)
        values = {
            "judul": shown["judul"],
            "deskripsi": shown["deskripsi"],
            "skema": json.dumps(shown["skema"], ensure_ascii=False, indent=2),
        }
        return _form(values, None, kode)
    values = {**_posted(), "kode": kode}
    try:
        changed = tk.get_action("satudata_standar_update")(_context(), values)
    except tk.ValidationError as error:
        return _form(values, cast(dict[str, Any], error.error_dict), kode)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data structure standard not found."))
    if changed["versi_baru"]:
        tk.h.flash_success(
            tk._(
                "Version {version} has been made as a draft: the published version does not change."
            ).format(version=changed["versi"])
        )
    else:
        tk.h.flash_success(tk._("The draft has been saved."))
    return tk.redirect_to("satudata_standar.read", kode=kode, versi=changed["versi"])


def _step(action: str, kode: str, versi: int, done: str) -> Response:
    _walidata_only()
    try:
        tk.get_action(action)(_context(), {"kode": kode, "versi": versi})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Data structure standard not found."))
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(str(m) for v in error.error_dict.values() for m in v))  # pyright: ignore[reportGeneralTypeIssues]
    else:
        tk.h.flash_success(done)
    return tk.redirect_to("satudata_standar.read", kode=kode, versi=versi)


@standar.route("/standar/<kode>/<int:versi>/terbitkan", methods=["POST"])
def publish(kode: str, versi: int) -> Response:
    """Publish the draft: from now on it is offered to datasets and never changes."""
    return _step("satudata_standar_terbitkan", kode, versi, tk._("The standard is now in force."))


@standar.route("/standar/<kode>/<int:versi>/cabut", methods=["POST"])
def withdraw(kode: str, versi: int) -> Response:
    """Withdraw a published version."""
    return _step("satudata_standar_cabut", kode, versi, tk._("The version has been withdrawn."))


@standar.route("/dataset/<id>/resource/<resource_id>/validasi", methods=["POST"])
def validate(id: str, resource_id: str) -> Response:
    """Check the resource against its standard again; back to the resource page."""
    try:
        tk.get_action("satudata_validasi_jalankan")(_context(), {"resource_id": resource_id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not check this resource again."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Resource not found."))
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(str(m) for v in error.error_dict.values() for m in v))  # pyright: ignore[reportGeneralTypeIssues]
    else:
        tk.h.flash_success(tk._("The file will be checked against its standard in a moment."))
    return tk.redirect_to("resource.read", id=id, resource_id=resource_id)
