"""A standard's Table Schema: code lists, the walidata's mistakes in Indonesian, the
file format of import and export. No CKAN."""

from __future__ import annotations

import pytest

from ckanext.satudata_serang.standards import schema
from tests.standards.portal import JUDUL, KODE, skema

KECAMATAN = ["36.73.01", "36.73.02", "36.73.03", "36.73.04", "36.73.05", "36.73.06"]


def test_a_code_list_expands_to_the_kecamatan_of_kota_serang():
    expanded = schema.expand(skema())
    field = expanded["fields"][0]
    assert field["constraints"]["enum"] == KECAMATAN
    assert field["kodeReferensi"] == "wilayah:kecamatan"
    assert field["constraints"]["required"] is True


@pytest.mark.parametrize(
    ("reference", "codes"),
    [
        ("wilayah:level=kecamatan", KECAMATAN),
        ("wilayah:kota", ["36.73"]),
        ("wilayah", ["36.73", *KECAMATAN]),
    ],
)
def test_other_ways_to_name_a_code_list(reference, codes):
    assert schema.reference_codes(schema.parse_reference(reference)) == codes


def test_the_stored_schema_keeps_the_reference_not_the_codes():
    exported = schema.expand(skema())
    stored = schema.normalise(exported)
    assert "enum" not in stored["fields"][0]["constraints"]
    assert stored == skema()


def test_a_usable_schema_has_no_problems():
    assert schema.problems(skema()) == []


def test_mistakes_are_named_in_indonesian():
    found = schema.problems(
        {
            "fields": [
                {"name": "tahun", "type": "angka"},
                {"name": "Tahun"},
                {"name": "kode", "kodeReferensi": "wilayah:desa"},
                {"name": "jumlah", "constraints": {"wajib": True}},
                {"title": "tanpa nama"},
            ],
            "primaryKey": ["kode_kecamatan"],
        }
    )
    assert found == [
        'Kolom ke-1 "tahun": tipe "angka" tidak dikenal. Pilih salah satu: string, integer, '
        "number, year, yearmonth, date, datetime, time, boolean, any.",
        'Kolom ke-2 "Tahun" muncul lebih dari sekali (nama kolom tidak membedakan huruf besar).',
        'Kolom ke-3 "kode": kodeReferensi "wilayah:desa" tidak menunjuk kode apa pun. '
        "Kosakata yang ada: " + ", ".join(schema.vocabulary.names()) + ".",
        'Kolom ke-4 "jumlah": batasan wajib tidak dikenal. Yang dapat dipakai: required, '
        "unique, enum, minimum, maximum, minLength, maxLength, pattern.",
        "Kolom ke-5 tidak punya nama (name).",
        'primaryKey menyebut kolom "kode_kecamatan" yang tidak ada di daftar kolom.',
    ]


@pytest.mark.parametrize(
    "skema_",
    [None, [], {"fields": []}, {"fields": "kode"}],
)
def test_a_schema_needs_fields(skema_):
    assert schema.problems(skema_)[0].startswith("Skema harus")


def test_a_schema_that_would_read_elsewhere_is_refused():
    found = schema.problems({**skema(), "$schema": "https://example.com/profil.json"})
    assert found == ["Kunci $schema tidak didukung: standar menjelaskan satu tabel saja."]


def test_a_document_round_trips_through_its_file_form():
    written = schema.write_document(KODE, 3, "berlaku", JUDUL, "Per 31 Desember.", skema())
    assert written["skema"]["fields"][0]["constraints"]["enum"][0] == "36.73.01"
    read = schema.read_document(written)
    assert read == {"kode": KODE, "judul": JUDUL, "deskripsi": "Per 31 Desember.", "skema": skema()}


def test_a_document_names_each_problem_by_its_key():
    with pytest.raises(schema.SchemaProblems) as caught:
        schema.read_document({"kode": "Penduduk Kecamatan", "judul": " ", "skema": {}})
    assert set(caught.value.by_field) == {"kode", "judul", "skema"}
    assert caught.value.by_field["judul"] == ["Judul standar wajib diisi."]


def test_references():
    assert schema.parse_ref(f"{KODE}@2") == (KODE, 2)
    assert schema.parse_ref(KODE) is None
    assert schema.parse_ref("tanpa") is None


def test_columns_are_described_as_the_opds_read_them():
    rows = {row["nama"]: row for row in schema.describe(skema())}
    assert rows["tahun"]["tipe_label"] == "tahun (4 angka)"
    assert rows["kode_kecamatan"]["kunci"] and rows["kode_kecamatan"]["wajib"]
    assert "36.73.05 Kecamatan Cipocok Jaya" in rows["kode_kecamatan"]["aturan"][0]
    assert rows["jumlah_penduduk"]["aturan"] == ["paling kecil 0"]
