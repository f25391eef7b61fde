"""How the OPDs keep up with the Daftar Data: the walidata's dashboard (and its XLSX),
one OPD's list with what is due soon, late and returned, and the public page of
each OPD's fulfilment. Registered on the blueprint in views.py."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import Response

from .. import config
from .actions import today
from .fulfilment import State
from .views_common import COLOUR, call, flag, render, status_labels, walidata_only, year, years

# the dashboard's columns after the OPD's name, in order: the tally's keys
NUMBERS = ("entri", "wajib", "terpenuhi", "diajukan", "terlambat", "persen_terpenuhi", "persen_diajukan", "persen_terlambat")  # fmt: skip
SORTABLE = ("opd", *NUMBERS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns() -> list[tuple[str, str]]:
    """The dashboard's columns: key and heading."""
    headings = (
        tk._("OPD"),
        tk._("Entries"),
        tk._("Periods owed"),
        tk._("Fulfilled"),
        tk._("Submitted"),
        tk._("Late"),
        tk._("Percent fulfilled"),
        tk._("Percent submitted"),
        tk._("Percent late"),
    )
    return list(zip(SORTABLE, headings, strict=True))


def sort_rows(rows: Sequence[Mapping[str, Any]], urut: str) -> tuple[list[Mapping[str, Any]], str]:
    """The rows by ``urut`` (a column's key, ``-key`` descending; OPD name breaks ties)
    and the order applied ("" for the actions' own: best fulfilment first)."""
    key = urut.removeprefix("-")
    if key not in SORTABLE:
        return list(rows), ""
    by_name = sorted(rows, key=lambda r: str(r["organization"]["title"]).lower())
    if key == "opd":
        return (by_name[::-1] if urut.startswith("-") else by_name), urut
    return sorted(by_name, key=lambda r: r[key], reverse=urut.startswith("-")), urut


def next_order(key: str, urut: str) -> str:
    """The order a click on a column's heading asks for: the OPDs by name A–Z, the
    numbers largest first; a second click turns it round."""
    first = key if key == "opd" else f"-{key}"
    if urut != first:
        return first
    return key if first.startswith("-") else f"-{key}"


def _filters(args: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "tahun": year(args.get("tahun")),
        "urusan": str(args.get("urusan") or ""),
        "prioritas": flag(args.get("prioritas")),
    }


def _compliance(filters: Mapping[str, Any]) -> tuple[dict[str, Any], list[Mapping[str, Any]], str]:
    walidata_only()
    found: dict[str, Any] = call("satudata_compliance", filters)
    rows, urut = sort_rows(found["opd"], str(tk.request.args.get("urut") or ""))
    return found, rows, urut


def city_chart(kota: Mapping[str, Any]) -> str:
    """A bar per state of the whole city's periods (Chart.js data)."""
    labels = status_labels()
    return json.dumps(
        {
            "labels": [labels[s] for s in State],
            "datasets": [
                {
                    "label": tk._("Periods"),
                    "data": [kota[s.value] for s in State],
                    "backgroundColor": [COLOUR[s] for s in State],
                }
            ],
        }
    )


def dasbor() -> str:
    """Each OPD's tally for a year, sortable and filtered (the walidata only)."""
    filters = _filters(tk.request.args)
    found, rows, urut = _compliance(filters)
    return render(
        "daftar/dasbor.html",
        {
            "filters": filters,
            "tahun": filters["tahun"],
            "years": years(filters["tahun"]),
            "compliance": found,
            "rows": rows,
            "urut": urut,
            "headings": [
                {
                    "key": key,
                    "label": label,
                    "urut": next_order(key, urut),
                    "aria": {key: "ascending", f"-{key}": "descending"}.get(urut, "none"),
                }
                for key, label in columns()
            ],
            "chart": city_chart(found["kota"]),
        },
    )


def table_xlsx(
    heads: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Any]],
    kota: Mapping[str, Any],
    title: str,
    city: str,
) -> bytes:
    """The dashboard's table as a workbook: a row per OPD, the city's last."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
    sheet.append([heading for _, heading in heads])
    for row in rows:
        sheet.append([row["organization"]["title"], *(row[key] for key in NUMBERS)])
    sheet.append([city, sum(int(r["entri"]) for r in rows), *(kota[key] for key in NUMBERS[1:])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dasbor_xlsx() -> Response:
    """The dashboard's table as shown (same filters, same order)."""
    filters = _filters(tk.request.args)
    found, rows, _ = _compliance(filters)
    title = tk._("Data List {year}").format(year=filters["tahun"])
    body = table_xlsx(columns(), rows, found["kota"], title, "Kota Serang")
    name = f"capaian-daftar-data-{filters['tahun']}.xlsx"
    return Response(
        body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def sections(entries: Sequence[Mapping[str, Any]], day: date, days: int) -> dict[str, list[Any]]:
    """An OPD's periods needing attention, by deadline: ``segera`` (not yet due, due
    within ``days``), ``terlambat`` and ``dikembalikan`` (returned by the walidata)."""
    owed = sorted(
        ({"entri": e, "periode": p} for e in entries for p in e["periode"]),
        key=lambda r: (r["periode"]["tenggat"], r["entri"]["nama"]),
    )
    first, last = day.isoformat(), (day + timedelta(days=days)).isoformat()
    return {
        "segera": [
            r
            for r in owed
            if r["periode"]["status"] == State.BELUM and first <= r["periode"]["tenggat"] <= last
        ],
        "terlambat": [r for r in owed if r["periode"]["status"] == State.TERLAMBAT],
        "dikembalikan": [r for r in owed if r["periode"]["dikembalikan"]],
    }


def opd(name: str) -> str:
    """One OPD's list: its members and the walidata; everyone while ``daftar_publik``."""
    tahun = year(tk.request.args.get("tahun"))
    entries = call("satudata_daftar_list", {"tahun": tahun, "organization": name})
    group = model.Group.get(name)
    if group is None or not group.is_organization:
        return tk.abort(404, tk._("OPD not found."))
    return render(
        "daftar/opd.html",
        {
            "organization": group,
            "tahun": tahun,
            "years": years(tahun),
            "entries": entries,
            "sections": sections(entries, today(), config.reminder_days()),
            "days": config.reminder_days(),
        },
    )


def capaian() -> str:
    """Each OPD's fulfilment of a year's list: public while ``daftar_publik`` is on,
    not there otherwise."""
    if not config.daftar_public():
        return tk.abort(404)
    tahun = year(tk.request.args.get("tahun"))
    found = call("satudata_compliance", {"tahun": tahun})
    return render(
        "daftar/capaian.html",
        {"tahun": tahun, "years": years(tahun), "compliance": found},
    )
