"""Serang Dalam Angka as the public and an OPD meet it: a published statistics table
on its dataset page (chart + totals), the full table by region, its CSV and XLSX, the
yearly page by topic; unpublished tables stay invisible."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.types import Context
from openpyxl import load_workbook

from tests import sdi
from tests.loading.portal import people, run_loads, upload

pytestmark = pytest.mark.usefixtures("clean_redis")

CSV = (
    b"tahun;kecamatan;jumlah_penduduk;persen_miskin\n"
    b"2023;Curug;55.123;5,5\n2023;Kasemen;101.234;7\n"
    b"2024;Curug;56.001;5\n2024;Kasemen;102.500;6,5\n"
)
VENDORED = (
    Path(__file__).parents[2] / "ckanext/satudata_serang/assets/vendor/chartjs/chart.umd.min.js"
)


@pytest.fixture
def city(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    found = people()
    admin = factories.Sysadmin()
    published = sdi.Dataset(
        context={"user": admin["name"]}, name="penduduk-kecamatan", title="Penduduk Kecamatan",
        owner_org="dinkes", topik="kependudukan",
    )  # fmt: skip
    found["published"] = published
    found["table"] = upload(admin, published, "penduduk.csv", CSV)
    found["draft_table"] = upload(found["produsen"], found["dataset"], "rahasia.csv", CSV)
    run_loads()
    tk.get_action("datastore_create")(
        cast(Context, {"user": admin["name"]}),
        {
            "resource_id": found["table"]["id"],
            "force": True,
            "fields": [
                {"id": "tahun", "type": "int8", "info": {"peran": "periode"}},
                {"id": "kecamatan", "type": "text", "info": {"peran": "wilayah"}},
                {"id": "jumlah_penduduk", "type": "int8", "info": {"peran": "indikator", "label": "Jumlah penduduk", "ukuran": "jumlah", "satuan": "jiwa"}},
                {"id": "persen_miskin", "type": "numeric", "info": {"peran": "indikator", "label": "Penduduk miskin", "ukuran": "persentase", "satuan": "persen"}},
            ],
        },
    )  # fmt: skip
    return found


def test_the_dataset_page_shows_a_chart_and_the_totals(app: Any, city: dict[str, Any]) -> None:
    page = app.get("/dataset/penduduk-kecamatan").body

    assert 'data-module="satudata-chart"' in page
    assert "Jumlah penduduk" in page and "156.357" in page and "158.501" in page
    assert "Penduduk miskin" in page  # no total for a percentage: –
    assert "satudata_chart.js" in page  # the bundled library, no CDN
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


def test_the_full_table_by_region_and_its_files(app: Any, city: dict[str, Any]) -> None:
    base = f"/dataset/penduduk-kecamatan/angka/{city['table']['id']}"
    page = app.get(base + "?wilayah=1").body
    assert "Kasemen" in page and "102.500" in page and "6,5" in page

    csv = app.get(base + "/unduh.csv?wilayah=1").body
    assert csv.splitlines()[0] == "\ufeffIndikator;Wilayah;Satuan;2023;2024"
    assert "Penduduk miskin;Kasemen;Persen;7;6,5" in csv

    xlsx = app.get(base + "/unduh.xlsx").data
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Indikator", "Satuan", "2023", "2024"]
    assert rows[1] == ["Jumlah penduduk", "Jiwa", 156357, 158501]


def test_an_unpublished_table_stays_invisible(app: Any, city: dict[str, Any]) -> None:
    url = f"/dataset/{city['dataset']['name']}/angka/{city['draft_table']['id']}"
    app.get(url, status=404)
    app.get(url + "/unduh.csv", status=404)
    outsider = factories.APIToken(user=factories.User()["name"])["token"]
    app.get(url, headers={"Authorization": outsider}, status=404)
    own = factories.APIToken(user=city["produsen"]["name"])["token"]
    assert "jumlah_penduduk" in app.get(url, headers={"Authorization": own}, status=200).body


def test_serang_dalam_angka_groups_the_latest_figures_by_topic(
    app: Any, city: dict[str, Any]
) -> None:
    page = app.get("/serang-dalam-angka").body
    assert "Serang Dalam Angka 2024" in page
    assert 'data-module="satudata-chart"' in page  # the table's chart under its topic
    assert "Kependudukan" in page
    assert "158.501" in page and "Jiwa" in page
    assert '<option value="2023"' in page
    assert "rahasia" not in page

    older = app.get("/serang-dalam-angka?tahun=2023").body
    assert "156.357" in older and "158.501" not in older


def test_the_chart_library_is_the_vendored_one(app: Any) -> None:
    digest = hashlib.sha256(VENDORED.read_bytes()).hexdigest()
    assert digest == "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"
