"""The Data Dictionary as MS-Var, through CKAN's own API and pages: a produsen fills
it in, a wrong code is refused in Indonesian, a partial API call keeps the rest, a
new upload keeps it, and a column described as a code stays text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.types import Context

from tests.loading.portal import columns, people, records, replace_file, run_loads, upload

pytestmark = pytest.mark.usefixtures("clean_redis")

CSV = b"tahun;kecamatan;jumlah\n2023;Curug;55.123\n2024;Curug;56.001\n"


@pytest.fixture
def loaded(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    found = people()
    found["resource"] = upload(found["produsen"], found["dataset"], "penduduk.csv", CSV)
    run_loads()
    found["token"] = factories.APIToken(user=found["produsen"]["name"])["token"]
    return found


def _fields(info: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    kinds = {"tahun": "int8", "kecamatan": "text", "jumlah": "int8"}
    return [{"id": name, "type": kind, "info": info.get(name, {})} for name, kind in kinds.items()]


def _info(resource_id: str) -> dict[str, dict[str, Any]]:
    found = tk.get_action("datastore_info")(
        cast(Context, {"ignore_auth": True}), {"id": resource_id}
    )
    return {f["id"]: f.get("info", {}) for f in found["fields"] if f["id"] != "_id"}


def test_a_wrong_code_is_refused_in_indonesian(app: Any, loaded: dict[str, Any]) -> None:
    response = app.post(
        "/api/3/action/datastore_create",
        json={
            "resource_id": loaded["resource"]["id"],
            "force": True,
            "fields": _fields({"jumlah": {"label": "Jumlah penduduk", "tipe_data": "angka"}}),
        },
        headers={"Authorization": loaded["token"]},
        status=409,
    )
    error = response.json["error"]
    assert 'Tipe data: "angka" bukan salah satu kode yang terdaftar.' in str(error)
    assert _info(loaded["resource"]["id"])["jumlah"] == {}


def test_a_partial_update_keeps_what_was_described(app: Any, loaded: dict[str, Any]) -> None:
    full = {
        "label": "Jumlah penduduk",
        "alias": "pddk",
        "konsep": "Penduduk adalah setiap orang yang berdomisili di Kota Serang.",
        "notes": "Banyaknya penduduk menurut data konsolidasi bersih.",
        "tipe_data": "bilangan_bulat",
        "satuan": "jiwa",
        "ukuran": "jumlah",
        "klasifikasi_isian": "Bilangan bulat ≥ 0",
        "aturan_validasi": ">= 0",
        "peran": "indikator",
    }
    for info in ({"jumlah": full}, {"jumlah": {"label": "Penduduk"}}):
        app.post(
            "/api/3/action/datastore_create",
            json={"resource_id": loaded["resource"]["id"], "force": True, "fields": _fields(info)},
            headers={"Authorization": loaded["token"]},
            status=200,
        )

    assert _info(loaded["resource"]["id"])["jumlah"] == {**full, "label": "Penduduk"}


def test_the_form_and_the_page_speak_ms_var(app: Any, loaded: dict[str, Any]) -> None:
    dataset, resource = loaded["dataset"], loaded["resource"]
    headers = {"Authorization": loaded["token"]}
    form_url = f"/dataset/{dataset['name']}/dictionary/{resource['id']}"
    form = app.get(form_url, headers=headers, status=200).body
    for label in ("Nama variabel", "Konsep", "Definisi", "Tipe data", "Satuan", "Ukuran",
                  "Klasifikasi isian", "Aturan validasi", "Peran dalam tabel statistik"):  # fmt: skip
        assert label in form
    assert "Type Override" not in form and "Strip Extra" not in form

    app.post(
        form_url,
        data={
            "info__3__label": "Jumlah penduduk",
            "info__3__konsep": "Penduduk menurut kecamatan",
            "info__3__tipe_data": "bilangan_bulat",
            "info__3__satuan": "jiwa",
            "info__3__peran": "indikator",
        },
        headers=headers,
        status=200,
    )
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}", headers=headers).body

    assert "Jumlah penduduk" in page
    assert "Penduduk menurut kecamatan" in page
    assert "Bilangan bulat" in page and "Jiwa" in page
    assert "Indikator (nilai yang diukur)" in page


def test_a_new_upload_keeps_the_dictionary_and_its_text_columns(
    app: Any, loaded: dict[str, Any]
) -> None:
    resource = loaded["resource"]
    app.post(
        "/api/3/action/datastore_create",
        json={
            "resource_id": resource["id"],
            "force": True,
            "fields": _fields(
                {
                    "tahun": {"label": "Tahun", "tipe_data": "periode"},
                    "jumlah": {"label": "Jumlah penduduk", "satuan": "jiwa"},
                }
            ),
        },
        headers={"Authorization": loaded["token"]},
        status=200,
    )

    replace_file(loaded["produsen"], resource, "penduduk.csv", CSV + b"2025;Curug;57.500\n")
    run_loads()

    assert columns(resource["id"]) == {"tahun": "text", "kecamatan": "text", "jumlah": "int8"}
    assert [r["tahun"] for r in records(resource["id"], sort="_id")] == ["2023", "2024", "2025"]
    info = _info(resource["id"])
    assert info["tahun"] == {"label": "Tahun", "tipe_data": "periode"}
    assert info["jumlah"] == {"label": "Jumlah penduduk", "satuan": "jiwa"}


def test_a_dictionary_that_comes_with_the_resource_is_applied_on_loading(
    reset_db: Callable[[], None],
) -> None:
    reset_db()
    found = people()
    described = [
        {"id": "tahun", "info": {"label": "Tahun", "tipe_data": "tahun", "peran": "periode"}},
        {
            "id": "jumlah",
            "info": {"label": "Jumlah penduduk", "satuan": "jiwa", "peran": "indikator"},
        },
        {"id": "tidak_ada", "info": {"label": "Kolom yang tidak ada"}},
    ]
    import json

    resource = upload(
        found["produsen"], found["dataset"], "penduduk.csv", CSV, kamus_data=json.dumps(described)
    )
    run_loads()

    info = _info(resource["id"])
    assert info["tahun"] == {"label": "Tahun", "tipe_data": "tahun", "peran": "periode"}
    assert info["jumlah"]["label"] == "Jumlah penduduk"
    assert info["kecamatan"] == {}
    assert "tidak_ada" not in info
