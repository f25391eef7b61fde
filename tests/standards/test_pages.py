"""The standards' pages: the public list and a standard's columns and Table Schema,
the walidata's editor, and the report on a resource page."""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories

from tests.sdi import act
from tests.standards.portal import (
    BAD_CSV,
    KODE,
    draft_dataset,
    people,
    published_standard,
    run_checks,
    skema,
    upload_table,
)

pytestmark = pytest.mark.usefixtures("clean_db")
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def users() -> dict[str, dict[str, Any]]:
    return people()


def _page(body: str) -> BeautifulSoup:
    return BeautifulSoup(body, "html.parser")


def _log_in(app: Any, name: str) -> None:
    form = app.get("/user/login", status=200).body
    csrf = re.search(r'name="_csrf_token" content="([^"]+)"', form)
    assert csrf
    app.post(
        "/user/login",
        data={"login": name, "password": PASSWORD, "_csrf_token": csrf.group(1)},
        status=200,
    )


def test_the_public_page_lists_the_standards_in_force(app, users):
    walidata = users["walidata"]
    published_standard(walidata)
    act(walidata, "satudata_standar_create", kode="sekolah", judul="Sekolah (draf)", skema=skema())
    page = _page(app.get("/standar", status=200).body)
    rows = page.select("tr[data-kode]")
    assert [row["data-kode"] for row in rows] == [KODE]
    assert "Jumlah penduduk per kecamatan per tahun" in rows[0].get_text()
    assert rows[0].select_one(f'a[href="/standar/{KODE}/1.json"]')


def test_a_standard_page_shows_its_columns_and_code_list(app, users):
    published_standard(users["walidata"])
    page = _page(app.get(f"/standar/{KODE}", status=200).body)
    columns = [row["data-kolom"] for row in page.select("tr[data-kolom]")]
    assert columns == ["kode_kecamatan", "tahun", "jumlah_penduduk"]
    code_list = page.select_one('tr[data-kolom="kode_kecamatan"]').get_text()  # pyright: ignore[reportOptionalMemberAccess]
    assert "36.73.04 Kecamatan Curug" in code_list
    assert app.get("/standar/sekolah", status=404)


def test_the_table_schema_is_downloadable(app, users):
    published_standard(users["walidata"])
    response = app.get(f"/standar/{KODE}/1.json", status=200)
    assert response.content_type == "application/json"
    body = json.loads(response.body)
    assert body["name"] == KODE and body["title"].startswith("Jumlah penduduk")
    assert body["fields"][0]["constraints"]["enum"][:2] == ["36.73.01", "36.73.02"]
    assert body["primaryKey"] == ["kode_kecamatan", "tahun"]
    app.get(f"/standar/{KODE}/2.json", status=404)


def test_the_editor_is_the_walidatas_and_explains_mistakes(app, users):
    factories.User(name="walidata_web", password=PASSWORD)
    act(
        factories.Sysadmin(),
        "organization_member_create",
        id="diskominfo",
        username="walidata_web",
        role="member",
    )
    app.get("/standar/baru", status=403)
    _log_in(app, "walidata_web")
    form = _page(app.get("/standar/baru", status=200).body)
    token = form.select_one('input[name="_csrf_token"]')["value"]  # pyright: ignore[reportOptionalSubscript]
    response = app.post(
        "/standar/baru",
        data={
            "_csrf_token": token,
            "kode": KODE,
            "judul": "Penduduk",
            "skema": '{"fields": [{"name": "tahun", "type": "angka"}]}',
        },
        status=200,
    )
    errors = [li.get_text() for li in _page(response.body).select(".satudata-standar-errors li")]
    assert errors and 'tipe "angka" tidak dikenal' in errors[0]
    response = app.post(
        "/standar/baru",
        data={
            "_csrf_token": token,
            "kode": KODE,
            "judul": "Penduduk",
            "skema": json.dumps(skema()),
        },
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert act(factories.Sysadmin(), "satudata_standar_show", kode=KODE)["status"] == "draf"


def test_the_report_snippet_shows_the_failing_rows(app, users):
    produsen = users["produsen"]
    published_standard(users["walidata"])
    dataset = draft_dataset(produsen)
    resource = upload_table(produsen, dataset, BAD_CSV)
    run_checks()
    with app.flask_app.test_request_context():
        tk.login_user(model.User.get(produsen["name"]))
        html = tk.render_snippet(
            "package/snippets/satudata_validation_report.html", {"res": resource}
        )
    page = _page(html)
    section = page.select_one("section.satudata-validasi")
    assert section is not None and section["data-status"] == "gagal"
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert rows[0][:3] == ["3", "kode_kecamatan", "36.74.01"]
    assert rows[1] == [
        "4",
        "tahun",
        "20x3",
        'Baris 4, kolom "tahun": "20x3" bukan tahun (4 angka).',
    ]
    assert page.select_one(
        f'form[action="/dataset/{dataset["id"]}/resource/{resource["id"]}/validasi"]'
    )


def test_the_walidata_reads_the_check_in_the_review(app, users):
    from tests.standards.portal import GOOD_CSV

    produsen, walidata = users["produsen"], users["walidata"]
    published_standard(walidata)
    dataset = draft_dataset(produsen)
    resource = upload_table(produsen, dataset, GOOD_CSV)
    run_checks()
    act(produsen, "satudata_submit", id=dataset["id"])
    token = factories.APIToken(user=walidata["name"])["token"]

    review = app.get(f"/dataset/{dataset['id']}/periksa", headers={"Authorization": token}).body
    resource_page = app.get(
        f"/dataset/{dataset['id']}/resource/{resource['id']}", headers={"Authorization": token}
    ).body

    for page in (review, resource_page):
        assert "Berkas sesuai standar: 3 baris diperiksa." in page
