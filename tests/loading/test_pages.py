"""The resource page tells the dataset's editors how the load of its file went, in
Indonesian; the public sees nothing of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ckan.tests import factories

from tests import sdi
from tests.loading.portal import people, run_loads, upload

pytestmark = pytest.mark.usefixtures("clean_redis")


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    return people()


def _page(app: Any, dataset: dict[str, Any], resource: dict[str, Any], user: Any = None) -> str:
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}
    url = f"/dataset/{dataset['name']}/resource/{resource['id']}"
    return app.get(url, headers=headers, status=200).body


def test_the_editor_reads_why_a_file_was_not_loaded(app: Any, opd: dict[str, Any]) -> None:
    resource = upload(opd["produsen"], opd["dataset"], "kosong.csv", b"hanya satu kolom\nnilai\n")
    run_loads()

    page = _page(app, opd["dataset"], resource, opd["produsen"])

    assert "Berkas tidak dapat dimuat ke DataStore." in page
    assert "Berkas ini bukan tabel" in page


def test_the_editor_sees_the_rows_and_what_was_noticed(app: Any, opd: dict[str, Any]) -> None:
    content = "Tabel penduduk\n\nKecamatan;Jumlah\nCurug;1.234\nKasemen;2.345\nSumber: BPS\n"
    resource = upload(opd["produsen"], opd["dataset"], "penduduk.csv", content.encode())
    run_loads()

    page = _page(app, opd["dataset"], resource, opd["produsen"])

    assert "2 baris dimuat ke DataStore." in page
    assert "2 baris di atas baris judul kolom (judul tabel) dilewati." in page
    assert "1 baris catatan di bawah tabel" in page
    assert "Kolom &#34;Jumlah&#34; dibaca dengan cara Indonesia" in page or (
        'Kolom "Jumlah" dibaca dengan cara Indonesia' in page
    )


def test_a_waiting_load_says_the_old_data_stays(app: Any, opd: dict[str, Any]) -> None:
    resource = upload(opd["produsen"], opd["dataset"], "a.csv", b"a;b\n1;2\n")

    page = _page(app, opd["dataset"], resource, opd["produsen"])

    assert "Berkas sedang dimuat ke DataStore: Menunggu dalam antrean." in page
    assert "Data sebelumnya tetap tersedia sampai pemuatan selesai." in page


def test_the_public_sees_no_load_report(app: Any, opd: dict[str, Any]) -> None:
    admin = factories.Sysadmin()
    published = sdi.Dataset(context={"user": admin["name"]}, name="terbit", owner_org="dinkes")
    resource = upload(admin, published, "a.csv", b"a;b\n1;2\n")
    run_loads()

    assert "dimuat ke DataStore" in _page(app, published, resource, admin)
    public = _page(app, published, resource)
    assert "dimuat ke DataStore" not in public
    assert "satudata-load-state" not in public


def test_xloaders_datastore_tab_reads_in_indonesian(app: Any, opd: dict[str, Any]) -> None:
    resource = upload(opd["produsen"], opd["dataset"], "kosong.csv", b"hanya satu kolom\nnilai\n")
    run_loads()
    headers = {"Authorization": factories.APIToken(user=opd["produsen"]["name"])["token"]}

    url = f"/dataset/{opd['dataset']['name']}/resource_data/{resource['id']}"
    page = app.get(url, headers=headers, status=200).body

    assert "Muat ke DataStore" in page
    assert "Galat pemuatan:" in page and "Berkas ini bukan tabel" in page
    assert "Upload to DataStore" not in page
