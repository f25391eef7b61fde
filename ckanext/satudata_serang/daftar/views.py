"""Pages of the Daftar Data (blueprint ``satudata_daftar``).

- ``/daftar-data``: a year's list, filtered by OPD, urusan and data prioritas, each
  entry with its periods; the walidata add, change, delete, copy a year into the
  next, import and export (views_entri.py, views_impor.py).
- ``/daftar-data/entri/<id>``: one entry, its periods and linked datasets.
- ``/daftar-data/dasbor``: the walidata's dashboard per OPD; ``/daftar-data/opd/<name>``:
  one OPD's list; ``/daftar-data/capaian``: each OPD's fulfilment, public while
  ``daftar_publik`` is on (views_dasbor.py).

Who reads what is the actions' auth (daftar/auth.py): a refusal is a 403.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint
from werkzeug.wrappers.response import Response

from . import views_dasbor, views_entri, views_impor
from .views_common import call, flag, organizations, render, walidata_only, year, years

daftar = Blueprint("satudata_daftar", __name__)


@daftar.route("/daftar-data")
def index() -> str:
    """A year's Daftar Data: everyone while ``daftar_publik`` is on, else the walidata
    (every OPD) and the OPDs' members (their own)."""
    args = tk.request.args
    tahun = year(args.get("tahun"))
    filters = {
        "organization": args.get("organization", ""),
        "urusan": args.get("urusan", ""),
        "prioritas": flag(args.get("prioritas")),
    }
    entries = call("satudata_daftar_list", {"tahun": tahun, **filters})
    return render(
        "daftar/index.html",
        {
            "tahun": tahun,
            "years": years(tahun, tahun + 1),
            "filters": filters,
            "entries": entries,
            "organizations": organizations(),
        },
    )


@daftar.route("/daftar-data/salin", methods=["POST"])
def salin() -> Response:
    """Copy a year's list into another (the walidata)."""
    walidata_only()
    form = tk.request.form
    dari, ke = year(form.get("dari")), year(form.get("ke"))
    try:
        copied: dict[str, Any] = call("satudata_daftar_salin", {"dari": dari, "ke": ke})
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(str(m) for v in error.error_dict.values() for m in v))  # pyright: ignore[reportGeneralTypeIssues]
        return tk.redirect_to("satudata_daftar.index", tahun=dari)
    tk.h.flash_success(
        tk.ungettext(
            "{copied} entry of {source} copied into {target}; {skipped} already there.",
            "{copied} entries of {source} copied into {target}; {skipped} already there.",
            copied["disalin"],
        ).format(copied=copied["disalin"], source=dari, target=ke, skipped=copied["dilewati"])
    )
    return tk.redirect_to("satudata_daftar.index", tahun=ke)


for rule, endpoint, view, methods in (
    ("/daftar-data/baru", "new", views_entri.new, ["GET", "POST"]),
    ("/daftar-data/entri/<id>", "read", views_entri.read, ["GET"]),
    ("/daftar-data/entri/<id>/ubah", "edit", views_entri.edit, ["GET", "POST"]),
    ("/daftar-data/entri/<id>/hapus", "delete", views_entri.delete, ["POST"]),
    ("/daftar-data/entri/<id>/tautkan", "tautkan", views_entri.tautkan, ["POST"]),
    ("/daftar-data/impor", "impor", views_impor.impor, ["GET", "POST"]),
    ("/daftar-data/ekspor", "ekspor", views_impor.ekspor, ["GET"]),
    ("/daftar-data/dasbor", "dasbor", views_dasbor.dasbor, ["GET"]),
    ("/daftar-data/dasbor.xlsx", "dasbor_xlsx", views_dasbor.dasbor_xlsx, ["GET"]),
    ("/daftar-data/opd/<name>", "opd", views_dasbor.opd, ["GET"]),
    ("/daftar-data/capaian", "capaian", views_dasbor.capaian, ["GET"]),
):
    daftar.add_url_rule(rule, endpoint, view, methods=methods)
