"""The SDI dataset schema through CKAN's API: what is stored, computed and refused."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.types import Context

from tests import sdi

pytestmark = pytest.mark.usefixtures("clean_db")


def _as(user: dict[str, Any]) -> Context:
    return cast(Context, {"user": user["name"]})


@pytest.fixture
def produsen() -> dict[str, Any]:
    user = factories.User(name="produsen_dukcapil")
    sdi.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": user["name"], "capacity": "editor"}],
    )  # fmt: skip
    return user


def _create(user: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return tk.get_action("package_create")(_as(user), {"owner_org": "disdukcapil", **fields})


def _errors(app: Any, user: dict[str, Any], **fields: Any) -> dict[str, list[str]]:
    """The API's validation errors, as a client sees them (default language: id)."""
    token = factories.APIToken(user=user["name"])["token"]
    response = app.post(
        "/api/3/action/package_create",
        json={"owner_org": "disdukcapil", **fields},
        headers={"Authorization": token},
        status=409,
    )
    return cast(dict[str, list[str]], response.json["error"])


def test_every_field_is_stored_and_returned(produsen):
    created = _create(produsen, name="kepadatan-penduduk", **sdi.every_field())
    shown = tk.get_action("package_show")(_as(produsen), {"id": created["id"]})
    expected = sdi.every_field()
    for field in (
        "konsep", "definisi", "klasifikasi", "ukuran", "ukuran_lainnya", "satuan",
        "satuan_lainnya", "frekuensi", "tahun_mulai", "tahun_selesai", "periode_akhir",
        "cakupan_wilayah", "level_penyajian", "urusan", "topik", "sifat_data",
        "dasar_pengecualian", "data_prioritas", "kode_referensi", "data_induk",
        "cara_pengumpulan", "sumber_data", "metodologi", "interpretasi", "kontak_nama",
        "kontak_email", "kontak_telepon",
    ):  # fmt: skip
        assert shown[field] == expected[field], field
    assert shown["organization"]["name"] == "disdukcapil"
    assert shown["jadwal_pemutakhiran_berikutnya"] == "2024-12-31"


def test_region_defaults_to_kota_serang(produsen):
    created = _create(produsen, name="tanpa-wilayah", **sdi.complete(cakupan_wilayah=""))
    assert created["cakupan_wilayah"] == "36.73"


def test_urusan_accepts_text_lists_as_forms_send_them(produsen):
    created = _create(produsen, name="urusan-teks", **sdi.complete(urusan="1.02, 2.20"))
    assert created["urusan"] == ["1.02", "2.20"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"urusan": ["1.02", "9.99"]}, "urusan", "9.99"),
        ({"topik": "olahraga"}, "topik", "olahraga"),
        ({"cakupan_wilayah": "36.74"}, "cakupan_wilayah", "36.74"),
        ({"frekuensi": "kadang-kadang"}, "frekuensi", "kadang-kadang"),
        ({"tahun_mulai": 2023, "tahun_selesai": 2020}, "tahun_selesai", "Tahun Data (awal)"),
        ({"tahun_mulai": "dua ribu"}, "tahun_mulai", "1900"),
        ({"kontak_email": "statistik-at-serangkota"}, "kontak_email", "email"),
        ({"kontak_telepon": "hubungi kami"}, "kontak_telepon", "nomor telepon"),
        ({"urusan": "pendidikan"}, "urusan", "Kode tidak dikenal"),
        ({"sifat_data": "terbatas", "dasar_pengecualian": ""}, "dasar_pengecualian", "Terbatas"),
        ({"sifat_data": "tertutup"}, "dasar_pengecualian", "Tertutup"),
        ({"satuan": "lainnya"}, "satuan_lainnya", "Satuan"),
        ({"periode_akhir": "2030-01-01"}, "periode_akhir", "2020"),
        ({"periode_akhir": "31/12/2023"}, "periode_akhir", "tanggal"),
    ],
)
def test_invalid_values_are_refused_naming_the_field(app, produsen, fields, field, message):
    errors = _errors(app, produsen, name="salah", **sdi.complete(**fields))
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]
    assert (
        tk.get_action("package_search")({}, {"q": "name:salah", "include_drafts": True})["count"]
        == 0
    )


def test_a_new_dataset_is_a_private_draft_and_may_be_incomplete(app, produsen):
    token = factories.APIToken(user=produsen["name"])["token"]
    created = app.post(
        "/api/3/action/package_create",
        json={"owner_org": "disdukcapil", "name": "baru", "title": "Baru", "private": False},
        headers={"Authorization": token},
    ).json["result"]
    assert created["status_verifikasi"] == "draft"
    assert created["private"] is True  # only the walidata's publication makes it public
    assert "konsep" not in created


def test_beyond_draft_every_required_field_is_needed(app, produsen):
    dataset = sdi.Dataset(owner_org="disdukcapil", name="terbit")
    admin = factories.Sysadmin()
    token = factories.APIToken(user=admin["name"])["token"]
    response = app.post(
        "/api/3/action/package_patch",
        json={"id": dataset["id"], "konsep": ""},
        headers={"Authorization": token},
        status=409,
    )
    assert response.json["error"]["konsep"] == ["Wajib diisi."]
    with pytest.raises(tk.ValidationError) as caught:
        sdi.set_status(_create(produsen, name="draf-lanjut", title="Draf")["id"], "diajukan")
    assert {"konsep", "definisi", "frekuensi", "urusan", "topik"} <= set(caught.value.error_dict)


def test_the_status_cannot_be_set_through_the_normal_actions(produsen):
    created = _create(produsen, name="coba-status", status_verifikasi="ditayangkan", private=False)
    assert created["status_verifikasi"] == "draft"
    assert created["private"] is True
    updated = tk.get_action("package_patch")(
        _as(produsen), {"id": "coba-status", "status_verifikasi": "ditayangkan"}
    )
    assert updated["status_verifikasi"] == "draft"


def test_draft_may_be_incomplete_but_not_invalid(app, produsen):
    admin = factories.Sysadmin()
    draft = _create(admin, name="draf-penduduk", title="Draf", state="draft", topik="kesehatan")
    assert draft["state"] == "draft"
    assert draft["topik"] == "kesehatan"
    assert "konsep" not in draft
    errors = _errors(app, admin, name="draf-salah", state="draft", topik="bukan-topik")
    assert sorted(errors) == ["__type", "topik"]


def test_editing_a_draft_keeps_it_a_draft_without_the_rules(produsen):
    admin = factories.Sysadmin()
    _create(admin, name="draf-edit", title="Draf", state="draft")
    edited = tk.get_action("package_patch")(
        _as(produsen), {"id": "draf-edit", "notes": "Masih disusun"}
    )
    assert edited["state"] == "draft"
    assert edited["notes"] == "Masih disusun"


def test_next_update_due_is_recomputed_on_every_update(produsen):
    created = _create(
        produsen, name="sampah", **sdi.complete(frekuensi="tahunan", tahun_selesai=2023)
    )
    assert created["jadwal_pemutakhiran_berikutnya"] == "2024-12-31"
    monthly = tk.get_action("package_patch")(
        _as(produsen),
        {
            "id": "sampah",
            "frekuensi": "bulanan",
            "tahun_selesai": 2024,
            "periode_akhir": "2024-09-30",
        },
    )
    assert monthly["jadwal_pemutakhiran_berikutnya"] == "2024-10-31"
    irregular = tk.get_action("package_patch")(
        _as(produsen), {"id": "sampah", "frekuensi": "ad_hoc"}
    )
    assert "jadwal_pemutakhiran_berikutnya" not in irregular


def test_next_update_due_cannot_be_set_by_the_caller(produsen):
    created = _create(
        produsen,
        name="jadwal-palsu",
        **sdi.complete(jadwal_pemutakhiran_berikutnya="2099-01-01", tahun_selesai=2023),
    )
    assert created["jadwal_pemutakhiran_berikutnya"] == "2024-12-31"
