"""A file against a standard with frictionless: what passes, and each problem of what
fails, by row and column, in Indonesian. No CKAN."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.satudata_serang.standards import check
from tests.loading.portal import xlsx
from tests.standards.portal import BAD_CSV, GOOD_CSV, skema


def _check(tmp_path: Path, content: bytes, fmt: str = "csv") -> check.Result:
    # as the portal stores uploads: a file without an extension
    path = tmp_path / "a1b2c3"
    path.write_bytes(content)
    return check.validate(path, fmt, skema())


def _problems(result: check.Result) -> list[tuple[int | None, str | None, str]]:
    return [(p.baris, p.kolom, p.pesan) for p in result.masalah]


def test_a_table_that_follows_the_standard_passes(tmp_path):
    result = _check(tmp_path, GOOD_CSV)
    assert result.status == "lulus"
    assert result.baris == 3
    assert result.masalah == ()
    assert len(result.sha256) == 64


def test_each_problem_names_its_row_column_and_value(tmp_path):
    result = _check(tmp_path, BAD_CSV)
    assert result.status == "gagal"
    assert result.jumlah_galat == 3
    assert _problems(result) == [
        (
            3,
            "kode_kecamatan",
            'Baris 3, kolom "kode_kecamatan": "36.74.01" bukan kode yang berlaku. Gunakan '
            "salah satu: 36.73.01 (Kecamatan Serang), 36.73.02 (Kecamatan Kasemen), 36.73.03 "
            "(Kecamatan Walantaka), 36.73.04 (Kecamatan Curug), 36.73.05 (Kecamatan Cipocok "
            "Jaya), 36.73.06 (Kecamatan Taktakan).",
        ),
        (4, "tahun", 'Baris 4, kolom "tahun": "20x3" bukan tahun (4 angka).'),
        (4, "jumlah_penduduk", 'Baris 4, kolom "jumlah_penduduk": wajib diisi, tetapi kosong.'),
    ]


def test_columns_are_found_by_name_in_any_order_and_case(tmp_path):
    content = b"Catatan;JUMLAH PENDUDUK;Tahun;Kode Kecamatan\nx;5;2024;36.73.06\n"
    assert _check(tmp_path, content).status == "lulus"


def test_a_missing_column_and_a_repeated_row_are_reported(tmp_path):
    content = (
        b"kode_kecamatan,tahun\n"
        b"36.73.01,2023\n"
        b"36.73.01,2023\n"
    )  # fmt: skip
    assert _problems(_check(tmp_path, content)) == [
        (
            1,
            "jumlah_penduduk",
            'Kolom "jumlah_penduduk" yang diwajibkan standar tidak ada di baris judul (baris 1). '
            "Tambahkan kolom itu (huruf besar atau kecil dan spasi sebagai ganti garis bawah "
            "tidak dipersoalkan).",
        ),
        (
            3,
            None,
            "Baris 3: gabungan nilai kolom kode_kecamatan, tahun (36.73.01, 2023) sudah ada di "
            "baris 2; setiap gabungan harus berbeda.",
        ),
    ]


def test_a_negative_count_and_a_twice_named_column(tmp_path):
    negative = _check(tmp_path, b"kode_kecamatan,tahun,jumlah_penduduk\n36.73.01,2023,-4\n")
    assert _problems(negative) == [
        (
            2,
            "jumlah_penduduk",
            'Baris 2, kolom "jumlah_penduduk": -4 lebih kecil dari batas terkecil 0.',
        )
    ]
    twice = _check(tmp_path, b"tahun,Tahun,kode_kecamatan,jumlah_penduduk\n2023,2023,36.73.01,1\n")
    assert twice.status == "gagal"
    assert twice.masalah[0].pesan.startswith('Nama kolom "Tahun" muncul lebih dari sekali')


def test_a_spreadsheet_is_checked_like_a_csv(tmp_path):
    rows = [["kode_kecamatan", "tahun", "jumlah_penduduk"], ["36.73.05", 2024, 70100]]
    assert _check(tmp_path, xlsx(rows), "xlsx").status == "lulus"
    rows.append(["36.73.09", 2024, 1])
    assert [p.baris for p in _check(tmp_path, xlsx(rows), "xlsx").masalah] == [3]


@pytest.mark.parametrize(
    ("content", "fmt", "start"),
    [
        (b"", "csv", "Berkas kosong"),
        (b"PK\x03\x04 bukan excel", "xlsx", "Berkas tidak dapat dibaca sebagai tabel"),
    ],
)
def test_a_file_that_is_no_table(tmp_path, content, fmt, start):
    result = _check(tmp_path, content, fmt)
    assert result.status == "gagal"
    assert result.masalah[0].pesan.startswith(start)


@pytest.mark.parametrize(
    ("fmt", "url", "expected"),
    [
        ("CSV", "data", "csv"),
        ("", "https://example.com/data.xlsx?v=2", "xlsx"),
        ("xls", "x", "xls"),
        ("PDF", "laporan.pdf", None),
    ],
)
def test_the_format_to_read_a_file_as(fmt, url, expected):
    assert check.file_format(fmt, url) == expected
