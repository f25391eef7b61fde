"""The cells of a spreadsheet as text, the way the sheet shows them, for the same
reading as a CSV file (detect.py, cells.py, headers.py).

XLSX through openpyxl (read-only, the values a formula last computed). Numbers keep
what they say: a whole number is written without ``.0`` and any other at most with the
15 significant digits a spreadsheet keeps (so 0.1 + 0.2 stays ``0.3``); a day without a
time is an ISO date. The first sheet that has any cell is read; rows after the last
filled one are left out. A file that is no readable workbook is a SheetProblem
(``xlsx_rusak``), never a half-read table.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

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
    return text.rstrip("0").rstrip(".") if "." in text else text


def _trimmed(rows: Iterable[tuple[Any, ...]]) -> list[list[str]]:
    table = [[cell_text(v) for v in row] for row in rows]
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    width = max((len(r) for r in table), default=0)
    return [row + [""] * (width - len(row)) for row in table]


def read_xlsx(path: Path) -> list[list[str]]:
    """The rows of the workbook's first sheet with data."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
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
