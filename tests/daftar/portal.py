"""What the Daftar Data tests do, as the walidata, OPDs' produsen and the public
would: entries of a year, datasets linked to them in each workflow status."""

from __future__ import annotations

from typing import Any

from ckan.tests import factories

from tests import sdi
from tests.sdi import act


def people() -> dict[str, dict[str, Any]]:
    """Two OPDs (DISDUKCAPIL with a produsen and an admin, DINKES with a produsen),
    the walidata (Diskominfo) and a registered user of no OPD."""
    produsen = factories.User(name="produsen_disdukcapil", email="produsen@disdukcapil.test")
    admin = factories.User(name="admin_disdukcapil", email="admin@disdukcapil.test")
    lain = factories.User(name="produsen_dinkes", email="produsen@dinkes.test")
    walidata = factories.User(name="walidata_kominfo", email="walidata@kominfo.test")
    warga = factories.User(name="warga", email="warga@contoh.test")
    disdukcapil = sdi.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        singkatan="DISDUKCAPIL",
        users=[
            {"name": produsen["name"], "capacity": "editor"},
            {"name": admin["name"], "capacity": "admin"},
        ],
    )
    dinkes = sdi.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        singkatan="DINKES",
        users=[{"name": lain["name"], "capacity": "editor"}],
    )
    sdi.Organization(
        name="diskominfo",
        singkatan="DISKOMINFO",
        walidata=True,
        users=[{"name": walidata["name"], "capacity": "member"}],
    )
    return {
        "produsen": produsen,
        "admin": admin,
        "lain": lain,
        "walidata": walidata,
        "warga": warga,
        "disdukcapil": disdukcapil,
        "dinkes": dinkes,
    }


def entry(walidata: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
    values = {
        "tahun": 2026,
        "nama": "Jumlah penduduk menurut kecamatan",
        "organization": "DISDUKCAPIL",
        "frekuensi": "tahunan",
        "urusan": "2.12",
        **fields,
    }
    return act(walidata, "satudata_daftar_create", **values)


def dataset(
    organization: dict[str, Any], entri_id: str, status: str, periods: list[str], **fields: Any
) -> dict[str, Any]:
    """A dataset of ``organization`` linked to the entry, in ``status``, with one
    resource per period code."""
    return sdi.Dataset(
        owner_org=organization["id"],
        daftar_data=entri_id,
        status_verifikasi=status,
        private=status != "ditayangkan",
        resources=[
            {"url": f"http://contoh.test/{code}.csv", "name": code, "periode_data": code}
            for code in periods
        ],
        **fields,
    )
