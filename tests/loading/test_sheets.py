"""Spreadsheet cells as the text they show (loading/sheets.py), from real XLSX files
written with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from ckanext.satudata_serang.loading.sheets import SheetProblem, cell_text, read_xlsx


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (1234, "1234"),
        (1234.0, "1234"),
        (0.1 + 0.2, "0,3"),
        (12.5, "12,5"),
        (-0.000125, "-0,000125"),
        (1e20, "100000000000000000000"),
        (True, "true"),
        (datetime(2024, 12, 31), "2024-12-31"),
        (datetime(2024, 12, 31, 8, 30), "2024-12-31 08:30:00"),
        (date(2024, 1, 2), "2024-01-02"),
        ("0254", "0254"),
    ],
)
def test_a_cell_as_it_shows(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_a_workbook_with_a_title_above_its_table(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tabel 3.1 Jumlah Penduduk Kota Serang"])
    sheet.append([])
    sheet.append(["Kecamatan", "Jumlah", "Tanggal"])
    sheet.append(["Kasemen", 101_234, datetime(2024, 12, 31)])
    sheet.append(["Curug", 55_000.5, None])
    sheet["D4"] = "=B4*2"
    path = tmp_path / "penduduk.xlsx"
    book.save(path)

    rows = read_xlsx(path)

    assert rows[0][0] == "Tabel 3.1 Jumlah Penduduk Kota Serang"
    assert rows[2][:3] == ["Kecamatan", "Jumlah", "Tanggal"]
    assert rows[3][:3] == ["Kasemen", "101234", "2024-12-31"]
    assert rows[4][:3] == ["Curug", "55000,5", ""]
    # the formula in D4 has no value saved (openpyxl writes none): column D is empty
    # everywhere and left out; every row has the same width
    assert all(len(row) == 3 for row in rows)


def test_the_first_sheet_with_data_is_read(tmp_path: Path) -> None:
    book = Workbook()
    book.create_sheet("Data").append(["a", "b"])
    path = tmp_path / "dua.xlsx"
    book.save(path)
    assert read_xlsx(path) == [["a", "b"]]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 terpotong", b"kolom;nilai\n1;2\n"])
def test_a_broken_workbook_is_a_problem_not_a_table(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(content)
    with pytest.raises(SheetProblem) as problem:
        read_xlsx(path)
    assert problem.value.code == "xlsx_rusak"
