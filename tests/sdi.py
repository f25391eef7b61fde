"""Complete SDI metadata for test datasets, so each test names only what it is about."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.types import Context

COMPLETE_METADATA: dict[str, Any] = {
    "notes": "Data contoh untuk pengujian portal Satu Data Kota Serang.",
    "konsep": "Penduduk adalah setiap orang yang berdomisili di wilayah Kota Serang.",
    "definisi": "Jumlah penduduk menurut data konsolidasi bersih.",
    "klasifikasi": "Menurut kecamatan dan jenis kelamin",
    "ukuran": "jumlah",
    "satuan": "jiwa",
    "frekuensi": "tahunan",
    "tahun_mulai": 2020,
    "tahun_selesai": 2023,
    "cakupan_wilayah": "36.73",
    "level_penyajian": "kecamatan",
    "urusan": ["2.12"],
    "topik": "kependudukan",
    "sifat_data": "terbuka",
    "cara_pengumpulan": "kompilasi_administrasi",
    "kontak_nama": "Bidang Statistik",
    "kontak_email": "statistik@serangkota.go.id",
}


def complete(**fields: Any) -> dict[str, Any]:
    """A dataset dict with every required SDI field, ``fields`` taking precedence."""
    return {**COMPLETE_METADATA, **fields}


class Dataset(factories.Dataset):
    """CKAN's dataset factory with complete SDI metadata, published (ditayangkan) by
    default as if the walidata had approved it; ``private=True`` or an explicit
    ``status_verifikasi`` gives an unpublished one. The status travels in the action
    context, which only code inside CKAN can set (the workflow actions do the same).
    """

    @classmethod
    def _api_prepare_args(cls, data_dict: dict[str, Any]) -> dict[str, Any]:
        data_dict = super()._api_prepare_args(data_dict)
        status = data_dict.pop("status_verifikasi", None) or (
            "draft"
            if data_dict.get("private") or data_dict.get("state") == "draft"
            else "ditayangkan"
        )
        data_dict["context"] = {**data_dict["context"], "satudata_status": status}
        return data_dict

    notes = COMPLETE_METADATA["notes"]
    konsep = COMPLETE_METADATA["konsep"]
    definisi = COMPLETE_METADATA["definisi"]
    klasifikasi = COMPLETE_METADATA["klasifikasi"]
    ukuran = COMPLETE_METADATA["ukuran"]
    satuan = COMPLETE_METADATA["satuan"]
    frekuensi = COMPLETE_METADATA["frekuensi"]
    tahun_mulai = COMPLETE_METADATA["tahun_mulai"]
    cakupan_wilayah = COMPLETE_METADATA["cakupan_wilayah"]
    level_penyajian = COMPLETE_METADATA["level_penyajian"]
    urusan = COMPLETE_METADATA["urusan"]
    topik = COMPLETE_METADATA["topik"]
    sifat_data = COMPLETE_METADATA["sifat_data"]
    cara_pengumpulan = COMPLETE_METADATA["cara_pengumpulan"]
    kontak_nama = COMPLETE_METADATA["kontak_nama"]
    kontak_email = COMPLETE_METADATA["kontak_email"]


class Organization(factories.Organization):
    """CKAN's organization factory with the required OPD fields."""

    singkatan = "OPD"
    jenis = "dinas"


def every_field(**fields: Any) -> dict[str, Any]:
    """A dataset with every SDI field filled, optional ones and "lainnya" included."""
    return complete(
        **{
            "title": "Kepadatan Penduduk menurut Kelurahan di Kecamatan Cipocok Jaya",
            "notes": "Kepadatan penduduk **per kelurahan**, semester I dan II.",
            "tags": [{"name": "kepadatan"}, {"name": "penduduk"}],
            "license_id": "cc-by",
            "konsep": "Kepadatan penduduk adalah banyaknya penduduk per satuan luas.",
            "definisi": "Jumlah penduduk dibagi luas wilayah daratan kelurahan.",
            "klasifikasi": "Menurut kelurahan",
            "ukuran": "lainnya",
            "ukuran_lainnya": "Kepadatan",
            "satuan": "lainnya",
            "satuan_lainnya": "jiwa per km²",
            "frekuensi": "semesteran",
            "tahun_mulai": 2019,
            "tahun_selesai": 2024,
            "periode_akhir": "2024-06-30",
            "cakupan_wilayah": "36.73.05",
            "level_penyajian": "kelurahan",
            "urusan": ["2.12", "2.20"],
            "topik": "kependudukan",
            "sifat_data": "terbatas",
            "dasar_pengecualian": "UU 14/2008 Pasal 17 huruf h (uji konsekuensi 2024).",
            "data_prioritas": True,
            "kode_referensi": "Kode wilayah Kemendagri",
            "data_induk": "https://sipd.kemendagri.go.id/kode-wilayah",
            "cara_pengumpulan": "survei",
            "sumber_data": "Registrasi penduduk kelurahan",
            "metodologi": "Penduduk pertengahan semester dibagi luas daratan.",
            "interpretasi": "Makin tinggi angkanya, makin padat kelurahan itu.",
            "kontak_nama": "Seksi Statistik Sektoral",
            "kontak_email": "statistik@serangkota.go.id",
            "kontak_telepon": "(0254) 200123",
            **fields,
        }
    )


def set_status(dataset_id: str, status: str) -> dict[str, Any]:
    """Move a dataset to ``status`` directly, as the workflow does once a step is
    allowed (for tests about what a status means, not about who may set it)."""
    admin = factories.Sysadmin()
    return tk.get_action("package_patch")(
        cast(Context, {"user": admin["name"], "satudata_status": status}),
        # the value makes the update a change (CKAN skips unchanged updates); the
        # context is what lets it through
        {"id": dataset_id, "status_verifikasi": status},
    )


def act(user: dict[str, Any] | None, action: str, **data: Any) -> Any:
    """The action as ``user`` would call it (None: an anonymous visitor)."""
    return tk.get_action(action)(cast(Context, {"user": user["name"] if user else ""}), data)


def system(action: str, **data: Any) -> Any:
    """The action without an authorization check, reading fresh from the database."""
    return tk.get_action(action)(cast(Context, {"ignore_auth": True, "use_cache": False}), data)
