"""MS-Var values of a DataStore column (dictionary/msvar.py): kept across partial
updates, checked against the portal's vocabularies."""

from __future__ import annotations

from ckanext.satudata_serang import vocabulary
from ckanext.satudata_serang.dictionary.msvar import Problem, forced_text, merged, problems


def knows(name: str, code: str) -> bool:
    return code in vocabulary.get(name)


def test_a_partial_update_keeps_the_other_values() -> None:
    current = {"label": "Jumlah penduduk", "konsep": "Penduduk …", "satuan": "jiwa"}
    assert merged(current, {"label": "Penduduk"}) == {
        "label": "Penduduk",
        "konsep": "Penduduk …",
        "satuan": "jiwa",
    }


def test_an_empty_value_clears_a_key() -> None:
    assert merged({"alias": "pddk", "label": "x"}, {"alias": ""}) == {"label": "x"}


def test_keys_of_other_tools_are_kept_as_sent() -> None:
    assert merged({"type_override": "text"}, {"label": "x"}) == {
        "type_override": "text",
        "label": "x",
    }


def test_codes_must_be_listed_and_other_asks_for_a_text() -> None:
    found = problems(
        {"tipe_data": "angka", "satuan": "lainnya", "ukuran": "jumlah", "peran": "indikator"},
        knows,
    )
    assert found == [
        Problem("tipe_data", "tidak_dikenal", "angka"),
        Problem("satuan_lainnya", "wajib_lainnya"),
    ]
    assert problems({"satuan": "lainnya", "satuan_lainnya": "ekor"}, knows) == []


def test_values_must_be_text() -> None:
    assert problems({"label": 12}, knows) == [Problem("label", "bukan_teks")]


def test_codes_and_periods_are_loaded_as_text() -> None:
    assert forced_text({"tipe_data": "kode"})
    assert forced_text({"tipe_data": "periode"})
    assert not forced_text({"tipe_data": "bilangan_bulat"})
    assert not forced_text(None)
