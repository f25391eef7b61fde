"""The "Data saya" page (/data-saya): a produsen's OPD datasets by verification status,
with the walidata's notes, as the produsen sees it over HTTP."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup, Tag
from ckan.tests import factories

from tests import sdi
from tests.sdi import act

pytestmark = pytest.mark.usefixtures("clean_db")

STATUSES = (
    "draft",
    "diajukan",
    "perlu_perbaikan",
    "pemeriksaan_pembina",
    "disetujui",
    "ditayangkan",
    "ditarik",
)


@pytest.fixture
def people() -> dict[str, dict[str, Any]]:
    produsen = factories.User(name="produsen_dinkes")
    lain = factories.User(name="produsen_dishub")
    walidata = factories.User(name="walidata_kominfo", fullname="Siti Walidata")
    sdi.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        users=[{"name": produsen["name"], "capacity": "editor"}],
    )
    sdi.Organization(
        name="dishub",
        title="Dinas Perhubungan",
        users=[{"name": lain["name"], "capacity": "editor"}],
    )
    sdi.Organization(
        name="diskominfo", walidata=True, users=[{"name": walidata["name"], "capacity": "member"}]
    )
    return {"produsen": produsen, "lain": lain, "walidata": walidata}


def _dataset(name: str, title: str, owner_org: str, status: str) -> dict[str, Any]:
    return sdi.Dataset(
        name=name,
        title=title,
        owner_org=owner_org,
        status_verifikasi=status,
        resources=[{"url": f"http://example.com/{name}.csv", "format": "CSV"}],
    )


@pytest.fixture
def catalog(people: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One dinkes dataset in every status, and dishub datasets the produsen must not see."""
    for status in STATUSES:
        _dataset(f"dinkes-{status}", f"Data Dinkes {status}", "dinkes", status)
    _dataset("dishub-draft", "Rahasia Dishub Draf", "dishub", "draft")
    _dataset("dishub-diajukan", "Rahasia Dishub Diajukan", "dishub", "diajukan")
    return people


def _page(app: Any, user: dict[str, Any] | None, **query: Any) -> BeautifulSoup:
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}
    body = app.get("/data-saya", query_string=query, headers=headers, status=200).body
    return BeautifulSoup(body, "html.parser")


def one(node: Tag, selector: str) -> Tag:
    """The element ``selector`` finds under ``node`` (the test fails when there is none)."""
    found = node.select_one(selector)
    assert found is not None, f"nothing matches {selector}"
    return found


def attr(node: Tag, name: str) -> str:
    return str(node.get(name, ""))


def _titles(page: BeautifulSoup) -> set[str]:
    return {a.get_text(strip=True) for a in page.select(".satudata-mine-item .dataset-heading a")}


def _counts(page: BeautifulSoup) -> dict[str, int]:
    return {
        attr(li, "data-status"): int(one(li, ".item-count").get_text(strip=True))
        for li in page.select(".satudata-mine-statuses li")
    }


def test_the_produsen_sees_every_status_of_their_opd_with_counts(app, catalog):
    page = _page(app, catalog["produsen"])
    assert _titles(page) == {f"Data Dinkes {status}" for status in STATUSES}
    assert _counts(page) == {"": 7, **{status: 1 for status in STATUSES}}
    labels = {
        one(li, ".item-label").get_text(strip=True)
        for li in page.select(".satudata-mine-statuses li")
    }
    assert {"Draf", "Diajukan ke Walidata", "Perlu Perbaikan", "Ditayangkan", "Ditarik"} <= labels
    row = one(page, '.satudata-mine-item[data-dataset="dinkes-perlu_perbaikan"]')
    assert one(row, ".satudata-status").get_text(strip=True) == "Perlu Perbaikan"
    assert "Dinas Kesehatan" in row.get_text()
    assert attr(one(row, "a"), "href").endswith("/dataset/dinkes-perlu_perbaikan")


def test_another_opds_datasets_never_appear(app, catalog):
    for query in ({}, {"status": "draft"}, {"status": "diajukan"}):
        body = str(_page(app, catalog["produsen"], **query))
        assert "Rahasia Dishub" not in body
    other = _page(app, catalog["lain"])
    assert _titles(other) == {"Rahasia Dishub Draf", "Rahasia Dishub Diajukan"}
    assert _counts(other)[""] == 2


def test_the_status_filter_narrows_the_list(app, catalog):
    page = _page(app, catalog["produsen"], status="ditarik")
    assert _titles(page) == {"Data Dinkes ditarik"}
    active = one(page, ".satudata-mine-statuses li.active")
    assert attr(active, "data-status") == "ditarik"
    assert _counts(page)[""] == 7  # the counts stay those of every status
    # an unknown status lists everything rather than nothing
    assert len(_titles(_page(app, catalog["produsen"], status="bukan-status"))) == 7


def test_the_walidatas_return_note_with_who_and_when(app, people):
    produsen, walidata = people["produsen"], people["walidata"]
    dataset = act(produsen, "package_create", **sdi.complete(name="puskesmas", owner_org="dinkes"))
    act(
        produsen,
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/p.csv",
        format="CSV",
    )
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_return", id="puskesmas", note="Satuan belum sesuai standar.")

    page = _page(app, produsen, status="perlu_perbaikan")
    row = one(page, '.satudata-mine-item[data-dataset="puskesmas"]')
    note = one(row, ".satudata-mine-note")
    assert one(note, "blockquote").get_text(strip=True) == "Satuan belum sesuai standar."
    assert "Dikembalikan untuk perbaikan oleh Siti Walidata" in note.get_text()
    score = act(produsen, "satudata_completeness_show", id="puskesmas")["skor"]
    assert one(row, ".satudata-mine-score").get_text(strip=True) == (f"Kelengkapan SDI {score}/100")


def test_the_latest_note_wins_and_a_waiting_revision_is_marked(app, people):
    produsen, walidata = people["produsen"], people["walidata"]
    dataset = act(produsen, "package_create", **sdi.complete(name="puskesmas", owner_org="dinkes"))
    act(
        produsen,
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/p.csv",
        format="CSV",
    )
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_return", id="puskesmas", note="Catatan pertama.")
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_approve", id="puskesmas")
    act(walidata, "satudata_publish", id="puskesmas")
    act(walidata, "satudata_withdraw", id="puskesmas", note="Ada angka ganda.")
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_approve", id="puskesmas")
    act(walidata, "satudata_publish", id="puskesmas")
    act(produsen, "package_patch", id="puskesmas", title="Jumlah Puskesmas (perbaikan)")

    row = one(_page(app, produsen), '.satudata-mine-item[data-dataset="puskesmas"]')
    assert attr(row, "data-status") == "ditayangkan"
    assert one(row, ".satudata-revision-waiting").get_text(strip=True) == "Revisi menunggu walidata"
    note = one(row, ".satudata-mine-note")
    assert one(note, "blockquote").get_text(strip=True) == "Ada angka ganda."
    assert "Ditarik oleh Siti Walidata" in note.get_text()
    assert "Catatan pertama." not in row.get_text()


def test_twenty_per_page(app, people):
    for number in range(22):
        _dataset(f"data-{number:02d}", f"Data Nomor {number:02d}", "dinkes", "draft")
    first = _page(app, people["produsen"])
    second = _page(app, people["produsen"], page=2)
    assert len(_titles(first)) == 20
    assert len(_titles(second)) == 2
    assert not _titles(first) & _titles(second)
    assert first.select_one(".pagination a[href*='page=2']") is not None


def test_anonymous_visitors_are_sent_to_log_in(app, clean_db):
    response = app.get("/data-saya", follow_redirects=False)
    assert response.status_code == 302
    target = urlparse(response.headers["Location"])
    assert target.path.endswith("/user/login")
    assert parse_qs(target.query)["came_from"] == ["/data-saya"]


def test_a_user_with_no_opd_is_told_whom_to_ask(app, people):
    page = _page(app, factories.User(name="baru_daftar"))
    explanation = one(page, ".satudata-mine-no-opd")
    assert explanation is not None
    assert "Diskominfo" in explanation.get_text()
    assert not page.select(".satudata-mine-item")
    assert not page.select(".satudata-mine-statuses")
