"""The cells of a spreadsheet as text, the way the sheet shows them, for the same
reading as a CSV file (detect.py, cells.py, headers.py).

XLSX through openpyxl (read-only, the values a formula last computed), XLS through
xlrd, ODS through odfpy. Numbers keep what they say: a whole number is written without
``.0`` and any other at most with the 15 significant digits a spreadsheet keeps (so
0.1 + 0.2 stays ``0,3``), with a decimal comma: the portal reads numbers the Indonesian
way, so a number cell reads as the same number as the same number typed as text
(``1,234`` is one and a bit, never a thousand). A day without a time is an ISO date.
The first sheet that has any cell is read; rows after the last filled one are left
out. A file that is no readable workbook is a SheetProblem (``xlsx_rusak``,
``xls_rusak``, ``ods_rusak``), never a half-read table.
"""

from __future__ import annotations

import math
import struct
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

SIGNIFICANT = 15


class SheetProblem(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def cell_text(value: Any) -> str:
    """One cell's value as the text it shows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 10**SIGNIFICANT:
        return str(int(value))
    rounded = Decimal(f"{value:.{SIGNIFICANT}g}")
    text = format(rounded, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


def _trimmed(rows: Iterable[tuple[Any, ...]]) -> list[list[str]]:
    table = [[cell_text(v) for v in row] for row in rows]
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    width = max(
        (max((i + 1 for i, cell in enumerate(r) if cell.strip()), default=0) for r in table),
        default=0,
    )
    return [row[:width] + [""] * (width - len(row)) for row in table]


def read_xlsx(path: Path) -> list[list[str]]:
    """The rows of the workbook's first sheet with data."""
    # openpyxl refuses a path whose name does not end in .xlsx (a stored upload's
    # has no extension, a download's is .data): it is given the open file instead
    with path.open("rb") as file:
        return _read_xlsx(file)


def _read_xlsx(file: BinaryIO) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetProblem("xlsx_rusak", str(error)) from None
    try:
        for sheet in book.worksheets:
            rows = _trimmed(sheet.iter_rows(values_only=True))
            if rows:
                return rows
        return []
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetProblem("xlsx_rusak", str(error)) from None
    finally:
        book.close()


def read_xls(path: Path) -> list[list[str]]:
    """The rows of an Excel 97-2003 workbook's first sheet with data."""
    import xlrd
    from xlrd.compdoc import CompDocError

    # a damaged or cut-off file makes xlrd fail in many ways, struct.error among them
    damaged = (
        xlrd.biffh.XLRDError,
        CompDocError,
        struct.error,
        OSError,
        ValueError,
        AssertionError,
        IndexError,
        KeyError,
    )
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except damaged as error:
        raise SheetProblem("xls_rusak", str(error)) from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = _trimmed(
                tuple(_xls_value(book, cell) for cell in sheet.row(r)) for r in range(sheet.nrows)
            )
            if rows:
                return rows
        return []
    except damaged as error:
        raise SheetProblem("xls_rusak", str(error)) from None
    finally:
        book.release_resources()


def _xls_value(book: Any, cell: Any) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, book.datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value


MAX_REPEAT = 1000  # repeated empty cells/rows at a sheet's end are many in ODS files


def read_ods(path: Path) -> list[list[str]]:
    """The rows of an OpenDocument spreadsheet's first sheet with data."""
    from odf import opendocument, table

    try:
        document = opendocument.load(str(path))
        sheets = document.spreadsheet.getElementsByType(table.Table)  # pyright: ignore[reportAttributeAccessIssue]
    except Exception as error:  # odfpy raises whatever its XML and zip readers raise
        raise SheetProblem("ods_rusak", str(error)) from None
    for sheet in sheets:
        rows: list[tuple[Any, ...]] = []
        for row in sheet.getElementsByType(table.TableRow):
            cells: list[Any] = []
            for cell in row.getElementsByType(table.TableCell):
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                cells.extend([_ods_value(cell)] * min(repeat, MAX_REPEAT))
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            rows.extend([tuple(cells)] * min(repeat, MAX_REPEAT))
        found = _trimmed(rows)
        if found:
            return found
    return []


def _ods_value(cell: Any) -> Any:
    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() and abs(number) < 10**SIGNIFICANT else number
    if kind == "date":
        text = cell.getAttribute("datevalue")
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    if kind == "boolean":
        return cell.getAttribute("booleanvalue") == "true"
    from odf import teletype, text

    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(text.P)) or None
