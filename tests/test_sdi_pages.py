"""The Indonesian portal (and its English version) as a visitor reads it."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests import sdi


@pytest.fixture(scope="module")
def portal(reset_db: Any) -> dict[str, Any]:
    reset_db()
    dukcapil = sdi.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        singkatan="DISDUKCAPIL",
        urusan=["2.12"],
        email="disdukcapil@serangkota.go.id",
        website="https://disdukcapil.serangkota.go.id",
    )
    kecamatan = sdi.Organization(
        name="kec-cipocokjaya",
        title="Kecamatan Cipocok Jaya",
        singkatan="KEC-CIPOCOKJAYA",
        jenis="kecamatan",
        wilayah="36.73.05",
        urusan=["7.01"],
    )
    full = sdi.Dataset(
        name="kepadatan-penduduk",
        owner_org=dukcapil["id"],
        resources=[{"url": "http://example.com/kepadatan.csv", "format": "CSV", "name": "Tabel"}],
        **{k: v for k, v in sdi.every_field().items() if k != "owner_org"},
    )
    hidden = sdi.Dataset(
        name="belum-terbit", title="Data Belum Terbit", owner_org=dukcapil["id"], private=True
    )
    return {"full": full, "hidden": hidden, "kecamatan": kecamatan}


def _cells(body: str) -> dict[str, str]:
    """The dataset page's metadata table: field name → text shown."""
    page = BeautifulSoup(body, "html.parser")
    return {
        str(cell["data-field"]): " ".join(cell.get_text(" ").split())
        for cell in page.select("td[data-field]")
    }


def test_dataset_page_shows_every_value_by_its_label(app, portal):
    body = app.get("/dataset/kepadatan-penduduk").body
    cells = _cells(body)
    assert cells["cakupan_wilayah"] == "Kecamatan Cipocok Jaya"
    assert cells["urusan"] == "Administrasi Kependudukan dan Pencatatan Sipil Statistik"
    assert cells["frekuensi"] == "Semesteran"
    assert cells["level_penyajian"] == "Kelurahan"
    assert cells["topik"] == "Kependudukan"
    assert cells["sifat_data"] == "Terbatas"
    assert cells["cara_pengumpulan"] == "Survei"
    assert cells["ukuran"] == "Lainnya"
    assert cells["ukuran_lainnya"] == "Kepadatan"
    assert cells["satuan_lainnya"] == "jiwa per km²"
    assert cells["data_prioritas"] == "Ya"
    assert cells["tahun_mulai"] == "2019"
    assert cells["jadwal_pemutakhiran_berikutnya"] == "31 Desember 2024"
    assert cells["periode_akhir"] == "30 Juni 2024"
    assert cells["kontak_email"] == "statistik@serangkota.go.id"
    for field in ("konsep", "definisi", "klasifikasi", "dasar_pengecualian", "kode_referensi",
                  "data_induk", "sumber_data", "metodologi", "interpretasi", "kontak_nama",
                  "kontak_telepon", "tahun_selesai", "periode_akhir", "satuan"):  # fmt: skip
        assert cells.get(field), field
    # codes never stand in for labels
    for code in ("36.73.05", "2.20", "semesteran", "kompilasi_administrasi", "terbatas"):
        assert code not in cells.values()


def test_dataset_page_is_sectioned_like_the_form(app, portal):
    page = BeautifulSoup(app.get("/dataset/kepadatan-penduduk").body, "html.parser")
    headings = [h.get_text(strip=True) for h in page.select("section.satudata-metadata-section h3")]
    assert headings == [
        "Standar Data", "Metadata", "Akses dan Rujukan", "Sumber dan Metodologi",
        "Kontak Produsen Data", "Status Verifikasi",
    ]  # fmt: skip


def test_dataset_page_in_english(app, portal):
    cells = _cells(app.get("/en/dataset/kepadatan-penduduk").body)
    assert cells["cakupan_wilayah"] == "Cipocok Jaya District"
    assert cells["frekuensi"] == "Semiannual"
    assert cells["sifat_data"] == "Restricted"
    assert cells["data_prioritas"] == "Yes"
    assert cells["jadwal_pemutakhiran_berikutnya"] == "December 31, 2024"
    body = app.get("/en/dataset/kepadatan-penduduk").body
    assert "Data standard" in body
    assert "Standar Data" not in body


def test_home_page_counts_topics_and_latest(app, portal):
    page = BeautifulSoup(app.get("/").body, "html.parser")
    counts = {
        str(li["data-count"]): li.get_text(" ", strip=True) for li in page.select("[data-count]")
    }
    assert counts["datasets"].startswith("1 ")  # the private one is not counted
    assert counts["organizations"].startswith("2 ")
    assert counts["resources"].startswith("1 ")
    topics = {
        str(li["data-topic"]): li.get_text(" ", strip=True) for li in page.select("[data-topic]")
    }
    assert topics["kependudukan"] == "Kependudukan 1"
    assert topics["kesehatan"] == "Kesehatan 0"
    latest = page.select_one(".satudata-home-latest")
    assert latest is not None
    assert "Kepadatan Penduduk menurut Kelurahan" in latest.get_text()
    assert "Data Belum Terbit" not in page.get_text()
    assert page.select_one("form.satudata-home-search input[name=q]") is not None


def test_home_page_in_english(app, portal):
    page = BeautifulSoup(app.get("/en/").body, "html.parser")
    topics = {
        str(li["data-topic"]): li.get_text(" ", strip=True) for li in page.select("[data-topic]")
    }
    assert topics["kependudukan"] == "Population 1"
    assert "Latest datasets" in page.get_text()


def test_opd_page_shows_its_profile_by_label(app, portal):
    page = BeautifulSoup(app.get("/organization/about/kec-cipocokjaya").body, "html.parser")
    cells = {
        str(td["data-field"]): td.get_text(" ", strip=True) for td in page.select("td[data-field]")
    }
    assert cells["jenis"] == "Kecamatan"
    assert cells["wilayah"] == "Kecamatan Cipocok Jaya"
    assert cells["urusan"] == "Kecamatan"
    english = BeautifulSoup(app.get("/en/organization/about/kec-cipocokjaya").body, "html.parser")
    cells = {
        str(td["data-field"]): td.get_text(" ", strip=True)
        for td in english.select("td[data-field]")
    }
    assert cells["jenis"] == "District office"
    assert cells["urusan"] == "District administration"


def test_opd_dataset_list_has_the_sdi_facets(app, portal):
    body = app.get("/organization/disdukcapil").body
    assert "Kepadatan Penduduk menurut Kelurahan" in body
    assert "Kecamatan Cipocok Jaya" in body  # cakupan wilayah facet, by label
