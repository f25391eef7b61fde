"""What the loading tests do and look at, as an OPD's produsen and the public would:
upload a file, let CKAN's worker run, read the DataStore back. Also the files they
upload, written by the same libraries the OPDs' office programs resemble (openpyxl,
xlwt, odfpy)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers
from ckan.types import Context
from rq.job import Job
from werkzeug.datastructures import FileStorage

from ckanext.satudata_serang.loading import job as loading_job
from tests import sdi
from tests.jobs import run_jobs
from tests.sdi import system

LOAD_JOB = f"{loading_job.__name__}.run"


def people() -> dict[str, Any]:
    """An OPD with a produsen (editor), and a dataset of theirs being prepared."""
    produsen = factories.User(name="produsen_dinkes")
    sdi.Organization(name="dinkes", users=[{"name": produsen["name"], "capacity": "editor"}])
    dataset = sdi.Dataset(
        context={"user": produsen["name"]},
        status_verifikasi="draft",
        name="penduduk-per-kecamatan",
        owner_org="dinkes",
    )
    return {"produsen": produsen, "dataset": dataset}


def upload(
    user: dict[str, Any], dataset: dict[str, Any], filename: str, content: bytes, **fields: Any
) -> dict[str, Any]:
    """resource_create with a file, as the produsen's form does."""
    stream = FileStorage(BytesIO(content), filename, "upload")
    data = {"package_id": dataset["id"], "url": filename, "name": filename, **fields}
    data.setdefault("format", filename.rsplit(".", 1)[-1].upper())
    return ckan_helpers.call_action(
        "resource_create", cast(Context, {"user": user["name"]}), upload=stream, **data
    )


def replace_file(
    user: dict[str, Any], resource: dict[str, Any], filename: str, content: bytes
) -> Any:
    stream = FileStorage(BytesIO(content), filename, "upload")
    return ckan_helpers.call_action(
        "resource_patch",
        cast(Context, {"user": user["name"]}),
        id=resource["id"],
        url=filename,
        upload=stream,
    )


def run_loads() -> list[Job]:
    """CKAN's worker: the loads queued so far run, other jobs are dropped."""
    return run_jobs(LOAD_JOB)


def status(resource_id: str) -> dict[str, Any]:
    return system("xloader_status", resource_id=resource_id)


def records(resource_id: str, **params: Any) -> list[dict[str, Any]]:
    found = tk.get_action("datastore_search")(
        cast(Context, {"ignore_auth": True}), {"resource_id": resource_id, "limit": 1000, **params}
    )
    return [{k: v for k, v in r.items() if k != "_id"} for r in found["records"]]


def total(resource_id: str) -> int:
    found = tk.get_action("datastore_search")(
        cast(Context, {"ignore_auth": True}), {"resource_id": resource_id, "limit": 0}
    )
    return int(found["total"])


def columns(resource_id: str) -> dict[str, str]:
    info = tk.get_action("datastore_info")(
        cast(Context, {"ignore_auth": True}), {"id": resource_id}
    )
    return {f["id"]: f["type"] for f in info["fields"] if f["id"] != "_id"}


def error(resource_id: str) -> dict[str, Any]:
    """The load's error as xloader's DataStore tab shows it (``message``, ``kode``),
    after checking that the load failed."""
    found = status(resource_id)
    assert found["status"] == "error", found
    problem = found["error"]
    assert isinstance(problem, dict), found
    assert isinstance(problem.get("message"), str) and problem["message"].strip(), found
    return cast(dict[str, Any], problem)


def has_table(resource_id: str) -> bool:
    """Whether the resource has a DataStore table (datastore_info finds it)."""
    try:
        tk.get_action("datastore_info")(cast(Context, {"ignore_auth": True}), {"id": resource_id})
    except tk.ObjectNotFound:
        return False
    return True


def datastore_active(resource_id: str) -> bool:
    return bool(system("resource_show", id=resource_id).get("datastore_active"))


def data_dictionary(resource_id: str) -> dict[str, dict[str, Any]]:
    """The Data Dictionary's ``info`` of each column, as the resource page shows it."""
    info = tk.get_action("datastore_info")(
        cast(Context, {"ignore_auth": True}), {"id": resource_id}
    )
    return {f["id"]: f.get("info") or {} for f in info["fields"] if f["id"] != "_id"}


# --- Files -------------------------------------------------------------------------

Cell = str | int | float | date | datetime | None


def csv_text(rows: Sequence[Sequence[str]], delimiter: str = ";") -> str:
    """Rows as the lines of a CSV file (cells already as written, quoted by the
    caller where the delimiter is in one)."""
    return "".join(delimiter.join(row) + "\n" for row in rows)


def xlsx(rows: Sequence[Sequence[Cell]]) -> bytes:
    """An Excel workbook whose first sheet holds ``rows`` (native numbers and dates;
    dates shown day first, as an Indonesian Excel does)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, date | datetime):
                cell.number_format = "DD/MM/YYYY"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xls(rows: Sequence[Sequence[Cell]]) -> bytes:
    """An Excel 97-2003 workbook (xlwt) whose first sheet holds ``rows``."""
    import xlwt  # pyright: ignore[reportMissingTypeStubs]

    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    day = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date | datetime):
                sheet.write(r, c, value, day)
            elif value is not None:
                sheet.write(r, c, value)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def ods(rows: Sequence[Sequence[Cell]]) -> bytes:
    """An OpenDocument spreadsheet (odfpy, as LibreOffice writes one) holding ``rows``."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value: Cell) -> Any:
        if value is None:
            return TableCell()
        if isinstance(value, int | float):
            made = TableCell(valuetype="float", value=value)
        elif isinstance(value, date | datetime):
            made = TableCell(valuetype="date", datevalue=value.isoformat())
        else:
            made = TableCell(valuetype="string")
        made.addElement(P(text=str(value)))
        return made

    document = OpenDocumentSpreadsheet()
    table = Table(name="Data")
    for row in rows:
        line = TableRow()
        for value in row:
            line.addElement(cell(value))
        table.addElement(line)
    document.spreadsheet.addElement(table)  # pyright: ignore[reportAttributeAccessIssue]
    out = BytesIO()
    document.write(out)
    return out.getvalue()
