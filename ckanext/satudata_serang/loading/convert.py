"""Each cell of a column turned into the text the DataStore reads, fast enough for a
million rows, and checked against what the column was taken to be.

The column's reading (cells.ColumnReading) is decided from a sample of rows; every
later cell is checked against it while it is converted. A cell that does not fit
(a word in a number column, a number the other convention reads, an impossible day)
raises Mismatch, and the loading job then reads the whole file the exact way
(table.layout over every row). So a column is never given a type one of its cells
would lose by: the answer is always the one cells.column_type gives over all cells.
Pure: no CKAN, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .cells import ColumnReading, ColumnType, Convention, read_date

_PLAIN = re.compile(r"[+-]?[0-9]+\Z")
_ID = re.compile(r"[+-]?(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+,[0-9]+)\Z")
_EN = re.compile(r"[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+\.[0-9]+)\Z")
_LEADING_ZERO = re.compile(r"[+-]?0[0-9]")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")
MAX_DIGITS = 15


class Mismatch(Exception):
    """A cell the column's reading does not cover."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


@dataclass
class NumberFacts:
    """What the cells of a number column showed, for its final type and notes."""

    whole: bool = True  # every value is a whole number
    fits_english: bool = True  # every cell also reads as an English number
    ambiguous: bool = False  # a cell reads differently in the two conventions


Converter = Callable[[str], "str | None"]


def _digits(number: str) -> int:
    return len(number.lstrip("+-").replace(".", "").replace(",", "").lstrip("0"))


def _whole_number(text: str) -> str:
    """A cell of plain ASCII digits (most cells of most number columns)."""
    if (len(text) > 1 and text[0] == "0") or len(text) > MAX_DIGITS:
        raise Mismatch(text)
    return text


def _indonesian(facts: NumberFacts) -> Converter:
    def convert(cell: str) -> str | None:
        text = cell.strip()
        if not text:
            return None
        if text.isdigit() and text.isascii():
            return _whole_number(text)
        number = text.replace("\u00a0", "")
        if not _ID.match(number) or _LEADING_ZERO.match(text) or _digits(number) > MAX_DIGITS:
            raise Mismatch(cell)
        value = number.replace(".", "").replace(",", ".")
        if not _PLAIN.match(number):
            if not _EN.match(number):
                facts.fits_english = False
            elif not facts.ambiguous and Decimal(value) != Decimal(number.replace(",", "")):
                facts.ambiguous = True  # 1.234: a thousand here, a bit more than one there
        if facts.whole and "." in value and value.rstrip("0")[-1] != ".":
            facts.whole = False
        return value

    return convert


def _english(facts: NumberFacts) -> Converter:
    def convert(cell: str) -> str | None:
        text = cell.strip()
        if not text:
            return None
        if text.isdigit() and text.isascii():
            return _whole_number(text)
        number = text.replace("\u00a0", "")
        if not _EN.match(number) or _LEADING_ZERO.match(text) or _digits(number) > MAX_DIGITS:
            raise Mismatch(cell)
        value = number.replace(",", "")
        if facts.whole and "." in value and value.rstrip("0")[-1] != ".":
            facts.whole = False
        return value

    return convert


def _date(cell: str) -> str | None:
    text = cell.strip()
    if not text:
        return None
    found = _DAY_FIRST.match(text)
    if found:  # the usual form, without read_date's other tries
        try:
            return date(int(found[3]), int(found[2]), int(found[1])).isoformat()
        except ValueError:
            raise Mismatch(cell) from None
    day = read_date(text)
    if day is None:
        raise Mismatch(cell)
    return day.isoformat()


def _text(cell: str) -> str | None:
    return cell if cell.strip() else None


def _nothing(cell: str) -> str | None:
    """A column the sample showed empty: any value changes what it may be."""
    if cell.strip():
        raise Mismatch(cell)
    return None


def converter(reading: ColumnReading, facts: NumberFacts, seen_values: bool = True) -> Converter:
    """The converter of a column read as ``reading``; number columns record what they
    see in ``facts``. ``seen_values``: whether the sample held any value."""
    if not seen_values:
        return _nothing
    if reading.type in (ColumnType.INTEGER, ColumnType.NUMERIC):
        if reading.convention is Convention.ENGLISH:
            facts.fits_english = True
            return _english(facts)
        return _indonesian(facts)
    if reading.type is ColumnType.DATE:
        return _date
    return _text


def final_reading(reading: ColumnReading, facts: NumberFacts) -> ColumnReading:
    """The column's reading over all of its cells (after every cell was converted)."""
    if reading.type not in (ColumnType.INTEGER, ColumnType.NUMERIC):
        return reading
    kind = ColumnType.INTEGER if facts.whole else ColumnType.NUMERIC
    if reading.convention is Convention.ENGLISH:
        return ColumnReading(kind, Convention.ENGLISH, False)
    return ColumnReading(kind, Convention.INDONESIAN, facts.fits_english and facts.ambiguous)
