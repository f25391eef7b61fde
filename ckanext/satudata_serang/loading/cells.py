"""Cells of Indonesian tables as text, read as numbers and dates, and the type of a
column any_ambiguous from all of its cells. Pure: no CKAN, no database.

Numbers come in two conventions: Indonesian (``1.234.567``, ``12,5``, ``-1.234,56``)
and English (``1,234,567``, ``12.5``). Some cells fit both (``1.234``, ``1,234``); a
column is read in one convention, any_ambiguous by the cells that fit only one. A column
whose cells all fit both is read the Indonesian way (the portal's convention), and the
decision is reported so the produsen can see it. A column is never given a type that
would change what a cell says: a code with leading zeros (``0254``), more than 15
significant digits, or cells of both conventions stay text.

Dates are day first (``31/12/2024``, ``31-12-2024``, ``31 Desember 2024``, ISO
``2024-12-31``); a month alone (``Desember 2024``) is a period, not a day, and stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum


class Convention(Enum):
    INDONESIAN = "id"  # . thousands, , decimals
    ENGLISH = "en"  # , thousands, . decimals


class ColumnType(Enum):
    INTEGER = "int"
    NUMERIC = "numeric"
    DATE = "date"
    TEXT = "text"


_PLAIN = re.compile(r"^[+-]?\d+$", re.ASCII)
_ID_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)
_ID_DECIMAL = re.compile(r"^[+-]?\d+,\d+$", re.ASCII)
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_EN_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$", re.ASCII)
_LEADING_ZERO = re.compile(r"^[+-]?0\d", re.ASCII)
_MAX_DIGITS = 15  # what a float or a spreadsheet keeps exactly


@dataclass(frozen=True)
class NumberReading:
    """How a cell can be read: as what number in each convention it fits."""

    indonesian: Decimal | None
    english: Decimal | None

    @property
    def ambiguous(self) -> bool:
        return (
            self.indonesian is not None
            and self.english is not None
            and self.indonesian != self.english
        )


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def read_number(cell: str) -> NumberReading | None:
    """The numbers the cell can be, or None when it is no number in either
    convention (spaces around are ignored; a non-breaking space too)."""
    text = cell.strip().replace("\u00a0", "")
    if not text:
        return None
    if _PLAIN.match(text):
        value = _decimal(text)
        return NumberReading(value, value)
    indonesian = english = None
    if _ID_GROUPED.match(text) or _ID_DECIMAL.match(text):
        indonesian = _decimal(text.replace(".", "").replace(",", "."))
    if _EN_GROUPED.match(text) or _EN_DECIMAL.match(text):
        english = _decimal(text.replace(",", ""))
    if indonesian is None and english is None:
        return None
    return NumberReading(indonesian, english)


def _digits(value: Decimal) -> int:
    return len(value.as_tuple().digits)


@dataclass(frozen=True)
class NumberColumn:
    """The numbers of a column, read in one convention."""

    values: list[Decimal | None]
    convention: Convention
    chosen_by_default: bool  # every cell fitted both: the portal's convention was taken

    @property
    def is_integer(self) -> bool:
        return all(v is None or v == v.to_integral_value() for v in self.values)


def read_numbers(cells: Iterable[str]) -> NumberColumn | None:
    """The column as numbers, if every non-empty cell is one in a single convention
    and none would lose what it says; else None (the column stays text)."""
    readings: list[NumberReading | None] = []
    fits_id = fits_en = True
    any_ambiguous = False
    for cell in cells:
        if not cell.strip():
            readings.append(None)
            continue
        text = cell.strip()
        reading = read_number(text)
        if reading is None or _LEADING_ZERO.match(text):
            return None
        fits_id = fits_id and reading.indonesian is not None
        fits_en = fits_en and reading.english is not None
        any_ambiguous = any_ambiguous or reading.indonesian != reading.english
        readings.append(reading)
    if not any(readings) or not (fits_id or fits_en):
        return None
    use_id = fits_id  # both fit: the portal's convention
    values = [None if r is None else (r.indonesian if use_id else r.english) for r in readings]
    if any(v is not None and _digits(v) > _MAX_DIGITS for v in values):
        return None
    return NumberColumn(
        values,
        Convention.INDONESIAN if use_id else Convention.ENGLISH,
        chosen_by_default=fits_id and fits_en and any_ambiguous,
    )


MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "peb": 2, "pebruari": 2,
    "maret": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6,
    "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agu.": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)
_NAMED_MONTH = re.compile(r"^(\d{1,2})\s+([A-Za-z.]+)\s+(\d{4})$", re.ASCII)


def read_date(cell: str) -> date | None:
    """The day the cell names, day first; None for anything else (a month alone
    included)."""
    text = cell.strip()
    parts: tuple[int, int, int] | None = None
    if found := _ISO.match(text):
        parts = (int(found[1]), int(found[2]), int(found[3]))
    elif found := _DAY_FIRST.match(text):
        parts = (int(found[3]), int(found[2]), int(found[1]))
    elif (found := _NAMED_MONTH.match(text)) and found[2].lower() in MONTHS:
        parts = (int(found[3]), MONTHS[found[2].lower()], int(found[1]))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


@dataclass(frozen=True)
class ColumnReading:
    """What a column is, and (for numbers) the convention it was read in."""

    type: ColumnType
    convention: Convention | None = None
    chosen_by_default: bool = False


def column_type(cells: Iterable[str]) -> ColumnReading:
    """The column's type from all of its cells: a type only when every non-empty cell
    is one, read without losing anything; otherwise text."""
    values = list(cells)
    if not any(v.strip() for v in values):
        return ColumnReading(ColumnType.TEXT)
    numbers = read_numbers(values)
    if numbers is not None:
        return ColumnReading(
            ColumnType.INTEGER if numbers.is_integer else ColumnType.NUMERIC,
            numbers.convention,
            numbers.chosen_by_default,
        )
    if all(read_date(v) is not None for v in values if v.strip()):
        return ColumnReading(ColumnType.DATE)
    return ColumnReading(ColumnType.TEXT)
