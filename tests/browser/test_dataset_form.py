"""A produsen fills the SDI form in the browser: every field, then a data link."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories
from playwright.sync_api import Page, expect

from tests import sdi

from .conftest import log_in

pytestmark = pytest.mark.usefixtures("clean_db")
PASSWORD = "Kata-Sandi-Uji-2026"


@pytest.fixture
def produsen() -> dict[str, Any]:
    user = factories.User(name="produsen_dukcapil", password=PASSWORD)
    sdi.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user


def _fill_sdi_form(page: Page) -> None:
    page.fill("#field-title", "Kepadatan Penduduk Cipocok Jaya")
    page.fill("#field-notes", "Kepadatan penduduk **per kelurahan**.")
    page.fill("#field-konsep", "Kepadatan penduduk adalah banyaknya penduduk per satuan luas.")
    page.fill("#field-definisi", "Jumlah penduduk dibagi luas daratan kelurahan.")
    page.fill("#field-klasifikasi", "Menurut kelurahan")
    page.select_option("#field-ukuran", label="Lainnya")
    page.fill("#field-ukuran_lainnya", "Kepadatan")
    page.select_option("#field-satuan", label="Lainnya")
    page.fill("#field-satuan_lainnya", "jiwa per km²")
    page.select_option("#field-frekuensi", label="Semesteran")
    page.fill("#field-tahun_mulai", "2019")
    page.fill("#field-tahun_selesai", "2024")
    page.fill("#field-periode_akhir", "2024-06-30")
    page.select_option("#field-cakupan_wilayah", label="Kecamatan Cipocok Jaya")
    page.select_option("#field-level_penyajian", label="Kelurahan")
    page.select_option(
        "#field-urusan", label=["Administrasi Kependudukan dan Pencatatan Sipil", "Statistik"]
    )
    page.select_option("#field-topik", label="Kependudukan")
    page.select_option("#field-sifat_data", label="Terbatas")
    page.fill("#field-dasar_pengecualian", "UU 14/2008 Pasal 17 huruf h.")
    page.select_option("#field-data_prioritas", label="Ya")
    page.fill("#field-kode_referensi", "Kode wilayah Kemendagri")
    page.fill("#field-data_induk", "https://sipd.kemendagri.go.id/kode-wilayah")
    page.select_option("#field-cara_pengumpulan", label="Survei")
    page.fill("#field-sumber_data", "Registrasi penduduk kelurahan")
    page.fill("#field-metodologi", "Penduduk pertengahan semester dibagi luas daratan.")
    page.fill("#field-interpretasi", "Makin tinggi, makin padat.")
    page.fill("#field-kontak_nama", "Seksi Statistik Sektoral")
    page.fill("#field-kontak_email", "statistik@serangkota.go.id")
    page.fill("#field-kontak_telepon", "(0254) 200123")


def test_produsen_creates_a_dataset_with_every_field(live_server, page, produsen):
    log_in(page, live_server, produsen["name"], PASSWORD)
    page.goto(f"{live_server}/dataset/new")
    expect(page.locator("h2.satudata-form-section")).to_have_text(
        ["Informasi Dasar", "Standar Data", "Metadata", "Akses dan Rujukan",
         "Sumber dan Metodologi", "Kontak Produsen Data"]
    )  # fmt: skip
    # nothing is chosen for the produsen; the region starts at Kota Serang
    expect(page.locator("#field-frekuensi")).to_have_value("")
    expect(page.locator("#field-sifat_data")).to_have_value("")
    expect(page.locator("#field-cakupan_wilayah")).to_have_value("36.73")
    _fill_sdi_form(page)
    page.locator("form#dataset-edit button[name=save]").click()

    page.wait_for_url("**/resource/new")
    page.click("#resource-link-button")
    page.fill("#field-resource-url", "https://data.serangkota.go.id/kepadatan.csv")
    page.fill("#field-name", "Tabel Kepadatan")
    page.locator("button[name=save][value=go-metadata]").click()

    page.wait_for_url("**/dataset/kepadatan-penduduk-cipocok-jaya")

    def cell(field: str):
        return page.locator(f"td[data-field='{field}']")

    expect(cell("cakupan_wilayah")).to_have_text("Kecamatan Cipocok Jaya")
    expect(cell("frekuensi")).to_have_text("Semesteran")
    expect(cell("urusan")).to_contain_text("Statistik")
    expect(cell("sifat_data")).to_have_text("Terbatas")
    expect(cell("data_prioritas")).to_have_text("Ya")
    expect(cell("jadwal_pemutakhiran_berikutnya")).to_have_text("31 Desember 2024")

    page.goto(f"{live_server}/dataset/?urusan=2.20")
    expect(page.locator(".dataset-heading a")).to_have_text(["Kepadatan Penduduk Cipocok Jaya"])


def test_invalid_values_are_explained_in_indonesian_on_the_form(live_server, page, produsen):
    log_in(page, live_server, produsen["name"], PASSWORD)
    page.goto(f"{live_server}/dataset/new")
    _fill_sdi_form(page)
    page.fill("#field-tahun_selesai", "2015")
    page.fill("#field-kontak_email", "statistik-at-serangkota")
    page.locator("form#dataset-edit button[name=save]").click()

    summary = page.locator(".error-explanation")
    expect(summary).to_contain_text("Email Kontak")
    expect(summary).to_contain_text("Bukan alamat email yang sah")
    expect(summary).to_contain_text("Tahun Data (akhir)")
    # what the produsen typed is still there
    expect(page.locator("#field-konsep")).to_have_value(
        "Kepadatan penduduk adalah banyaknya penduduk per satuan luas."
    )
