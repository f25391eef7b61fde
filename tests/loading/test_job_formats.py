"""Every kind of table file an OPD uploads, and the messy values in them, loaded through
the real path (resource_create → CKAN's worker → the DataStore table) and read back as
the public reads it: datastore_search values and datastore_info types."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from tests.loading.portal import (
    columns,
    csv_text,
    datastore_active,
    ods,
    people,
    records,
    run_loads,
    status,
    total,
    upload,
    xls,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("clean_redis")


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    return people()


def loaded(opd: dict[str, Any], filename: str, content: bytes, **fields: Any) -> str:
    """Upload the file as the OPD's produsen, let the worker run; the resource id,
    once the load is complete."""
    resource = upload(opd["produsen"], opd["dataset"], filename, content, **fields)
    run_loads()
    found = status(resource["id"])
    assert found["status"] == "complete", found["error"]
    assert datastore_active(resource["id"])
    return str(resource["id"])


# --- CSV: encodings ------------------------------------------------------------------

KELURAHAN = [
    ["Kelurahan", "Jumlah Penduduk", "Keterangan"],
    ["Cipocok Jaya", "12.345", "Kafé Kopi – Jalan Raya"],
    ["Banjar Agung", "8.002", "“Baik” naik 5%"],
]
KELURAHAN_RECORDS = [
    {"Kelurahan": "Cipocok Jaya", "Jumlah Penduduk": 12345, "Keterangan": "Kafé Kopi – Jalan Raya"},
    {"Kelurahan": "Banjar Agung", "Jumlah Penduduk": 8002, "Keterangan": "“Baik” naik 5%"},
]
KELURAHAN_TYPES = {"Kelurahan": "text", "Jumlah Penduduk": "int8", "Keterangan": "text"}


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: text.encode("cp1252"), id="excel-windows-1252"),
        pytest.param(lambda text: text.replace(";", "\t").encode("utf-16"), id="utf-16-tab"),
    ],
)
def test_a_csv_in_any_encoding_excel_writes_keeps_its_letters(
    opd: dict[str, Any], encoded: Callable[[str], bytes]
) -> None:
    rid = loaded(opd, "kelurahan.csv", encoded(csv_text(KELURAHAN)))

    # the first column is "Kelurahan", not "\ufeffKelurahan" or "ï»¿Kelurahan"
    assert columns(rid) == KELURAHAN_TYPES
    assert records(rid, sort="_id") == KELURAHAN_RECORDS


def test_a_windows_1252_csv_with_rupiah_and_accents(opd: dict[str, Any]) -> None:
    text = csv_text(
        [
            ["Nama Usaha", "Omzet (Rp)", "Pemilik"],
            ["Café Serang – Pusat", "Rp 1.500.000", "Zoë"],
            ["Warung Nasi", "Rp 750.000", "Ujang"],
        ]
    )
    rid = loaded(opd, "umkm.csv", text.encode("cp1252"))

    assert columns(rid) == {"Nama Usaha": "text", "Omzet (Rp)": "text", "Pemilik": "text"}
    assert records(rid, sort="_id") == [
        {"Nama Usaha": "Café Serang – Pusat", "Omzet (Rp)": "Rp 1.500.000", "Pemilik": "Zoë"},
        {"Nama Usaha": "Warung Nasi", "Omzet (Rp)": "Rp 750.000", "Pemilik": "Ujang"},
    ]


def test_excels_windows_csv_export_with_its_empty_cells_and_crlf(opd: dict[str, Any]) -> None:
    # what "Save as CSV" of an Indonesian Excel gives: Windows-1252, CRLF, ";", the
    # sheet's title rows and empty cells up to the table's width
    text = (
        "Tabel 2.3 Jumlah Sekolah Menurut Kecamatan;;;\r\n"
        ";;;\r\n"
        "Kecamatan;Jumlah Sekolah;Rasio Murid–Guru;\r\n"
        "Serang;45;15,5;\r\n"
        "Taktakan;1.204;;\r\n"
        ";;;\r\n"
        "Sumber: Dinas Pendidikan dan Kebudayaan;;;\r\n"
    )
    rid = loaded(opd, "sekolah.csv", text.encode("cp1252"))

    assert columns(rid) == {
        "Kecamatan": "text",
        "Jumlah Sekolah": "int8",
        "Rasio Murid–Guru": "numeric",
    }
    assert records(rid, sort="_id") == [
        {"Kecamatan": "Serang", "Jumlah Sekolah": 45, "Rasio Murid–Guru": 15.5},
        {"Kecamatan": "Taktakan", "Jumlah Sekolah": 1204, "Rasio Murid–Guru": None},
    ]


def test_utf8_whose_first_accented_letter_comes_after_250_kb(opd: dict[str, Any]) -> None:
    rows = [["Nomor", "Nama Tempat"]]
    rows += [[str(n), f"Tempat nomor {n} di Kota Serang"] for n in range(1, 8001)]
    rows.append(["8001", "Kafé Kopi – Kota Serang"])
    content = csv_text(rows).encode("utf-8")
    assert content.index("é".encode()) > 250 * 1024

    rid = loaded(opd, "tempat.csv", content)

    assert columns(rid) == {"Nomor": "int8", "Nama Tempat": "text"}
    assert total(rid) == 8001
    assert records(rid, sort="_id desc", limit=1) == [
        {"Nomor": 8001, "Nama Tempat": "Kafé Kopi – Kota Serang"}
    ]
    assert records(rid, sort="_id", limit=1) == [
        {"Nomor": 1, "Nama Tempat": "Tempat nomor 1 di Kota Serang"}
    ]


# --- CSV: delimiters -----------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_a_csv_with_any_common_delimiter(opd: dict[str, Any], delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows(
        [
            ["Kecamatan", "Luas (km², 2024)", "Penduduk"],
            ["Kasemen", "63,36", "101.234"],
            ["Serang, Kota", "25,88", "220.001"],
        ]
    )

    rid = loaded(opd, "luas.csv", out.getvalue().encode())

    assert columns(rid) == {"Kecamatan": "text", "Luas (km², 2024)": "numeric", "Penduduk": "int8"}
    assert records(rid, sort="_id") == [
        {"Kecamatan": "Kasemen", "Luas (km², 2024)": 63.36, "Penduduk": 101234},
        {"Kecamatan": "Serang, Kota", "Luas (km², 2024)": 25.88, "Penduduk": 220001},
    ]


# --- Spreadsheets --------------------------------------------------------------------

SHEET: list[list[Any]] = [
    ["Tabel 4.2 Luas Wilayah dan Kepadatan Penduduk Kota Serang, 2024"],
    [],
    ["Kode Telepon", "Kecamatan", "Luas (km²)", "Indeks", "Penduduk", "Tanggal Pendataan"],
    ["0254", "Kasemen", 63.36, 1.234, 101234, datetime(2024, 12, 31)],
    ["0254", "Curug", 49.6, 0.875, 55123, datetime(2024, 2, 1)],
    ["0254", "Walantaka", 48.48, 2.0, 62001, None],
    [],
    ["Sumber: BPS Kota Serang"],
]
SHEET_TYPES = {
    "Kode Telepon": "text",
    "Kecamatan": "text",
    "Luas (km²)": "numeric",
    "Indeks": "numeric",
    "Penduduk": "int8",
    "Tanggal Pendataan": "date",
}
SHEET_RECORDS = [
    {
        "Kode Telepon": "0254",
        "Kecamatan": "Kasemen",
        "Luas (km²)": 63.36,
        "Indeks": 1.234,  # a native 1.234 is one and a bit, never 1234
        "Penduduk": 101234,
        "Tanggal Pendataan": "2024-12-31",
    },
    {
        "Kode Telepon": "0254",
        "Kecamatan": "Curug",
        "Luas (km²)": 49.6,
        "Indeks": 0.875,
        "Penduduk": 55123,
        "Tanggal Pendataan": "2024-02-01",
    },
    {
        "Kode Telepon": "0254",
        "Kecamatan": "Walantaka",
        "Luas (km²)": 48.48,
        "Indeks": 2,
        "Penduduk": 62001,
        "Tanggal Pendataan": None,
    },
]


@pytest.mark.parametrize(
    ("filename", "write"),
    [("luas.xlsx", xlsx), ("luas.xls", xls), ("luas.ods", ods)],
    ids=["xlsx", "xls", "ods"],
)
def test_a_spreadsheet_with_a_title_a_footnote_native_numbers_and_dates(
    opd: dict[str, Any], filename: str, write: Callable[[list[list[Any]]], bytes]
) -> None:
    rid = loaded(opd, filename, write(SHEET))

    assert columns(rid) == SHEET_TYPES
    assert records(rid, sort="_id") == SHEET_RECORDS


def test_a_spreadsheet_uploaded_with_the_wrong_name_is_read_for_what_it_is(
    opd: dict[str, Any],
) -> None:
    # an XLSX saved as .xls (or declared CSV) is recognised by its first bytes
    rid = loaded(opd, "luas.xls", xlsx(SHEET), format="CSV")

    assert columns(rid) == SHEET_TYPES
    assert records(rid, sort="_id") == SHEET_RECORDS


def test_a_spreadsheet_of_dates_typed_as_text_and_numbers_typed_as_text(
    opd: dict[str, Any],
) -> None:
    rid = loaded(
        opd,
        "teks.xlsx",
        xlsx(
            [
                ["Tanggal", "Jumlah", "Periode"],
                ["31/12/2024", "1.234.567", "Desember 2024"],
                ["01/02/2024", "12,5", "Januari 2025"],
            ]
        ),
    )

    assert columns(rid) == {"Tanggal": "date", "Jumlah": "numeric", "Periode": "text"}
    assert records(rid, sort="_id") == [
        {"Tanggal": "2024-12-31", "Jumlah": 1234567, "Periode": "Desember 2024"},
        {"Tanggal": "2024-02-01", "Jumlah": 12.5, "Periode": "Januari 2025"},
    ]


# --- Messy values --------------------------------------------------------------------


def test_indonesian_numbers_codes_and_day_first_dates(opd: dict[str, Any]) -> None:
    text = csv_text(
        [
            ["Kode", "Jumlah", "Rasio", "Saldo", "Tanggal", "Periode"],
            ["0254", "1.234.567", "12,5", "-1.234,56", "31/12/2024", "Desember 2024"],
            ["3673", "2.000", "7,25", "1.000,00", "01/02/2024", "Januari 2025"],
            ["0012", "15", "-0,5", "", "", ""],
        ]
    )
    rid = loaded(opd, "keuangan.csv", text.encode())

    assert columns(rid) == {
        "Kode": "text",
        "Jumlah": "int8",
        "Rasio": "numeric",
        "Saldo": "numeric",
        "Tanggal": "date",
        "Periode": "text",
    }
    assert records(rid, sort="_id") == [
        {
            "Kode": "0254",
            "Jumlah": 1234567,
            "Rasio": 12.5,
            "Saldo": -1234.56,
            "Tanggal": "2024-12-31",
            "Periode": "Desember 2024",
        },
        {
            "Kode": "3673",
            "Jumlah": 2000,
            "Rasio": 7.25,
            "Saldo": 1000,
            "Tanggal": "2024-02-01",  # 1 February: day first
            "Periode": "Januari 2025",
        },
        {
            "Kode": "0012",
            "Jumlah": 15,
            "Rasio": -0.5,
            "Saldo": None,
            "Tanggal": None,
            "Periode": None,
        },
    ]


def test_a_word_in_a_number_column_after_the_sample_makes_it_text_losing_nothing(
    opd: dict[str, Any],
) -> None:
    rows = [["Nomor", "Jumlah", "Tanggal"]]
    for n in range(1, 2001):
        jumlah = "n/a" if n == 1500 else f"{n}.500"
        rows.append([str(n), jumlah, f"{(n % 28) + 1:02d}/03/2024"])
    rid = loaded(opd, "panjang.csv", csv_text(rows).encode())

    # row 1500 is beyond the 1000 rows read first: the file is read again, exactly
    assert columns(rid) == {"Nomor": "int8", "Jumlah": "text", "Tanggal": "date"}
    assert total(rid) == 2000
    found = records(rid, sort="_id", limit=2000)
    assert [r["Jumlah"] for r in found] == [
        "n/a" if n == 1500 else f"{n}.500" for n in range(1, 2001)
    ]
    assert [r["Nomor"] for r in found] == list(range(1, 2001))
    assert found[1498] == {"Nomor": 1499, "Jumlah": "1499.500", "Tanggal": "2024-03-16"}


def test_a_column_empty_in_the_first_1000_rows_then_numbers(opd: dict[str, Any]) -> None:
    rows = [["Nomor", "Kecamatan", "Tambahan"]]
    for n in range(1, 1501):
        rows.append([str(n), f"Kecamatan {n}", "" if n <= 1200 else f"{n},5"])
    rid = loaded(opd, "tambahan.csv", csv_text(rows).encode())

    assert columns(rid) == {"Nomor": "int8", "Kecamatan": "text", "Tambahan": "numeric"}
    assert total(rid) == 1500
    found = records(rid, sort="_id", limit=1500)
    assert found[0] == {"Nomor": 1, "Kecamatan": "Kecamatan 1", "Tambahan": None}
    assert found[1200] == {"Nomor": 1201, "Kecamatan": "Kecamatan 1201", "Tambahan": 1201.5}
    assert sum(1 for r in found if r["Tambahan"] is not None) == 300


def test_a_day_that_does_not_exist_after_the_sample_makes_the_column_text(
    opd: dict[str, Any],
) -> None:
    rows = [["Nomor", "Tanggal"]]
    rows += [[str(n), "31/12/2024"] for n in range(1, 1201)]
    rows.append(["1201", "31/02/2024"])
    rid = loaded(opd, "tanggal.csv", csv_text(rows).encode())

    assert columns(rid) == {"Nomor": "int8", "Tanggal": "text"}
    assert records(rid, sort="_id desc", limit=2) == [
        {"Nomor": 1201, "Tanggal": "31/02/2024"},
        {"Nomor": 1200, "Tanggal": "31/12/2024"},
    ]


def test_a_date_sample_keeps_its_type_over_many_rows(opd: dict[str, Any]) -> None:
    start = date(2024, 1, 1)
    rows = [["Hari", "Kunjungan"]]
    rows += [
        [
            date.fromordinal(start.toordinal() + n).strftime("%d/%m/%Y"),
            f"{n * 1000:,}".replace(",", "."),
        ]
        for n in range(1500)
    ]
    rid = loaded(opd, "kunjungan.csv", csv_text(rows).encode())

    assert columns(rid) == {"Hari": "date", "Kunjungan": "int8"}
    assert records(rid, sort="_id desc", limit=1) == [
        {"Hari": date.fromordinal(start.toordinal() + 1499).isoformat(), "Kunjungan": 1499000}
    ]
