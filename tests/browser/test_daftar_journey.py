"""The walidata keep the Daftar Data in the browser: add an entry, a mistake first,
then see the OPD on the dashboard with the periods it owes and the city's chart."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests import sdi

from .conftest import log_in, walidata_office
from .test_dataset_form import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def portal() -> dict[str, Any]:
    walidata_office(PASSWORD)
    return sdi.Organization(name="dinkes", title="Dinas Kesehatan", singkatan="DINKES")


def test_walidata_add_an_entry_and_see_it_on_the_dashboard(
    live_server: str, page: Page, portal: dict[str, Any]
) -> None:
    year = datetime.now(ZoneInfo("Asia/Jakarta")).year
    log_in(page, live_server, "walidata_kominfo", PASSWORD)
    page.locator("header").get_by_role("link", name="Daftar Data", exact=True).click()
    expect(page.locator("h1.page-heading")).to_have_text(f"Daftar Data {year}")
    expect(page.locator(".satudata-daftar-empty")).to_be_visible()

    page.get_by_role("link", name="Tambah entri").click()
    page.select_option("#field-organization", label="Dinas Kesehatan")
    page.select_option("#field-frekuensi", label="Triwulanan")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".satudata-daftar-error[data-field=nama]")).to_have_text(
        "Nama data wajib diisi."
    )

    page.fill("#field-nama", "Kunjungan puskesmas")
    page.select_option("#field-urusan", value="1.02")
    page.check("#field-prioritas")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Entri ditambahkan ke Daftar Data.")
    expect(page.locator("h1.page-heading")).to_contain_text("Kunjungan puskesmas")
    expect(page.locator(".satudata-daftar-periode-table tbody tr")).to_have_count(4)
    expect(page.locator(f"tr[data-kode='{year}-T1'] .satudata-daftar-tenggat")).to_have_text(
        f"30 April {year}"
    )

    page.goto(f"{live_server}/daftar-data")
    page.locator(".satudata-daftar-actions").get_by_role("link", name="Dasbor").click()
    row = page.locator("tr[data-opd=dinkes]")
    expect(row).to_contain_text("Dinas Kesehatan")
    expect(row.locator("[data-kolom=entri]")).to_have_text("1")
    expect(row.locator("[data-kolom=wajib]")).to_have_text("4")
    expect(page.locator("canvas[data-module=satudata-chart]")).to_be_visible()

    row.get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.locator("h1.page-heading")).to_have_text(f"Daftar Data Dinas Kesehatan {year}")
    expect(page.locator("section[data-bagian=semua]")).to_contain_text("Kunjungan puskesmas")
