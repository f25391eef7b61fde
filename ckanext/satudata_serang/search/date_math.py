"""Solr date math (``NOW/DAY-7DAYS``, ``2024-01-01T00:00:00Z+1MONTH``) in pure Python.

Range bounds stay strings in the query AST; the SQL compiler resolves them here
against one ``now`` per request, as Solr does with its request-wide NOW.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from ckanext.satudata_serang.search.query_parser import QuerySyntaxError

__all__ = ["QuerySyntaxError", "looks_like_date", "resolve"]

_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?)?")
_OPERATION = re.compile(r"([+-])(\d+)([A-Za-z]+)|/([A-Za-z]+)")
# Only the shape: a string that starts like a date is meant as one, so the compiler
# should resolve it and report a typo instead of quietly comparing it as text.
_DATE_SHAPE = re.compile(r"(?i:NOW)(?:$|[+\-/])|\d{4}-\d{2}-\d{2}(?:$|[T+\-/])")

_UNITS = {
    "YEAR": "YEAR", "YEARS": "YEAR",
    "MONTH": "MONTH", "MONTHS": "MONTH",
    "DAY": "DAY", "DAYS": "DAY", "DATE": "DAY",
    "HOUR": "HOUR", "HOURS": "HOUR",
    "MINUTE": "MINUTE", "MINUTES": "MINUTE",
    "SECOND": "SECOND", "SECONDS": "SECOND",
    "MILLI": "MILLI", "MILLIS": "MILLI",
    "MILLISECOND": "MILLI", "MILLISECONDS": "MILLI",
}  # fmt: skip
_STEP = {
    "DAY": timedelta(days=1),
    "HOUR": timedelta(hours=1),
    "MINUTE": timedelta(minutes=1),
    "SECOND": timedelta(seconds=1),
    "MILLI": timedelta(milliseconds=1),
}


def looks_like_date(value: str) -> bool:
    """Whether a range bound is written as a date (``NOW…`` or ``YYYY-MM-DD…``).

    A shape check only: pass the value to :func:`resolve`, which raises
    :class:`QuerySyntaxError` for a malformed date such as ``2024-13-01``.
    """
    return _DATE_SHAPE.match(value.strip()) is not None


def resolve(expr: str, now: datetime) -> datetime:
    """Evaluate Solr date math to a timezone-aware UTC datetime.

    ``now`` stands for ``NOW``; a naive ``now`` is taken to be UTC. Units are
    case-insensitive; adding months or years clamps the day to the month's end
    (Jan 31 + 1MONTH = Feb 28/29), like Solr.
    """
    text = expr.strip()
    if text[:3].upper() == "NOW":
        value = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
        at = 3
    else:
        match = _INSTANT.match(text)
        if not match:
            raise _error("Tanggal harus berbentuk 2024-01-31T00:00:00Z atau NOW.", text, 0)
        value = _instant(match, text)
        at = match.end()
    while at < len(text):
        match = _OPERATION.match(text, at)
        if not match:
            raise _error("Operasi tanggal harus berbentuk +1DAY, -2MONTHS atau /DAY.", text, at)
        sign, amount, add_unit, round_unit = match.groups()
        unit = _UNITS.get((add_unit or round_unit).upper())
        if unit is None:
            raise _error("Satuan waktu tidak dikenal.", text, at)
        try:
            if round_unit:
                value = _round(value, unit)
            else:
                value = _add(value, unit, int(amount) if sign == "+" else -int(amount))
        except (OverflowError, ValueError):
            raise _error("Hasil tanggal di luar jangkauan.", text, at) from None
        at = match.end()
    return value


def _error(reason: str, text: str, position: int) -> QuerySyntaxError:
    return QuerySyntaxError(f"Ekspresi tanggal tidak valid: {reason}", text, position)


def _instant(match: re.Match[str], text: str) -> datetime:
    year, month, day, hour, minute, second, fraction = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(
            int(year), int(month), int(day),
            int(hour or 0), int(minute or 0), int(second or 0), micro, tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        raise _error("Tanggal atau jam di luar kalender.", text, 0) from None


def _add(value: datetime, unit: str, amount: int) -> datetime:
    if unit in ("YEAR", "MONTH"):
        months = value.year * 12 + value.month - 1 + (amount * 12 if unit == "YEAR" else amount)
        year, month = divmod(months, 12)
        month += 1
        if not 1 <= year <= 9999:
            raise OverflowError
        day = min(value.day, calendar.monthrange(year, month)[1])
        return value.replace(year=year, month=month, day=day)
    return value + _STEP[unit] * amount


def _round(value: datetime, unit: str) -> datetime:
    # Solr's "/UNIT" truncates everything smaller than UNIT.
    if unit == "MILLI":
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    value = value.replace(microsecond=0)
    if unit == "SECOND":
        return value
    value = value.replace(second=0)
    if unit == "MINUTE":
        return value
    value = value.replace(minute=0)
    if unit == "HOUR":
        return value
    value = value.replace(hour=0)
    if unit == "DAY":
        return value
    value = value.replace(day=1)
    return value if unit == "MONTH" else value.replace(month=1)
