"""The portal's pages that depend on search: home, /dataset, OPD pages, DCAT."""

from __future__ import annotations

import pytest

from tests import sdi


@pytest.fixture
def portal(clean_db: None) -> dict[str, dict[str, object]]:
    dinkes = sdi.Organization(name="dinkes", title="Dinas Kesehatan")
    dlh = sdi.Organization(name="dlh", title="Dinas Lingkungan Hidup")
    puskesmas = sdi.Dataset(
        name="jumlah-puskesmas",
        title="Jumlah Puskesmas menurut Kecamatan",
        owner_org=dinkes["id"],
        tags=[{"name": "kesehatan"}],
        resources=[{"url": "http://example.com/p.csv", "format": "CSV"}],
    )
    sampah = sdi.Dataset(
        name="volume-sampah",
        title="Volume Sampah Harian",
        owner_org=dlh["id"],
        tags=[{"name": "lingkungan"}],
        resources=[{"url": "http://example.com/s.json", "format": "JSON"}],
    )
    sdi.Dataset(name="rahasia", title="Data Belum Terbit", owner_org=dinkes["id"], private=True)
    return {"dinkes": dinkes, "puskesmas": puskesmas, "sampah": sampah}


def test_home_page_lists_the_catalog(app, portal):
    body = app.get("/").body
    assert "Satu Data Kota Serang" in body


def test_dataset_search_page_has_results_and_facets(app, portal):
    body = app.get("/dataset/").body
    assert "Jumlah Puskesmas menurut Kecamatan" in body
    assert "Volume Sampah Harian" in body
    assert "Data Belum Terbit" not in body
    assert "Dinas Lingkungan Hidup" in body  # organization facet, by title


def test_facet_filter_narrows_the_list(app, portal):
    body = app.get("/dataset/", query_string={"res_format": "JSON"}).body
    assert "Volume Sampah Harian" in body
    assert "Jumlah Puskesmas menurut Kecamatan" not in body


def test_search_page_in_english_too(app, portal):
    body = app.get("/en/dataset/", query_string={"q": "puskesmas"}).body
    assert "Jumlah Puskesmas menurut Kecamatan" in body
    assert "Volume Sampah Harian" not in body


def test_opd_page_shows_its_public_datasets(app, portal):
    body = app.get("/organization/dinkes").body
    assert "Jumlah Puskesmas menurut Kecamatan" in body
    assert "Data Belum Terbit" not in body
    assert "Volume Sampah Harian" not in body


def test_organization_list_counts_public_datasets(app, portal):
    result = app.get("/api/3/action/organization_list", query_string={"all_fields": True}).json
    counts = {org["name"]: org["package_count"] for org in result["result"]}
    assert counts == {"dinkes": 1, "dlh": 1}


def test_dcat_catalog_lists_public_datasets(app, portal):
    body = app.get("/catalog.ttl").body
    assert "Jumlah Puskesmas menurut Kecamatan" in body
    assert "Data Belum Terbit" not in body
    dataset = app.get("/dataset/jumlah-puskesmas.rdf").body
    assert "Jumlah Puskesmas menurut Kecamatan" in dataset


def test_dcat_modified_since_filter(app, portal):
    recent = app.get("/catalog.ttl", query_string={"modified_since": "2000-01-01"}).body
    assert "Volume Sampah Harian" in recent
    future = app.get("/catalog.ttl", query_string={"modified_since": "2999-01-01"}).body
    assert "Volume Sampah Harian" not in future
