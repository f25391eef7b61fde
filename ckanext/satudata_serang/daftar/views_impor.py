"""The walidata's spreadsheet round trip of the Daftar Data: import a Forum Satu Data
spreadsheet (all or nothing, every error shown) and export a year's list. The file's
columns and checks are importer.py's. Registered on the blueprint in views.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import ckan.plugins.toolkit as tk
from flask import Response
from werkzeug.datastructures import FileStorage

from . import importer
from .views_common import context, render, walidata_only, year, years

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _form(tahun: int | None, errors: list[str], filename: str = "") -> str:
    return render(
        "daftar/impor.html",
        {
            "tahun": tahun,
            "years": years(year(None), year(None) + 1),
            "tahun_ini": year(None),
            "errors": errors,
            "filename": filename,
        },
    )


def _suffix(upload: FileStorage | None) -> str:
    name = (upload.filename or "") if upload is not None else ""
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix if suffix in importer.FORMATS else ""


def impor() -> str | Response:
    """GET: the upload form. POST: the file imported, or every error and nothing saved."""
    walidata_only()
    if tk.request.method == "GET":
        return _form(year(tk.request.args.get("tahun")), [])
    raw = tk.request.form.get("tahun")
    tahun = year(raw) if raw else None  # none: each row's own Tahun
    upload = tk.request.files.get("berkas")
    suffix = _suffix(upload)
    if upload is None or not suffix:
        return _form(tahun, [tk._("Choose a spreadsheet file: .xlsx or .csv.")])
    with tempfile.TemporaryDirectory(prefix="daftar-impor-") as folder:
        path = Path(folder) / f"daftar-data.{suffix}"
        upload.save(path)
        result = importer.import_file(path, context().get("user") or None, tahun)
    if result.errors:
        return _form(tahun, result.errors, upload.filename or "")
    tk.h.flash_success(
        tk.ungettext(
            "Imported: {created} entry added, {updated} changed.",
            "Imported: {created} entries added, {updated} changed.",
            result.created,
        ).format(created=result.created, updated=result.updated)
    )
    return tk.redirect_to("satudata_daftar.index", tahun=tahun or year(None))


def ekspor() -> Response:
    """A year's list as XLSX or CSV (``?tahun=&format=``), the walidata's: the file
    holds every OPD's entries and is what the import reads back."""
    walidata_only()
    tahun = year(tk.request.args.get("tahun"))
    fmt = tk.request.args.get("format", "xlsx")
    if fmt not in importer.FORMATS:
        return tk.abort(404)
    with tempfile.TemporaryDirectory(prefix="daftar-ekspor-") as folder:
        path = Path(folder) / f"daftar-data-{tahun}.{fmt}"
        importer.export_file(path, tahun, fmt)
        body = path.read_bytes()
    return Response(
        body,
        mimetype=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
    )
