"""Column names from header rows (loading/headers.py)."""

from __future__ import annotations

import pytest

from ckanext.satudata_serang.loading.headers import Column, HeaderProblem, columns


def names(found: list[Column]) -> list[str]:
    return [c.name for c in found]


def test_names_stay_as_written() -> None:
    found = columns(["Kecamatan", "Jumlah Penduduk (jiwa)", "Luas (km²)"], [True] * 3)
    assert names(found) == ["Kecamatan", "Jumlah Penduduk (jiwa)", "Luas (km²)"]
    assert not any(c.changed for c in found)


def test_what_the_datastore_cannot_hold_is_changed_and_reported() -> None:
    found = columns(["Jumlah\nPenduduk", "_kode", 'nama "resmi"', "a\x07b"], [True] * 4)
    assert names(found) == ["Jumlah Penduduk", "kode", "nama 'resmi'", "ab"]
    assert all(c.changed for c in found)
    assert found[0].written == "Jumlah\nPenduduk"


def test_empty_columns_at_the_right_end_are_left_out() -> None:
    assert names(columns(["a", "b", "", ""], [True, True, False, False])) == ["a", "b"]


def test_a_blank_header_over_data_is_refused() -> None:
    with pytest.raises(HeaderProblem) as problem:
        columns(["a", "", "c", "  "], [True, True, True, True])
    assert (problem.value.code, problem.value.columns) == ("header_kosong", [2, 4])


def test_two_columns_of_one_name_are_refused() -> None:
    with pytest.raises(HeaderProblem) as problem:
        columns(["Tahun", "Jumlah", "Tahun "], [True] * 3)
    assert problem.value.code == "header_ganda"
    assert (problem.value.columns, problem.value.name) == ([1, 3], "Tahun")


def test_long_names_are_cut_to_63_bytes_and_kept_apart() -> None:
    long = "Jumlah penduduk menurut kelompok umur dan jenis kelamin di Kota Serang"
    found = columns([long + " laki-laki", long + " perempuan"], [True, True])
    first, second = names(found)
    assert len(first.encode()) <= 63 and len(second.encode()) <= 63
    assert first != second and second.endswith(" (2)")


def test_a_cut_never_splits_a_letter() -> None:
    found = columns(["é" * 40], [True])
    assert names(found) == ["é" * 31]
