"""Every SDI facet finds the dataset that carries the value, shown by its label."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata_serang import facets
from tests import sdi

FACET_VALUES = {
    "organization": "disdukcapil",
    "urusan": "2.20",
    "topik": "kependudukan",
    "frekuensi": "semesteran",
    "tahun": "2021",
    "res_format": "CSV",
    "sifat_data": "terbatas",
    "cakupan_wilayah": "36.73.05",
    "tags": "kepadatan",
}


@pytest.fixture(scope="module")
def catalog(reset_db: Any) -> dict[str, Any]:
    reset_db()
    sdi.Organization(name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    sdi.Organization(name="dinkes", title="Dinas Kesehatan")
    full = sdi.Dataset(
        name="kepadatan-penduduk",
        owner_org="disdukcapil",
        resources=[{"url": "http://example.com/kepadatan.csv", "format": "CSV"}],
        **{k: v for k, v in sdi.every_field().items() if k != "owner_org"},
    )
    other = sdi.Dataset(
        name="jumlah-puskesmas",
        owner_org="dinkes",
        topik="kesehatan",
        urusan=["1.02"],
        frekuensi="tahunan",
        tahun_mulai=2015,
        tahun_selesai=2016,
        resources=[{"url": "http://example.com/puskesmas.json", "format": "JSON"}],
    )
    return {"full": full, "other": other}


def _search(**params: Any) -> dict[str, Any]:
    return tk.get_action("package_search")({"user": ""}, params)


def test_the_portal_offers_the_sdi_facets():
    assert list(facets.dataset_facets()) == list(FACET_VALUES)


@pytest.mark.parametrize(("facet", "value"), FACET_VALUES.items())
def test_each_facet_counts_and_filters_the_dataset(catalog, facet, value):
    counted = _search(**{"facet.field": [facet], "facet.limit": -1})["facets"][facet]
    assert counted.get(value) == 1, counted
    found = _search(fq=f'{facet}:"{value}"')
    assert [r["name"] for r in found["results"]] == ["kepadatan-penduduk"]


def test_every_year_of_the_range_is_a_facet_value(catalog):
    years = _search(**{"facet.field": ["tahun"]})["facets"]["tahun"]
    assert {y for y, n in years.items() if n} == {
        "2015", "2016", "2019", "2020", "2021", "2022", "2023", "2024",
    }  # fmt: skip


def test_coded_facets_are_shown_by_label(catalog):
    result = _search(**{"facet.field": ["urusan", "cakupan_wilayah", "frekuensi", "sifat_data"]})
    shown = {
        facet: {item["name"]: item["display_name"] for item in detail["items"]}
        for facet, detail in result["search_facets"].items()
    }
    assert shown["urusan"]["2.20"] == "Statistik"
    assert shown["urusan"]["1.02"] == "Kesehatan"
    assert shown["cakupan_wilayah"]["36.73.05"] == "Kecamatan Cipocok Jaya"
    assert shown["frekuensi"]["semesteran"] == "Semesteran"
    assert shown["sifat_data"]["terbatas"] == "Terbatas"


def test_labels_are_searchable_text(catalog):
    assert [r["name"] for r in _search(q="Semiannual")["results"]] == ["kepadatan-penduduk"]
    assert [r["name"] for r in _search(q="Cipocok")["results"]] == ["kepadatan-penduduk"]


def test_search_page_shows_facets_by_label(app, catalog):
    body = app.get("/dataset/").body
    assert "Kecamatan Cipocok Jaya" in body
    assert "Administrasi Kependudukan dan Pencatatan Sipil" in body
    english = app.get("/en/dataset/").body
    assert "Cipocok Jaya District" in english
    assert "Population administration and civil registration" in english


def _facet_headings(body: str) -> list[str]:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(body, "html.parser")
    return [
        " ".join(h.get_text(" ").split())
        for h in page.select("section.module-narrow h2.module-heading")
    ]


def test_facet_titles_in_indonesian_and_english(app, catalog):
    assert _facet_headings(app.get("/dataset/").body) == [
        "Perangkat Daerah (OPD)", "Urusan Pemerintahan", "Topik", "Frekuensi Pemutakhiran",
        "Tahun", "Format", "Sifat Data", "Cakupan Wilayah", "Kata Kunci",
    ]  # fmt: skip
    assert _facet_headings(app.get("/en/dataset/").body) == [
        "Agency (OPD)", "Government affairs", "Topic", "Update frequency", "Year", "Format",
        "Access class", "Geographic coverage", "Tags",
    ]  # fmt: skip


SCALAR_FIELDS = [
    (field, value)
    for field, value in sdi.every_field().items()
    if isinstance(value, str | int) and not isinstance(value, bool) and len(str(value)) < 80
]


@pytest.mark.parametrize(("field", "value"), SCALAR_FIELDS, ids=[f for f, _ in SCALAR_FIELDS])
def test_every_sdi_field_can_filter_the_catalog(catalog, field, value):
    found = _search(fq=f'{field}:"{value}"')
    assert "kepadatan-penduduk" in [r["name"] for r in found["results"]]
    assert found["count"] < 2 or field in sdi.COMPLETE_METADATA


def test_boolean_and_computed_fields_filter_too(catalog):
    assert _search(fq="data_prioritas:true")["count"] == 1
    due = _search(fq='jadwal_pemutakhiran_berikutnya:"2024-12-31"')
    assert [r["name"] for r in due["results"]] == ["kepadatan-penduduk"]
