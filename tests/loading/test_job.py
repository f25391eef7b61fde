"""Files loaded into the DataStore through the real path: resource_create queues the
load, CKAN's worker runs it, the table is read back through the DataStore API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.loading.portal import columns, people, records, run_loads, status, upload
from tests.sdi import system

pytestmark = pytest.mark.usefixtures("clean_redis")

BPS_CSV = """Tabel 3.1 Jumlah Penduduk Kota Serang Menurut Kecamatan, 2024

Kode;Kecamatan;Penduduk;Luas (km², 2024);Tanggal data;Periode
3673010;Curug;55.123;49,6;31/12/2024;Desember 2024
3673020;Walantaka;62.001;48,48;01/02/2024;Januari 2024
3673030;Cipocok Jaya;101.234;31,54;;Maret 2024

Sumber: BPS Kota Serang
"""


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    return people()


def test_an_uploaded_bps_csv_is_loaded_with_its_types(opd: dict[str, Any]) -> None:
    resource = upload(opd["produsen"], opd["dataset"], "penduduk.csv", BPS_CSV.encode())

    ran = run_loads()

    assert len(ran) == 1
    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    assert columns(resource["id"]) == {
        "Kode": "int8",
        "Kecamatan": "text",
        "Penduduk": "int8",
        "Luas (km², 2024)": "numeric",
        "Tanggal data": "date",
        "Periode": "text",
    }
    assert records(resource["id"], sort="_id") == [
        {
            "Kode": 3673010,
            "Kecamatan": "Curug",
            "Penduduk": 55123,
            "Luas (km², 2024)": 49.6,
            "Tanggal data": "2024-12-31",
            "Periode": "Desember 2024",
        },
        {
            "Kode": 3673020,
            "Kecamatan": "Walantaka",
            "Penduduk": 62001,
            "Luas (km², 2024)": 48.48,
            "Tanggal data": "2024-02-01",
            "Periode": "Januari 2024",
        },
        {
            "Kode": 3673030,
            "Kecamatan": "Cipocok Jaya",
            "Penduduk": 101234,
            "Luas (km², 2024)": 31.54,
            "Tanggal data": None,
            "Periode": "Maret 2024",
        },
    ]
    shown = system("resource_show", id=resource["id"])
    assert shown["datastore_active"] is True
