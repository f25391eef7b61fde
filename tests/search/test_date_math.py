from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ckanext.satudata_serang.search import query_parser
from ckanext.satudata_serang.search.date_math import (
    QuerySyntaxError,
    looks_like_date,
    resolve,
)

NOW = datetime(2024, 3, 15, 13, 45, 30, 123456, tzinfo=UTC)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
    micro: int = 0,
) -> datetime:  # fmt: skip
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2024-01-01T00:00:00Z", utc(2024, 1, 1)),
        ("2024-01-01T10:20:30Z", utc(2024, 1, 1, 10, 20, 30)),
        ("2024-01-01T10:20:30.5Z", utc(2024, 1, 1, 10, 20, 30, 500000)),
        ("2024-01-01T10:20:30.123456789Z", utc(2024, 1, 1, 10, 20, 30, 123456)),
        ("2024-01-01T10:20:30", utc(2024, 1, 1, 10, 20, 30)),
        ("2024-01-01", utc(2024, 1, 1)),
        (" 2024-01-01 ", utc(2024, 1, 1)),
    ],
)
def test_instants(expr: str, expected: datetime) -> None:
    assert resolve(expr, NOW) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("NOW", NOW),
        ("now", NOW),
        ("NOW-1DAY", NOW - timedelta(days=1)),
        ("NOW+2HOURS", NOW + timedelta(hours=2)),
        ("NOW-30MINUTES", NOW - timedelta(minutes=30)),
        ("NOW+10SECONDS", NOW + timedelta(seconds=10)),
        ("NOW+5MILLIS", NOW + timedelta(milliseconds=5)),
        ("NOW+1MILLISECOND", NOW + timedelta(milliseconds=1)),
        ("NOW+1DATE", NOW + timedelta(days=1)),
        ("NOW/DAY", utc(2024, 3, 15)),
        ("NOW/HOUR", utc(2024, 3, 15, 13)),
        ("NOW/MINUTE", utc(2024, 3, 15, 13, 45)),
        ("NOW/SECOND", utc(2024, 3, 15, 13, 45, 30)),
        ("NOW/MILLI", utc(2024, 3, 15, 13, 45, 30, 123000)),
        ("NOW/MONTH", utc(2024, 3, 1)),
        ("NOW/YEAR", utc(2024, 1, 1)),
        ("NOW/DAY-7DAYS", utc(2024, 3, 8)),
        ("NOW-5YEARS/YEAR", utc(2019, 1, 1)),
        ("NOW/DAY-7DAYS+1HOUR", utc(2024, 3, 8, 1)),
        ("NOW/day+1day", utc(2024, 3, 16)),
        ("2024-01-01T00:00:00Z+1MONTH", utc(2024, 2, 1)),
        ("2024-01-01-1DAY", utc(2023, 12, 31)),
        ("2024-06-17T08:00:00Z/MONTH", utc(2024, 6, 1)),
    ],
)
def test_math(expr: str, expected: datetime) -> None:
    assert resolve(expr, NOW) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2024-01-31T00:00:00Z+1MONTH", utc(2024, 2, 29)),
        ("2023-01-31T00:00:00Z+1MONTH", utc(2023, 2, 28)),
        ("2024-03-31T00:00:00Z-1MONTH", utc(2024, 2, 29)),
        ("2024-02-29T00:00:00Z+1YEAR", utc(2025, 2, 28)),
        ("2024-12-15T00:00:00Z+1MONTH", utc(2025, 1, 15)),
        ("2024-01-15T00:00:00Z-13MONTHS", utc(2022, 12, 15)),
        ("2024-01-31T00:00:00Z+1MONTH+1MONTH", utc(2024, 3, 29)),
    ],
)
def test_month_arithmetic_clamps_the_day(expr: str, expected: datetime) -> None:
    assert resolve(expr, NOW) == expected


def test_result_is_utc_for_any_now() -> None:
    jakarta = timezone(timedelta(hours=7))
    result = resolve("NOW/DAY", datetime(2024, 3, 15, 3, 0, tzinfo=jakarta))
    assert result == utc(2024, 3, 14)
    assert result.tzinfo is UTC
    naive = resolve("NOW", datetime(2024, 3, 15, 3, 0))
    assert naive == utc(2024, 3, 15, 3)


@pytest.mark.parametrize(
    "expr",
    [
        "",
        "kemarin",
        "2024",
        "24-01-01",
        "2024-13-01",
        "2024-02-30",
        "2024-01-01T25:00:00Z",
        "2024-01-01T10",
        "NOW-1",
        "NOW-DAY",
        "NOW-1FORTNIGHT",
        "NOW/WEEK",
        "NOW 1DAY",
        "NOW+1.5DAYS",
        "NOWX",
        "NOW-1DAY*",
        "NOW+99999999999999999999YEARS",
        "NOW+9999999999DAYS",
        "0001-01-01-1DAY",
        "9999-12-31+1YEAR",
    ],
)
def test_invalid(expr: str) -> None:
    with pytest.raises(QuerySyntaxError, match="Ekspresi tanggal tidak valid"):
        resolve(expr, NOW)


def test_error_points_at_the_bad_operation() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        resolve("NOW/DAY-1FORTNIGHT", NOW)
    assert info.value.position == len("NOW/DAY")
    assert "FORTNIGHT" in str(info.value)


def test_shares_the_parser_exception() -> None:
    assert QuerySyntaxError is query_parser.QuerySyntaxError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("NOW", True),
        ("now-1day", True),
        ("NOW/DAY+1DAY", True),
        ("2024-01-01T00:00:00Z", True),
        ("2024-01-01", True),
        ("2024-01-01-1YEAR", True),
        ("2024-13-45", True),  # shaped like a date: resolve() reports the typo
        ("2024", False),
        ("36.73", False),
        ("-5", False),
        ("NOWHERE", False),
        ("dinkes", False),
        ("2024-01", False),
        ("", False),
    ],
)
def test_looks_like_date(value: str, expected: bool) -> None:
    assert looks_like_date(value) is expected


def test_fuzz_never_crashes() -> None:
    rng = random.Random(7)
    pieces = ["NOW", "2024-01-31", "T10:00:00Z", "+", "-", "/", "1", "12", "DAY",
              "MONTHS", "YEAR", "MILLI", ".5", "Z", "x", " ", "99999"]  # fmt: skip
    for _ in range(3000):
        expr = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        try:
            result = resolve(expr, NOW)
        except QuerySyntaxError:
            continue
        assert result.tzinfo is UTC
