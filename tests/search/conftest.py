"""A small Kota Serang catalog shared by the search tests of one module.

Building it once per module keeps the suite fast; tests that change datasets make
their own and leave the shared ones alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.types import Context

from tests import sdi


@dataclass(frozen=True)
class Catalog:
    dinkes: dict[str, Any]
    dishub: dict[str, Any]
    staf_dinkes: dict[str, Any]
    warga: dict[str, Any]
    puskesmas: dict[str, Any]
    kendaraan: dict[str, Any]
    terminal: dict[str, Any]
    rahasia: dict[str, Any]
    draf: dict[str, Any]


def search_as(user: str | None, **data: Any) -> dict[str, Any]:
    """package_search with the user's own permissions (no ignore_auth)."""
    context = cast(Context, {"user": user or ""})
    return tk.get_action("package_search")(context, data)


def names(result: dict[str, Any]) -> list[str]:
    return [r["name"] for r in result["results"]]


@pytest.fixture(scope="module")
def catalog(reset_db: Callable[[], None]) -> Catalog:
    reset_db()
    staf = factories.User(name="staf_dinkes")
    warga = factories.User(name="warga")
    dinkes = sdi.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        users=[{"name": staf["name"], "capacity": "editor"}],
    )
    dishub = sdi.Organization(name="dishub", title="Dinas Perhubungan")
    puskesmas = sdi.Dataset(
        name="jumlah-puskesmas",
        title="Jumlah Puskesmas menurut Kecamatan",
        notes="Fasilitas kesehatan tingkat pertama di setiap kecamatan Kota Serang.",
        owner_org=dinkes["id"],
        tags=[{"name": "kesehatan"}, {"name": "puskesmas"}],
        topik="kesehatan",
        frekuensi="tahunan",
        tahun_mulai=2019,
        resources=[{"url": "http://example.com/puskesmas.csv", "format": "CSV", "name": "Tabel"}],
    )
    kendaraan = sdi.Dataset(
        name="kendaraan-bermotor",
        title="Jumlah Kendaraan Bermotor Terdaftar",
        notes="Kendaraan bermotor menurut jenis. Kode kelurahan 36.73.05.1004.",
        owner_org=dishub["id"],
        tags=[{"name": "transportasi"}],
        topik="infrastruktur",
        frekuensi="bulanan",
        tahun_mulai=2022,
        resources=[
            {"url": "http://example.com/kendaraan.csv", "format": "CSV"},
            {"url": "http://example.com/kendaraan.json", "format": "JSON"},
        ],
    )
    terminal = sdi.Dataset(
        name="penumpang-terminal",
        title="Penumpang Terminal Pakupatan",
        notes="Jumlah penumpang bus antarkota per bulan.",
        owner_org=dishub["id"],
        tags=[{"name": "transportasi"}, {"name": "bus"}],
        topik="infrastruktur",
        frekuensi="bulanan",
        tahun_mulai=2015,
        resources=[{"url": "http://example.com/terminal.xlsx", "format": "XLSX"}],
    )
    rahasia = sdi.Dataset(
        name="data-rahasia-stunting",
        title="Data Stunting per Kelurahan",
        notes="Belum diperiksa walidata.",
        owner_org=dinkes["id"],
        private=True,
        tags=[{"name": "kesehatan"}],
        resources=[{"url": "http://example.com/stunting.csv", "format": "CSV"}],
    )
    draf = sdi.Dataset(
        name="draf-imunisasi",
        title="Cakupan Imunisasi (draf)",
        owner_org=dinkes["id"],
        state="draft",
        user=staf,
    )
    return Catalog(dinkes, dishub, staf, warga, puskesmas, kendaraan, terminal, rahasia, draf)
