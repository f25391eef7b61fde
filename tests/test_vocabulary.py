from __future__ import annotations

import pytest

from ckanext.satudata_serang import vocabulary


def test_every_vocabulary_file_loads_with_both_languages():
    assert set(vocabulary.names()) >= {
        "topik", "frekuensi", "urusan", "wilayah", "level_penyajian", "sifat_data",
        "cara_pengumpulan", "ukuran", "satuan", "jenis_opd",
    }  # fmt: skip
    for name in vocabulary.names():
        terms = vocabulary.get(name)
        assert len(terms) > 0
        for term in terms:
            assert term.labels["id"] and term.labels["en"], (name, term.code)


def test_codes_of_the_reference_lists():
    assert "1.02" in vocabulary.get("urusan")
    assert vocabulary.get("urusan").label("2.20") == "Statistik"
    assert vocabulary.get("urusan").label("2.20", "en") == "Statistics"
    assert vocabulary.get("wilayah").label("36.73.05") == "Kecamatan Cipocok Jaya"
    assert len(vocabulary.get("urusan")) == 42
    assert [t.code for t in vocabulary.get("sifat_data")] == ["terbuka", "terbatas", "tertutup"]


def test_unknown_code_is_shown_as_itself_not_hidden():
    assert vocabulary.get("topik").label("hilang") == "hilang"
    assert "hilang" not in vocabulary.get("topik")


def test_duplicate_codes_are_refused():
    with pytest.raises(ValueError, match="dua kali"):
        vocabulary.parse(
            {"name": "x", "terms": [{"code": "a", "id": "A"}, {"code": "a", "id": "B"}]}
        )


def test_unknown_vocabulary():
    with pytest.raises(vocabulary.UnknownVocabulary):
        vocabulary.get("tidak_ada")
