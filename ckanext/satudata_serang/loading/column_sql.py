"""The reading rules of cells.py written as SQL, for tables too large to read cell by
cell in Python: a staging table of text columns (``c1`` … ``cN``, plus ``_line``) is
examined in one pass (analysis_query) and converted in one more (select_list).

cells.py stays the reference: tests run both on the same cells and require the same
answers. Pure: builds SQL text only; the identifiers it writes are its own (``cN``)
or quoted column names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .cells import MONTHS, ColumnReading, ColumnType, Convention

# exactly what Python's str.strip() removes, so "empty" means the same on both sides
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACE = r"[ \t\n\r\f\v]"  # what cells.py's patterns accept between words (re.ASCII \s)

_FITS_ID = r"^[+-]?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?|[0-9]+,[0-9]+)$"
_FITS_EN = r"^[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+\.[0-9]+)$"
_PLAIN = r"^[+-]?[0-9]+$"
_LEADING_ZERO = r"^[+-]?0[0-9]"
_WHOLE_ID = r"^[^,]*(,0+)?$"
_WHOLE_EN = r"^[^.]*([.]0+)?$"
_ISO = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
_DAY_FIRST = r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}$"
_NAMED = rf"^[0-9]{{1,2}}{_SPACE}+[A-Za-z.]+{_SPACE}+[0-9]{{4}}$"
FOOTNOTE = r"^(sumber|catatan|keterangan|source|note|\*\))"
MAX_DIGITS = 15


def literal(text: str) -> str:
    """A PostgreSQL string literal (standard_conforming_strings on: only ' doubles)."""
    return "'" + text.replace("'", "''") + "'"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw(position: int) -> str:
    """The staging column of the table's ``position``-th column (1-based)."""
    return f"c{position}"


def trimmed(position: int) -> str:
    return f"btrim({raw(position)}, {literal(WHITESPACE)})"


def _number_text(position: int) -> str:
    return f"replace({trimmed(position)}, {literal(chr(0xA0))}, '')"


def _month(text: str) -> str:
    cases = " ".join(f"WHEN {literal(name)} THEN {number}" for name, number in MONTHS.items())
    return f"(CASE lower({text}) {cases} END)"


def _day(year: str, month: str, day: str) -> str:
    """make_date only for a day that exists (make_date would raise otherwise)."""
    days = (
        f"(CASE WHEN {month} = 2 THEN CASE WHEN ({year} % 4 = 0 AND {year} % 100 <> 0)"
        f" OR {year} % 400 = 0 THEN 29 ELSE 28 END"
        f" WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
    )
    return (
        f"CASE WHEN {month} BETWEEN 1 AND 12 AND {year} BETWEEN 1 AND 9999"
        f" AND {day} BETWEEN 1 AND {days} THEN make_date({year}, {month}, {day}) END"
    )


def date_of(text: str) -> str:
    """The day a trimmed cell names (cells.read_date), else NULL."""
    dmy = f"translate({text}, './', '--')"
    words = f"regexp_split_to_array({text}, {literal(_SPACE + '+')})"

    def part(source: str, index: int) -> str:
        return f"split_part({source}, '-', {index})::int"

    return (
        f"(CASE WHEN {text} ~ {literal(_ISO)} THEN "
        + _day(part(text, 1), part(text, 2), part(text, 3))
        + f" WHEN {text} ~ {literal(_DAY_FIRST)} THEN "
        + _day(part(dmy, 3), part(dmy, 2), part(dmy, 1))
        + f" WHEN {text} ~ {literal(_NAMED)} THEN "
        + _day(f"({words})[3]::int", _month(f"({words})[2]"), f"({words})[1]::int")
        + " END)"
    )


def _cells(width: int) -> str:
    return ", ".join(raw(p) for p in range(1, width + 1))


def is_empty(width: int) -> str:
    """No cell at all (COPY reads an empty field as NULL; the Python reader writes a
    cell of only spaces as empty too)."""
    return f"(num_nonnulls({_cells(width)}) = 0)"


def is_footnote(width: int) -> str:
    """A row with one filled cell that starts like a note ("Sumber: BPS")."""
    first = f"lower(btrim(coalesce({_cells(width)}), {literal(WHITESPACE)}))"
    return (
        f"(CASE WHEN num_nonnulls({_cells(width)}) = 1"
        f" THEN {first} ~ {literal(FOOTNOTE)} ELSE false END)"
    )


class Check(Enum):
    """How much of a column is examined over all rows, from what a sample showed."""

    FULL = "full"  # every fact (the sample had no value, or a check failed)
    PLAIN = "plain"  # the sample: whole numbers without separators
    INDONESIAN = "id"  # the sample: numbers that all read the Indonesian way
    ENGLISH = "en"  # the sample: numbers only the English way reads
    DATE = "date"
    NONE = "none"  # the sample: text that no other row can change


def check_for(sample: ColumnReading, sample_cells: Sequence[str]) -> Check:
    filled = [c.strip() for c in sample_cells if c.strip()]
    if not filled:
        return Check.FULL
    if sample.type is ColumnType.DATE:
        return Check.DATE
    if sample.type is ColumnType.TEXT:
        return Check.NONE
    if all(re.match(r"^[+-]?[0-9]+$", c) for c in filled):
        return Check.PLAIN
    return Check.INDONESIAN if sample.convention is Convention.INDONESIAN else Check.ENGLISH


def _facts(position: int, check: Check) -> list[str]:
    t, n = f"t{position}", f"n{position}"
    filled = f"FILTER (WHERE {t} <> '' AND NOT note)"
    p = position
    digits = f"max(length(ltrim(translate({n}, '+-.,', ''), '0'))) {filled} AS digits_{p}"
    no_zero = f"{t} !~ {literal(_LEADING_ZERO)}"
    if check is Check.PLAIN:
        return [
            f"bool_and({n} ~ {literal(_PLAIN)} AND {no_zero}) {filled} AS plain_{p}",
            digits,
        ]
    if check is Check.INDONESIAN:
        return [
            f"bool_and({n} ~ {literal(_FITS_ID)} AND {no_zero}) {filled} AS number_{p}",
            f"bool_and({n} ~ {literal(_WHOLE_ID)}) {filled} AS whole_id_{p}",
            f"bool_and({n} ~ {literal(_FITS_EN)}) {filled} AS fits_en_{p}",
            f"bool_or({n} !~ {literal(_PLAIN)} AND {n} ~ {literal(_FITS_EN)}) {filled}"
            f" AS ambiguous_{p}",
            digits,
        ]
    if check is Check.ENGLISH:
        return [
            f"bool_and({n} ~ {literal(_FITS_EN)} AND {no_zero}) {filled} AS number_{p}",
            f"bool_and({n} ~ {literal(_WHOLE_EN)}) {filled} AS whole_en_{p}",
            digits,
        ]
    if check is Check.DATE:
        return [f"bool_and({date_of(t)} IS NOT NULL) {filled} AS date_{p}"]
    if check is Check.NONE:
        return []
    return [
        f"count(*) {filled} > 0 AS has_{p}",
        f"bool_and(({n} ~ {literal(_FITS_ID)} OR {n} ~ {literal(_FITS_EN)})"
        f" AND {no_zero}) {filled} AS number_{p}",
        f"bool_and({n} ~ {literal(_FITS_ID)}) {filled} AS fits_id_{p}",
        f"bool_and({n} ~ {literal(_FITS_EN)}) {filled} AS fits_en_{p}",
        f"bool_or({n} !~ {literal(_PLAIN)} AND {n} ~ {literal(_FITS_ID)}"
        f" AND {n} ~ {literal(_FITS_EN)}) {filled} AS ambiguous_{p}",
        f"bool_and({n} ~ {literal(_WHOLE_ID)}) {filled} AS whole_id_{p}",
        f"bool_and({n} ~ {literal(_WHOLE_EN)}) {filled} AS whole_en_{p}",
        digits,
        f"bool_and({date_of(t)} IS NOT NULL) {filled} AS date_{p}",
    ]


def analysis_query(table: str, width: int, checks: Mapping[int, Check]) -> str:
    """One row: the facts of each column in ``checks`` (named ``<fact>_<position>``)
    and, for the rows, how many hold data, the last data row and the first footnote
    (``_line`` numbers). Columns not in ``checks`` are not examined."""
    parts = [
        "count(*) FILTER (WHERE NOT note AND NOT empty) AS data_rows",
        "max(_line) FILTER (WHERE NOT note AND NOT empty) AS last_data",
        "min(_line) FILTER (WHERE note) AS first_note",
        "count(*) FILTER (WHERE note) AS notes",
    ]
    for position, check in sorted(checks.items()):
        parts += _facts(position, check)
    inner = ", ".join(
        ["_line", f"{is_footnote(width)} AS note", f"{is_empty(width)} AS empty"]
        + [
            f"{trimmed(p)} AS t{p}, {_number_text(p)} AS n{p}"
            for p in sorted(checks)
            if checks[p] is not Check.NONE
        ]
    )
    return f"SELECT {', '.join(parts)} FROM (SELECT {inner} FROM {identifier(table)}) AS cells"


@dataclass(frozen=True)
class Facts:
    """What the analysis found about one column."""

    has_data: bool
    reading: ColumnReading


@dataclass(frozen=True)
class Rows:
    data_rows: int
    last_data: int | None
    first_note: int | None
    notes: int


def rows(result: Mapping[str, Any]) -> Rows:
    return Rows(
        int(result["data_rows"] or 0),
        result["last_data"],
        result["first_note"],
        int(result["notes"] or 0),
    )


def column_reading(result: Mapping[str, Any], position: int, check: Check) -> Facts | None:
    """cells.column_type's answer for the column over all rows, from the analysis
    row; None when the check made from the sample failed (examine it in FULL)."""

    def fact(name: str) -> Any:
        return result[f"{name}_{position}"]

    def number(whole: Any, convention: Convention, by_default: bool) -> Facts:
        kind = ColumnType.INTEGER if whole else ColumnType.NUMERIC
        return Facts(True, ColumnReading(kind, convention, by_default))

    if check is Check.NONE:
        return Facts(True, ColumnReading(ColumnType.TEXT))
    if check is Check.DATE:
        return Facts(True, ColumnReading(ColumnType.DATE)) if fact("date") else None
    digits_ok = int(fact("digits") or 0) <= MAX_DIGITS
    if check is Check.PLAIN:
        if fact("plain") and digits_ok:
            return number(True, Convention.INDONESIAN, False)
        return None
    if check is Check.INDONESIAN:
        if fact("number") and digits_ok:
            by_default = bool(fact("fits_en")) and bool(fact("ambiguous"))
            return number(fact("whole_id"), Convention.INDONESIAN, by_default)
        return None
    if check is Check.ENGLISH:
        if fact("number") and digits_ok:
            return number(fact("whole_en"), Convention.ENGLISH, False)
        return None
    if not fact("has"):
        return Facts(False, ColumnReading(ColumnType.TEXT))
    fits_id, fits_en = bool(fact("fits_id")), bool(fact("fits_en"))
    if fact("number") and (fits_id or fits_en) and digits_ok:
        if fits_id:
            return number(
                fact("whole_id"), Convention.INDONESIAN, fits_en and bool(fact("ambiguous"))
            )
        return number(fact("whole_en"), Convention.ENGLISH, False)
    if fact("date"):
        return Facts(True, ColumnReading(ColumnType.DATE))
    return Facts(True, ColumnReading(ColumnType.TEXT))


PG_TYPES = {
    ColumnType.INTEGER: "int8",
    ColumnType.NUMERIC: "numeric",
    ColumnType.DATE: "date",
    ColumnType.TEXT: "text",
}


def value(position: int, reading: ColumnReading) -> str:
    """The SQL that turns the staging cell into the column's value (table._value)."""
    t, n = trimmed(position), _number_text(position)
    if reading.type in (ColumnType.INTEGER, ColumnType.NUMERIC):
        if reading.convention is Convention.ENGLISH:
            number = f"replace(nullif({n}, ''), ',', '')::numeric"
        else:
            number = f"replace(replace(nullif({n}, ''), '.', ''), ',', '.')::numeric"
        return f"{number}::int8" if reading.type is ColumnType.INTEGER else number
    if reading.type is ColumnType.DATE:
        return date_of(f"nullif({t}, '')")
    return f"CASE WHEN {t} = '' THEN NULL ELSE {raw(position)} END"


@dataclass(frozen=True)
class Target:
    position: int  # in the staging table
    name: str  # the DataStore column
    reading: ColumnReading


def select_list(columns: Sequence[Target]) -> str:
    """The converted columns, named as in the DataStore."""
    return ", ".join(f"{value(c.position, c.reading)} AS {identifier(c.name)}" for c in columns)


def full_text(columns: Sequence[Target]) -> str:
    """The DataStore's _full_text of a converted row, as its trigger would compute it
    (populate_full_text_trigger: the non-null values as text, space-separated)."""
    values = ", ".join(f"{identifier(c.name)}::text" for c in columns)
    return f"to_tsvector(concat_ws(' ', {values}))"
