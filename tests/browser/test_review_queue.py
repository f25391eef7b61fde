"""The walidata's review queue in the browser: bulk approval across OPDs, then
publishing and returning from the review page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import sdi

from .conftest import log_in, walidata_office
from .test_dataset_form import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def submitted() -> dict[str, Any]:
    """Three datasets waiting for the walidata, of two OPDs."""
    walidata_office(PASSWORD)
    dinkes = sdi.Organization(name="dinkes", title="Dinas Kesehatan")
    dishub = sdi.Organization(name="dishub", title="Dinas Perhubungan")
    csv = [{"url": "http://example.com/data.csv", "format": "CSV", "name": "Tabel"}]
    for name, title, org in (
        ("puskesmas", "Jumlah Puskesmas", dinkes),
        ("angkutan", "Trayek Angkutan Kota", dishub),
        ("posyandu", "Jumlah Posyandu", dinkes),
    ):
        sdi.Dataset(
            name=name,
            title=title,
            owner_org=org["id"],
            status_verifikasi="diajukan",
            resources=csv,
        )
    return {"dinkes": dinkes, "dishub": dishub}


def _row(page: Page, name: str) -> Any:
    return page.locator(f"tr[data-dataset={name}]")


def test_walidata_approves_in_bulk_then_publishes_and_returns(live_server, page, submitted):
    log_in(page, live_server, "walidata_kominfo", PASSWORD)
    page.get_by_role("link", name="Antrean Verifikasi").click()
    expect(page.locator("h1")).to_have_text("Antrean Verifikasi")
    expect(_row(page, "puskesmas")).to_contain_text("Dinas Kesehatan")
    expect(_row(page, "angkutan")).to_contain_text("Dinas Perhubungan")
    expect(page.locator("[data-status=diajukan] .satudata-count")).to_have_text("3")

    _row(page, "puskesmas").locator("input[name=id]").check()
    _row(page, "angkutan").locator("input[name=id]").check()
    page.get_by_role("button", name="Setujui yang dipilih").click()
    expect(page.locator(".alert-success")).to_contain_text("2 dataset disetujui.")
    expect(page.locator("table.satudata-queue tbody tr")).to_have_count(1)
    expect(page.locator("[data-status=disetujui] .satudata-count")).to_have_text("2")

    page.locator(".satudata-queue-tabs [data-status=disetujui]").click()
    _row(page, "puskesmas").get_by_role("link", name="Jumlah Puskesmas").click()
    expect(page.locator("h1 [data-status=disetujui]")).to_have_text("Disetujui")
    page.locator("form.satudata-step-tayangkan button").click()
    expect(page.locator(".alert-success")).to_contain_text("ditayangkan")
    expect(page.locator("h1 [data-status=ditayangkan]")).to_have_text("Ditayangkan")
    expect(page.locator("form.satudata-step-tarik")).to_be_visible()

    page.get_by_role("link", name="Antrean Verifikasi").first.click()
    _row(page, "posyandu").get_by_role("link", name="Jumlah Posyandu").click()
    form = page.locator("form.satudata-step-kembalikan")
    form.locator("textarea[name=note]").fill("Sebutkan sumber data posyandu.")
    form.locator("button").click()
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan")
    expect(page.locator("h1 [data-status=perlu_perbaikan]")).to_have_text("Perlu Perbaikan")
    expect(page.locator(".satudata-timeline")).to_contain_text("Sebutkan sumber data posyandu.")
    expect(page.locator("form.satudata-step")).to_have_count(0)

    page.get_by_role("link", name="Antrean Verifikasi").first.click()
    expect(page.locator(".satudata-queue-empty")).to_contain_text("Tidak ada dataset")
