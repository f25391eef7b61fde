"""Pages of Serang Dalam Angka: one statistics table as a pivot and a chart, its
exports (CSV, XLSX), and the yearly publication page."""

from __future__ import annotations

import json
import re
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context
from flask import Blueprint, Response, request

from . import data, exports, publication, series

angka = Blueprint("satudata_angka", __name__)


def _context() -> Context:
    return cast(Context, {"user": tk.current_user.name if tk.current_user else ""})


def _table(id: str, resource_id: str) -> tuple[dict[str, Any], dict[str, Any], data.Table]:
    try:
        dataset = tk.get_action("package_show")(_context(), {"id": id})
        resource = next(r for r in dataset["resources"] if r["id"] == resource_id)
        table = data.table_of(_context(), resource)
    except (tk.ObjectNotFound, tk.NotAuthorized, StopIteration):
        return tk.abort(404, tk._("Dataset not found"))
    if table is None:
        return tk.abort(404, tk._("This resource is not a statistics table with a period column."))
    return dataset, resource, table


def _by_region(table: data.Table) -> bool:
    return bool(table.roles.region) and request.args.get("wilayah") == "1"


@angka.route("/dataset/<id>/angka/<resource_id>")
def table_page(id: str, resource_id: str) -> str:
    dataset, resource, table = _table(id, resource_id)
    pivot = series.pivot(table.records, table.roles, _by_region(table))
    return tk.render(
        "satudata/angka/table.html",
        {
            "pkg": dataset,
            "res": resource,
            "table": table,
            "pivot": pivot,
            "by_region": _by_region(table),
            "chart": json.dumps(series.chart(pivot)),
        },
    )


@angka.route("/dataset/<id>/angka/<resource_id>/unduh.<kind>")
def table_file(id: str, resource_id: str, kind: str) -> Response:
    dataset, resource, table = _table(id, resource_id)
    pivot = series.pivot(table.records, table.roles, _by_region(table))
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", resource.get("name") or resource_id)[:60] or "tabel"
    with_region = _by_region(table)
    if kind == "csv":
        body, media = exports.as_csv(pivot, with_region), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        title = re.sub(r"[\[\]:*?/\\]", " ", dataset["title"])
        body = exports.as_xlsx(pivot, with_region, title)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        return tk.abort(404)
    return Response(
        body,
        mimetype=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'},
    )


@angka.route("/serang-dalam-angka")
def publication_page() -> str:
    raw = request.args.get("tahun", "")
    found = publication.publication(int(raw) if raw.isdigit() else None)
    return tk.render("satudata/angka/publication.html", {"publication": found})
