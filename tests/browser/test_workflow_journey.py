"""The verification journey in the browser: produsen → walidata → public."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories
from playwright.sync_api import Browser, Page, expect

from tests import sdi

from .conftest import log_in
from .test_dataset_form import PASSWORD, _fill_sdi_form

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def people() -> dict[str, Any]:
    produsen = factories.User(name="produsen_dukcapil", password=PASSWORD)
    walidata = factories.User(name="walidata_kominfo", password=PASSWORD)
    sdi.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": produsen["name"], "capacity": "editor"}],
    )
    sdi.Organization(
        name="diskominfo",
        title="Dinas Komunikasi dan Informatika",
        walidata=True,
        users=[{"name": walidata["name"], "capacity": "member"}],
    )
    return {"produsen": produsen, "walidata": walidata}


def _page_as(browser: Browser, base_url: str, name: str) -> Page:
    page = browser.new_context(locale="id-ID").new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, name, PASSWORD)
    return page


def _step(page: Page, step: str, note: str | None = None) -> None:
    form = page.locator(f"form.satudata-step-{step}")
    if note is not None:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_submit_return_fix_approve_publish_and_find(live_server, browser, people):
    url = f"{live_server}/dataset/kepadatan-penduduk-cipocok-jaya"
    produsen = _page_as(browser, live_server, "produsen_dukcapil")
    produsen.goto(f"{live_server}/dataset/new")
    _fill_sdi_form(produsen)
    produsen.locator("form#dataset-edit button[name=save]").click()
    produsen.wait_for_url("**/resource/new")
    produsen.click("#resource-link-button")
    produsen.fill("#field-resource-url", "https://data.serangkota.go.id/kepadatan.csv")
    produsen.fill("#field-name", "Tabel Kepadatan")
    produsen.fill("#field-format", "CSV")
    produsen.locator("button[name=save][value=go-metadata]").click()
    produsen.wait_for_url(url)
    expect(produsen.locator("[data-status=draft]")).to_be_visible()

    _step(produsen, "ajukan")
    expect(produsen.locator(".alert")).to_contain_text("diajukan ke walidata")
    expect(produsen.locator("h1 [data-status=diajukan]")).to_have_text("Diajukan ke Walidata")

    walidata = _page_as(browser, live_server, "walidata_kominfo")
    walidata.goto(url)
    _step(walidata, "kembalikan", "Definisi perlu menyebut sumber luas wilayah.")
    expect(walidata.locator("h1 [data-status=perlu_perbaikan]")).to_be_visible()

    produsen.goto(f"{live_server}/dataset/edit/kepadatan-penduduk-cipocok-jaya")
    produsen.fill("#field-definisi", "Jumlah penduduk dibagi luas daratan kelurahan menurut BPS.")
    produsen.locator("form#dataset-edit button[name=save]").click()
    produsen.wait_for_url(url)
    _step(produsen, "ajukan")
    expect(produsen.locator("h1 [data-status=diajukan]")).to_be_visible()

    walidata.goto(url)
    _step(walidata, "setujui")
    expect(walidata.locator("h1 [data-status=disetujui]")).to_be_visible()
    _step(walidata, "tayangkan")
    expect(walidata.locator(".alert")).to_contain_text("ditayangkan")

    anonymous = browser.new_context(locale="id-ID").new_page()
    anonymous.goto(f"{live_server}/dataset/?q=Cipocok")
    expect(anonymous.locator(".dataset-heading a")).to_have_text(
        ["Kepadatan Penduduk Cipocok Jaya"]
    )
    anonymous.goto(url)
    expect(anonymous.locator("td[data-field=definisi]")).to_contain_text("menurut BPS")
