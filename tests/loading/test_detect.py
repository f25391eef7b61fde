"""Encoding, delimiter and table start of Indonesian table files (loading/detect.py)."""

from __future__ import annotations

import codecs

import pytest

from ckanext.satudata_serang.loading.detect import decode, delimiter, table_start

TEXT = "kecamatan;jumlah\nKasemen;1.234\nCipocok Jaya;2.500\n"


def test_utf8_with_a_bom() -> None:
    found = decode(codecs.BOM_UTF8 + "Curug;Ñ\n".encode())
    assert (found.text, found.encoding) == ("Curug;Ñ\n", "utf-8-sig")


def test_utf8_whose_first_accented_letter_comes_late() -> None:
    text = "a;b\n" + "x;1\n" * 100_000 + "Café;2\n"
    found = decode(text.encode())
    assert found.encoding == "utf-8" and found.text.endswith("Café;2\n")


def test_windows_1252_from_excel() -> None:
    found = decode("Keterangan;Nilai\n“Baik” – naik;5\n".encode("cp1252"))
    assert found.encoding == "cp1252"
    assert "“Baik” – naik" in found.text


def test_bytes_undefined_in_windows_1252_are_latin_1() -> None:
    found = decode(b"a;\x81\xe9\n")
    assert found.encoding == "latin-1" and found.text == "a;\x81é\n"


def test_utf16_from_a_bom() -> None:
    found = decode("a\tb\n1\t2\n".encode("utf-16"))
    assert found.encoding == "utf-16" and found.text == "a\tb\n1\t2\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEXT, ";"),
        ("kecamatan,jumlah\nKasemen,1234\nCurug,2500\n", ","),
        ("luas;angka\n1,5;2,5\n12,75;3,5\n", ";"),  # decimal commas
        ("luas (km2, 2024);jumlah\n1,5;2\n3,25;4\n", ";"),  # a comma in the header
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ('"Serang, Kota",jumlah\n"Kasemen, Kec.",5\n', ","),
        ("satu kolom saja\nnilai\n", ","),
    ],
)
def test_the_delimiter(text: str, expected: str) -> None:
    assert delimiter(text) == expected


def test_the_delimiter_below_title_rows() -> None:
    text = "Jumlah Penduduk Kota Serang, 2024\n\n" + TEXT
    assert delimiter(text) == ";"


def test_the_table_starts_at_its_header_below_titles_and_blank_rows() -> None:
    rows = [
        ["Tabel 3.1 Jumlah Penduduk", "", ""],
        ["", "", ""],
        ["Kecamatan", "Laki-laki", "Perempuan"],
        ["Kasemen", "50.000", "49.000"],
        ["Curug", "25.000", "24.500"],
        ["Sumber: BPS", "", ""],
    ]
    assert table_start(rows) == 2


def test_a_table_with_its_header_first_starts_at_once() -> None:
    assert table_start([["a", "b"], ["1", "2"]]) == 0
    assert table_start([]) == 0


def test_a_title_with_a_comma_over_a_semicolon_table_with_decimal_commas() -> None:
    text = (
        "Tabel 3.1 Penduduk Menurut Kecamatan, 2024\n\n"
        "Kode;Kecamatan;Luas (km², 2024);Kepadatan\n"
        "3673010;Curug;49,6;1.111\n3673020;Walantaka;48,48;1.279\n"
        "Sumber: BPS\n"
    )
    assert delimiter(text) == ";"
