"""Hostile text in any field is shown as text: no script runs on the portal's pages."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from tests import sdi

SCRIPT = '<script>alert("xss")</script>'
IMAGE = '<img src="x" onerror="alert(1)">'
LINK = "[klik di sini](javascript:alert(1))"
HOSTILE = f"Data {SCRIPT} {IMAGE} {LINK} <a href='javascript:alert(2)' onclick='alert(3)'>x</a>"


@pytest.fixture(scope="module")
def hostile(reset_db: Any) -> dict[str, Any]:
    reset_db()
    org = sdi.Organization(
        name="dinkes", title=f"Dinas Kesehatan {SCRIPT}", description=HOSTILE, alamat=HOSTILE
    )
    dataset = sdi.Dataset(
        name="data-berbahaya",
        owner_org=org["id"],
        title=f"Judul {SCRIPT}{IMAGE}",
        notes=HOSTILE,
        tags=[{"name": "aman"}],
        **{
            field: HOSTILE
            for field in (
                "konsep",
                "definisi",
                "klasifikasi",
                "metodologi",
                "interpretasi",
                "sumber_data",
                "kontak_nama",
                "kode_referensi",
            )
        },
        data_induk="javascript:alert(4)",
        sifat_data="terbatas",
        dasar_pengecualian=HOSTILE,
        resources=[
            {
                "url": "http://example.com/a.csv",
                "format": "CSV",
                "name": f"Tabel {SCRIPT}",
                "description": HOSTILE,
            }
        ],
    )
    return {"org": org, "dataset": dataset}


def _assert_inert(body: str) -> None:
    page = BeautifulSoup(body, "html.parser")
    for script in page.find_all("script"):
        if str(script.get("type", "")).endswith("json"):
            # Data, not code (ckanext-dcat's JSON-LD): "<" must stay escaped in it.
            assert "<" not in script.get_text(), script
        else:
            assert "alert" not in script.get_text(), script
    for element in page.find_all(True):
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                assert "alert" not in text, (element.name, attribute, text)
            if attribute.lower() in ("href", "src", "action", "formaction"):
                assert not text.strip().lower().startswith(("javascript:", "data:")), element


@pytest.mark.parametrize(
    "path",
    [
        "/dataset/data-berbahaya",
        "/en/dataset/data-berbahaya",
        "/dataset/",
        "/dataset/?q=Judul",
        "/",
        "/organization/dinkes",
        "/organization/about/dinkes",
        "/organization/",
    ],
)
def test_pages_show_hostile_text_without_running_it(app, hostile, path):
    response = app.get(path)
    assert response.status_code == 200
    _assert_inert(response.body)


def test_hostile_text_is_kept_and_shown_as_text(app, hostile):
    body = app.get("/dataset/data-berbahaya").body
    assert "Judul" in body
    assert "&lt;script&gt;" in body  # the title: escaped, still readable


def test_resource_page_is_inert(app, hostile):
    resource = hostile["dataset"]["resources"][0]
    _assert_inert(app.get(f"/dataset/data-berbahaya/resource/{resource['id']}").body)


def test_links_must_be_http(hostile):
    with pytest.raises(tk.ValidationError) as caught:
        tk.get_action("organization_patch")(
            {"user": factories.Sysadmin()["name"]},
            {"id": "dinkes", "website": "javascript:alert(1)"},
        )
    assert "website" in caught.value.error_dict
