"""The Daftar Data as the Forum Satu Data's spreadsheet (daftar/spreadsheet.py):
which columns are read, which rows, what a wrong row says, and files an export
writes that Excel opens and the import reads back the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ckanext.satudata_serang.daftar import spreadsheet
from ckanext.satudata_serang.daftar.spreadsheet import LayoutProblem, read
from ckanext.satudata_serang.daftar.values import EntryValues, Known
from ckanext.satudata_serang.loading.source import open_table

KNOWN = Known(
    organizations={
        "DINKES": "id-dinkes",
        "dinkes": "id-dinkes",
        "DISDUKCAPIL": "id-disdukcapil",
        "disdukcapil": "id-disdukcapil",
    },
    urusan={"1.02", "2.10", "2.12"},
    frekuensi={"tahunan", "triwulanan", "bulanan", "ad_hoc"},
    standar={"penduduk-kecamatan"},
)
HEADER = ["Tahun", "Nama Data", "OPD", "Urusan", "Frekuensi", "Data Prioritas", "Tenggat"]


def checked(rows: list[list[str]], tahun: int | None = None) -> list[EntryValues]:
    entries, errors = spreadsheet.check(read(rows, tahun), KNOWN, tahun)
    assert errors == []
    return [entry for _row, entry in entries]


def errors_of(rows: list[list[str]], tahun: int | None = None) -> list[str]:
    return spreadsheet.check(read(rows, tahun), KNOWN, tahun)[1]


def test_the_forums_own_headers_below_a_title_are_read_and_rows_keep_their_numbers() -> None:
    rows = [
        ["DAFTAR DATA KOTA SERANG TAHUN 2026", "", "", "", ""],
        ["", "", "", "", ""],
        ["No", "NAMA DATA*", "OPD Produsen", "Frekuensi (pemutakhiran)", "tahun", "Keterangan"],
        ["1", "Jumlah penduduk", "DISDUKCAPIL", "Tahunan", "2026", "per kecamatan"],
        ["", "", "", "", "", ""],
        ["2", "", "", "", "2026", ""],  # a numbered row of the template, not filled in
        ["3", "Jumlah puskesmas", "dinkes", "triwulanan", "2026", ""],
    ]
    table = read(rows)
    assert table.header_row == 3
    assert [r.number for r in table.rows] == [4, 7]
    assert table.rows[0].raw == {
        "nama": "Jumlah penduduk",
        "organization": "DISDUKCAPIL",
        "frekuensi": "tahunan",
        "tahun": "2026",
        "catatan": "per kecamatan",
    }
    entries = checked(rows)
    assert [(e.nama, e.organization_id, e.frekuensi) for e in entries] == [
        ("Jumlah penduduk", "id-disdukcapil", "tahunan"),
        ("Jumlah puskesmas", "id-dinkes", "triwulanan"),
    ]


def test_every_wrong_cell_is_named_by_its_row_and_the_header_as_written() -> None:
    rows = [
        ["Tahun", "Nama Data", "Perangkat Daerah", "Frekuensi", "Data Prioritas"],
        ["2026", "Jumlah penduduk", "DISDUKCAPIL", "tahunan", "ya"],
        ["2026", "Jumlah puskesmas", "DINSOSX", "sebulan", "mungkin"],
        ["20x6", "", "DINKES", "bulanan", ""],
    ]
    assert errors_of(rows) == [
        "Baris 3, Perangkat Daerah: OPD “DINSOSX” tidak dikenal.",
        "Baris 3, Frekuensi: Frekuensi “sebulan” tidak dikenal.",
        "Baris 3, Data Prioritas: Data prioritas diisi ya atau tidak.",
        "Baris 4, Tahun: Tahun “20x6” bukan tahun.",
        "Baris 4, Nama Data: Nama data wajib diisi.",
    ]


def test_a_data_listed_twice_for_one_opd_and_year_is_refused_with_both_rows() -> None:
    rows = [
        HEADER,
        ["2026", "Jumlah penduduk", "DISDUKCAPIL", "2.12", "tahunan", "", ""],
        ["2026", "Jumlah puskesmas", "DINKES", "1.02", "tahunan", "", ""],
        ["2026", "JUMLAH  penduduk", "disdukcapil", "2.12", "tahunan", "", ""],
        ["2026", "Jumlah penduduk", "DINKES", "1.02", "tahunan", "", ""],  # another OPD
        ["2027", "Jumlah penduduk", "DISDUKCAPIL", "2.12", "tahunan", "", ""],  # another year
    ]
    assert errors_of(rows) == [
        "Baris 4, Nama Data: “JUMLAH penduduk” untuk OPD disdukcapil tahun 2026 sudah ada "
        "di baris 2."
    ]


def test_the_year_imported_fills_blank_years_and_refuses_other_years() -> None:
    rows = [
        HEADER,
        ["", "Jumlah penduduk", "DISDUKCAPIL", "2.12", "tahunan", "", ""],
        ["2025", "Jumlah puskesmas", "DINKES", "1.02", "tahunan", "", ""],
    ]
    assert errors_of(rows, 2026) == [
        "Baris 3, Tahun: tahun 2025 berbeda dari tahun yang diimpor (2026)."
    ]
    assert errors_of(rows)[0] == "Baris 2, Tahun: Tahun wajib diisi."
    without_year = [["Nama Data", "OPD", "Frekuensi"], ["Jumlah penduduk", "DINKES", "tahunan"]]
    assert [e.tahun for e in checked(without_year, 2026)] == [2026]
    with pytest.raises(LayoutProblem) as problem:
        read(without_year)
    assert str(problem.value) == (
        "Kolom Tahun tidak ada pada baris judul kolom (baris 1). "
        "Tambahkan kolom Tahun atau sebutkan tahun impornya."
    )


def test_a_file_without_the_columns_an_entry_needs_says_which() -> None:
    with pytest.raises(LayoutProblem) as missing:
        read([["Tahun", "Nama Data", "Catatan"], ["2026", "Jumlah penduduk", ""]])
    assert str(missing.value) == (
        "Kolom OPD dan Frekuensi tidak ada pada baris judul kolom (baris 1)."
    )
    with pytest.raises(LayoutProblem) as no_header:
        read([["Kecamatan", "Jumlah"], ["Kasemen", "101234"]])
    assert str(no_header.value).startswith("Baris judul kolom tidak ditemukan.")
    assert "Nama Data, OPD, Urusan, Frekuensi" in str(no_header.value)
    with pytest.raises(LayoutProblem) as twice:
        read([["Tahun", "Nama Data", "OPD", "Produsen", "Frekuensi"]])
    assert str(twice.value) == (
        "Baris 1: kolom “OPD” dan “Produsen” sama-sama berarti OPD. Hapus salah satu."
    )


def test_labels_and_codes_excel_turned_into_numbers_read_as_codes() -> None:
    rows = [
        ["Tahun", "Nama Data", "OPD", "Urusan", "Frekuensi"],
        ["2026", "Bidang tanah", "DINKES", "2,1", "Tidak Tentu (ad hoc)"],  # 2.10 as a number
        ["2026", "Kunjungan", "DINKES", "Kesehatan", "Bulanan"],
        ["2026", "Penduduk", "DISDUKCAPIL", "2.12 Administrasi Kependudukan", "TAHUNAN"],
    ]
    assert [(e.urusan, e.frekuensi) for e in checked(rows)] == [
        ("2.10", "ad_hoc"),
        ("1.02", "bulanan"),
        ("2.12", "tahunan"),
    ]


ENTRIES = [
    EntryValues(
        tahun=2026,
        nama="Kunjungan puskesmas; rawat jalan",
        organization_id="id-dinkes",
        frekuensi="triwulanan",
        urusan="1.02",
        standar="penduduk-kecamatan",
        prioritas=True,
        catatan="Data dari 16 puskesmas,\ntermasuk pustu",
        tenggat={"2026-T3": date(2026, 11, 15), "2026-T1": date(2026, 5, 15)},
    ),
    EntryValues(
        tahun=2026, nama="=Jumlah penduduk", organization_id="id-disdukcapil", frekuensi="ad_hoc"
    ),
]
NAMES = {"id-dinkes": "DINKES", "id-disdukcapil": "DISDUKCAPIL"}


def export_rows() -> list[list[str | int]]:
    return [spreadsheet.row_of(e, NAMES[e.organization_id]) for e in ENTRIES]


def test_an_entry_is_written_as_the_forum_writes_it() -> None:
    assert export_rows()[0] == [
        2026,
        "Kunjungan puskesmas; rawat jalan",
        "DINKES",
        "1.02",
        "Triwulanan",
        "penduduk-kecamatan",
        "ya",
        "2026-T1=15/05/2026; 2026-T3=15/11/2026",
        "Data dari 16 puskesmas,\ntermasuk pustu",
    ]
    assert export_rows()[1][4:8] == ["Tidak Tentu (ad hoc)", "", "tidak", ""]


def read_back(path: Path) -> list[EntryValues]:
    return checked([list(r) for r in open_table(path).rows()], 2026)


def test_the_csv_opens_in_excel_in_indonesia_and_reads_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    spreadsheet.write_csv(path, export_rows())
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfTahun;Nama Data;OPD;Urusan;Frekuensi;")
    assert b"\r\n" in data
    source = open_table(path)
    assert (source.delimiter, source.encoding) == (";", "utf-8-sig")
    assert read_back(path) == ENTRIES


def test_the_xlsx_has_a_bold_frozen_header_and_reads_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "daftar.xlsx"
    spreadsheet.write_xlsx(path, export_rows(), "Daftar Data 2026")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.title == "Daftar Data 2026"
    assert [c.value for c in sheet[1]] == spreadsheet.header()
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("Kunjungan puskesmas; rawat jalan")
    assert sheet["B3"].value == "=Jumlah penduduk" and sheet["B3"].data_type == "s"
    assert read_back(path) == ENTRIES
