"""A table file read in two passes (loading/table.py): layout, then records."""

from __future__ import annotations

import csv
import io

import pytest

from ckanext.satudata_serang.loading.cells import ColumnType, Convention
from ckanext.satudata_serang.loading.table import TableProblem, layout, records


def rows_of(text: str, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


BPS = """Tabel 3.1 Jumlah Penduduk Kota Serang Menurut Kecamatan, 2024

Kode;Kecamatan;Penduduk;Luas (km²);Tanggal data
3673010;Curug;55.123;49,6;31/12/2024
3673020;Walantaka;62.001;48,48;31/12/2024
3673030;Cipocok Jaya;101.234;31,54;

Sumber: BPS Kota Serang
"""


def test_a_bps_table_with_a_title_and_a_source_line() -> None:
    rows = rows_of(BPS)
    plan = layout(rows)

    assert plan.header_row == 2
    assert [(f.column.name, f.type) for f in plan.fields] == [
        ("Kode", ColumnType.INTEGER),
        ("Kecamatan", ColumnType.TEXT),
        ("Penduduk", ColumnType.INTEGER),
        ("Luas (km²)", ColumnType.NUMERIC),
        ("Tanggal data", ColumnType.DATE),
    ]
    assert plan.fields[2].convention is Convention.INDONESIAN
    assert plan.data_rows == 3
    # 55.123 could be English decimals too: read as thousands, and the report says so
    assert {n.code for n in plan.notes} == {"judul_dilewati", "catatan_dilewati", "angka_indonesia"}
    assert list(records(rows, plan)) == [
        ["3673010", "Curug", "55123", "49.6", "2024-12-31"],
        ["3673020", "Walantaka", "62001", "48.48", "2024-12-31"],
        ["3673030", "Cipocok Jaya", "101234", "31.54", None],
    ]


def test_a_column_of_ambiguous_thousands_is_read_the_portals_way_with_a_note() -> None:
    rows = rows_of("tahun;jumlah\n2022;1.234\n2023;2.500\n")
    plan = layout(rows)
    assert plan.fields[1].type is ColumnType.INTEGER
    assert [n.values for n in plan.notes if n.code == "angka_indonesia"] == [{"kolom": "jumlah"}]
    assert list(records(rows, plan)) == [["2022", "1234"], ["2023", "2500"]]


def test_codes_with_leading_zeros_stay_as_written() -> None:
    rows = rows_of("kode;nama\n0254;Serang\n1200;Curug\n")
    plan = layout(rows)
    assert plan.fields[0].type is ColumnType.TEXT
    assert [r[0] for r in records(rows, plan)] == ["0254", "1200"]


def test_renamed_columns_are_noted() -> None:
    plan = layout(rows_of("_id;nama\n1;a\n"))
    assert plan.fields[0].column.name == "id"
    assert [n.code for n in plan.notes] == ["kolom_diganti"]


@pytest.mark.parametrize(
    ("text", "code", "values"),
    [
        ("satu kolom\nnilai\n", "bukan_tabel", {}),
        ("", "bukan_tabel", {}),
        ("a;;c\n1;2;3\n", "header_kosong", {"kolom": [2], "nama": "", "baris": 1}),
        ("a;b;a\n1;2;3\n", "header_ganda", {"kolom": [1, 3], "nama": "a", "baris": 1}),
        ("a;b\n1;2\n3;4;5\n", "baris_terlalu_lebar", {"baris": 3, "nilai": "5"}),
        ("a;b\n1;2\nSumber: BPS\n3;4\n", "catatan_di_tengah", {"baris": 4}),
    ],
)
def test_what_cannot_be_read_without_guessing(text: str, code: str, values: dict) -> None:
    with pytest.raises(TableProblem) as problem:
        layout(rows_of(text))
    assert (problem.value.code, problem.value.values) == (code, values)


def test_short_rows_are_padded_and_empty_cells_are_none() -> None:
    rows = rows_of("a;b;c\n1;x\n2;y;z\n")
    plan = layout(rows)
    assert list(records(rows, plan)) == [["1", "x", None], ["2", "y", "z"]]


def test_both_passes_stream() -> None:
    def generated():  # a generator can be read once: each pass gets its own
        yield ["tahun", "nilai"]
        for year in range(2000, 2100):
            yield [str(year), f"{year},5"]

    plan = layout(generated())
    assert plan.data_rows == 100
    assert sum(1 for _ in records(generated(), plan)) == 100
