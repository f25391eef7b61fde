"""Reading the cells of Indonesian tables (loading/cells.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ckanext.satudata_serang.loading.cells import (
    ColumnType,
    Convention,
    column_type,
    read_date,
    read_number,
    read_numbers,
)


@pytest.mark.parametrize(
    ("cell", "indonesian", "english"),
    [
        ("1234", "1234", "1234"),
        ("-17", "-17", "-17"),
        ("1.234.567", "1234567", None),
        ("12,5", "12.5", None),
        ("-1.234,56", "-1234.56", None),
        ("1,234,567", None, "1234567"),
        ("12.5", None, "12.5"),
        ("1,234.5", None, "1234.5"),
        ("1.234", "1234", "1.234"),
        ("1,234", "1.234", "1234"),
        (" 2.500\u00a0", "2500", "2.500"),
    ],
)
def test_a_cell_is_read_in_each_convention_it_fits(
    cell: str, indonesian: str | None, english: str | None
) -> None:
    reading = read_number(cell)
    assert reading is not None
    assert reading.indonesian == (Decimal(indonesian) if indonesian else None)
    assert reading.english == (Decimal(english) if english else None)


@pytest.mark.parametrize("cell", ["", "abc", "1.23.4", "12,5,6", "1 234", "Rp 5.000", "-", "..."])
def test_what_is_no_number(cell: str) -> None:
    assert read_number(cell) is None


def test_an_indonesian_column_of_thousands_and_decimals() -> None:
    column = read_numbers(["1.234.567", "12,5", "", "7"])
    assert column is not None
    assert column.convention is Convention.INDONESIAN
    assert column.values == [Decimal("1234567"), Decimal("12.5"), None, Decimal("7")]
    assert not column.chosen_by_default


def test_one_unambiguous_cell_decides_the_whole_column() -> None:
    column = read_numbers(["1.234", "2.500", "0.75"])  # 0.75 is English only
    assert column is not None and column.convention is Convention.ENGLISH
    assert column.values == [Decimal("1.234"), Decimal("2.500"), Decimal("0.75")]


def test_a_column_that_fits_both_is_read_the_portals_way_and_says_so() -> None:
    column = read_numbers(["1.234", "2.500", "12.000"])
    assert column is not None
    assert column.convention is Convention.INDONESIAN
    assert column.values == [Decimal("1234"), Decimal("2500"), Decimal("12000")]
    assert column.chosen_by_default


def test_plain_integers_need_no_convention_choice() -> None:
    column = read_numbers(["2020", "2021"])
    assert column is not None and not column.chosen_by_default


@pytest.mark.parametrize(
    "cells",
    [
        ["12.5", "12,5"],  # both conventions in one column
        ["0254", "1200"],  # a code with a leading zero
        ["1234567890123456"],  # more digits than a float keeps
        ["12", "dua belas"],
        ["", " "],
    ],
)
def test_columns_that_stay_text(cells: list[str]) -> None:
    assert read_numbers(cells) is None
    assert column_type(cells).type is ColumnType.TEXT


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2024-12-31", date(2024, 12, 31)),
        ("31/12/2024", date(2024, 12, 31)),
        ("01/02/2024", date(2024, 2, 1)),  # day first, always
        ("1-2-2024", date(2024, 2, 1)),
        ("31 Desember 2024", date(2024, 12, 31)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("5 Okt 2023", date(2023, 10, 5)),
    ],
)
def test_days_are_read_day_first(cell: str, day: date) -> None:
    assert read_date(cell) == day


@pytest.mark.parametrize("cell", ["Desember 2024", "31/02/2024", "2024", "12/31/2024", "besok"])
def test_what_is_no_day(cell: str) -> None:
    assert read_date(cell) is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1", "2", "3"], ColumnType.INTEGER),
        (["1.234.567", "2.000"], ColumnType.INTEGER),
        (["12,5", "3"], ColumnType.NUMERIC),
        (["31/12/2024", "", "1 Januari 2025"], ColumnType.DATE),
        (["Desember 2024", "Januari 2025"], ColumnType.TEXT),
        (["Kecamatan Serang", "Kasemen"], ColumnType.TEXT),
    ],
)
def test_the_type_of_a_column(cells: list[str], expected: ColumnType) -> None:
    assert column_type(cells).type is expected
