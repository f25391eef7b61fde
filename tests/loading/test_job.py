"""Files loaded into the DataStore through the real path: resource_create (or
package_create, package_update, a new file) queues the load, CKAN's worker runs it, the
table is read back through the DataStore API. Here: the first load, a new file for a
resource with data (kept when the new file is broken), and linked files (downloaded
only from where the portal may download). The formats are in test_job_formats.py, the
refused files in test_job_failures.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories
from ckanext.datastore.backend.postgres import get_write_engine

from ckanext.satudata_serang.loading import store
from tests import sdi
from tests.harvest.server import CatalogServer
from tests.loading.portal import (
    columns,
    data_dictionary,
    datastore_active,
    error,
    has_table,
    people,
    records,
    replace_file,
    run_loads,
    status,
    upload,
    xlsx,
)
from tests.sdi import act, system

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


# --- A new file for a resource that has data ------------------------------------------

NEW_CSV = """Kecamatan;Penduduk;Kepadatan
Curug;56.000;1.129,03
Walantaka;63.100;1.301,44
Cipocok Jaya;102.500;3.249,84
Kasemen;98.765;1.558,76
"""
NEW_RECORDS = [
    {"Kecamatan": "Curug", "Penduduk": 56000, "Kepadatan": 1129.03},
    {"Kecamatan": "Walantaka", "Penduduk": 63100, "Kepadatan": 1301.44},
    {"Kecamatan": "Cipocok Jaya", "Penduduk": 102500, "Kepadatan": 3249.84},
    {"Kecamatan": "Kasemen", "Penduduk": 98765, "Kepadatan": 1558.76},
]


def _loaded_bps(opd: dict[str, Any]) -> dict[str, Any]:
    resource = upload(opd["produsen"], opd["dataset"], "penduduk.csv", BPS_CSV.encode())
    run_loads()
    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    return resource


def _wide_after_the_sample() -> bytes:
    rows = ["Kecamatan;Penduduk"] + [f"Kecamatan {n};{n * 10}" for n in range(1, 2001)]
    rows[1500] += ";lebih"
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize(
    ("filename", "content", "code", "words"),
    [
        ("penduduk.xlsx", xlsx([["a", "b"], ["1", "2"]])[:1500], "xlsx_rusak", "rusak"),
        ("penduduk.csv", _wide_after_the_sample(), "baris_terlalu_lebar", "Baris 1501"),
        ("penduduk.csv", b"", "berkas_kosong", "Berkas kosong"),
    ],
    ids=["damaged-xlsx", "wide-row-after-1000-rows-copied", "empty"],
)
def test_a_broken_new_file_keeps_the_previous_data(
    opd: dict[str, Any], filename: str, content: bytes, code: str, words: str
) -> None:
    resource = _loaded_bps(opd)
    before = records(resource["id"], sort="_id")
    types = columns(resource["id"])

    replace_file(opd["produsen"], resource, filename, content)
    assert len(run_loads()) == 1

    problem = error(resource["id"])
    assert problem["kode"] == code, problem
    assert words in problem["message"], problem
    # the public still reads the previous table, whole
    assert records(resource["id"], sort="_id") == before
    assert columns(resource["id"]) == types
    assert datastore_active(resource["id"])


def test_a_good_new_file_replaces_the_rows_and_keeps_the_data_dictionary(
    opd: dict[str, Any],
) -> None:
    resource = _loaded_bps(opd)
    admin = factories.Sysadmin()
    described = {
        "Kecamatan": {"label": "Nama kecamatan", "notes": "Menurut Permendagri"},
        "Penduduk": {"label": "Jumlah penduduk", "notes": "Jiwa, akhir tahun"},
        "Kode": {"label": "Kode wilayah"},
    }
    act(
        admin,
        "datastore_create",
        resource_id=resource["id"],
        force=True,
        fields=[
            {"id": name, "type": kind, **({"info": described[name]} if name in described else {})}
            for name, kind in columns(resource["id"]).items()
        ],
    )
    assert data_dictionary(resource["id"])["Penduduk"] == described["Penduduk"]

    # the produsen uploads next year's table under the same file name
    replace_file(opd["produsen"], resource, "penduduk.csv", NEW_CSV.encode())
    assert len(run_loads()) == 1

    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    assert columns(resource["id"]) == {
        "Kecamatan": "text",
        "Penduduk": "int8",
        "Kepadatan": "numeric",
    }
    assert records(resource["id"], sort="_id") == NEW_RECORDS
    dictionary = data_dictionary(resource["id"])
    assert dictionary["Kecamatan"] == described["Kecamatan"]
    assert dictionary["Penduduk"] == described["Penduduk"]
    assert not dictionary["Kepadatan"]
    # the new table is searched like any DataStore table
    found = records(resource["id"], q="Walantaka")
    assert [{k: v for k, v in r.items() if k != "rank"} for r in found] == [NEW_RECORDS[1]]
    assert datastore_active(resource["id"])


def test_a_second_upload_while_the_first_waits_is_loaded_once(opd: dict[str, Any]) -> None:
    resource = upload(opd["produsen"], opd["dataset"], "penduduk.csv", BPS_CSV.encode())
    replace_file(opd["produsen"], resource, "penduduk-2025.csv", NEW_CSV.encode())

    ran = run_loads()

    assert len(ran) == 1
    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    assert records(resource["id"], sort="_id") == NEW_RECORDS


# --- Linked files ---------------------------------------------------------------------

ALLOWED = "ckanext.satudata_serang.loading_allowed_hosts"


@pytest.fixture
def files() -> Iterator[CatalogServer]:
    """A real web server on 127.0.0.1 serving the OPD's files."""
    server = CatalogServer().start()
    yield server
    server.stop()


@pytest.fixture
def allow_local(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's server is on 127.0.0.1, which the portal downloads from only when a
    sysadmin allows it (the worker, forked from this process, reads the same config)."""
    monkeypatch.setitem(tk.config, ALLOWED, "127.0.0.1")


@pytest.mark.usefixtures("allow_local")
def test_a_link_added_in_package_create_is_loaded(
    opd: dict[str, Any], files: CatalogServer
) -> None:
    url = files.serve("/unduh/penduduk.csv", BPS_CSV.encode(), content_type="text/csv")

    dataset = act(
        opd["produsen"],
        "package_create",
        **sdi.complete(
            name="penduduk-tautan",
            owner_org="dinkes",
            resources=[{"url": url, "format": "CSV", "name": "Penduduk per kecamatan"}],
        ),
    )
    resource = dataset["resources"][0]
    assert len(run_loads()) == 1

    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    assert files.requested("/unduh/penduduk.csv") == 1
    assert [r["Kecamatan"] for r in records(resource["id"], sort="_id")] == [
        "Curug",
        "Walantaka",
        "Cipocok Jaya",
    ]
    assert columns(resource["id"])["Luas (km², 2024)"] == "numeric"
    assert datastore_active(resource["id"])


@pytest.mark.usefixtures("allow_local")
def test_a_link_added_in_package_update_is_loaded(
    opd: dict[str, Any], files: CatalogServer
) -> None:
    url = files.serve("/unduh/baru.xlsx", xlsx([["Kecamatan", "Jumlah"], ["Curug", 12.5]]))

    dataset = act(
        opd["produsen"],
        "package_patch",
        id=opd["dataset"]["id"],
        resources=[{"url": url, "format": "XLSX", "name": "Tabel baru"}],
    )
    resource = dataset["resources"][0]
    assert len(run_loads()) == 1

    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    assert records(resource["id"]) == [{"Kecamatan": "Curug", "Jumlah": 12.5}]


@pytest.mark.usefixtures("allow_local")
def test_a_link_the_server_does_not_have_is_an_error(
    opd: dict[str, Any], files: CatalogServer
) -> None:
    resource = act(
        opd["produsen"],
        "resource_create",
        package_id=opd["dataset"]["id"],
        url=files.url("/hilang.csv"),
        format="CSV",
    )
    run_loads()

    problem = error(resource["id"])
    assert problem["kode"] == "unduh_status", problem
    assert "Server menjawab 404" in problem["message"], problem
    assert not has_table(resource["id"])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_link_to_the_portals_own_machine_is_not_downloaded(
    opd: dict[str, Any], files: CatalogServer, host: str
) -> None:
    url = files.serve("/rahasia.csv", BPS_CSV.encode(), content_type="text/csv")

    resource = act(
        opd["produsen"],
        "resource_create",
        package_id=opd["dataset"]["id"],
        url=url.replace("127.0.0.1", host),
        format="CSV",
    )
    assert len(run_loads()) == 1

    problem = error(resource["id"])
    assert problem["kode"] == "unduh_address", problem
    assert problem["host"] == host
    assert f"Host tautan {host} mengarah ke" in problem["message"], problem
    assert "loading_allowed_hosts" in problem["message"]
    assert files.requested("/rahasia.csv") == 0
    assert not has_table(resource["id"])
    assert not datastore_active(resource["id"])


@pytest.mark.usefixtures("allow_local")
def test_a_redirect_from_an_allowed_host_to_a_refused_one_is_refused(
    opd: dict[str, Any], files: CatalogServer
) -> None:
    metadata = "http://169.254.169.254/latest/meta-data/iam.csv"
    url = files.serve("/pindah.csv", b"", status=302, headers={"Location": metadata})

    resource = act(
        opd["produsen"],
        "resource_create",
        package_id=opd["dataset"]["id"],
        url=url,
        format="CSV",
    )
    run_loads()

    problem = error(resource["id"])
    assert problem["kode"] == "unduh_address", problem
    assert problem["address"] == "169.254.169.254"
    assert "169.254.169.254" in problem["message"] and "tidak diunduh" in problem["message"]
    assert files.requested("/pindah.csv") == 1
    assert not has_table(resource["id"])


@pytest.mark.usefixtures("allow_local")
def test_a_linked_file_over_the_portals_limit_is_cut_off(
    opd: dict[str, Any], files: CatalogServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.loading_max_mb", 1)
    endless = (b"%d;Kecamatan %d\n" % (n, n) for n in range(10**7))
    url = files.serve("/besar.csv", lambda query: endless, content_type="text/csv")

    resource = act(
        opd["produsen"], "resource_create", package_id=opd["dataset"]["id"], url=url, format="CSV"
    )
    run_loads()

    problem = error(resource["id"])
    assert problem["kode"] == "unduh_size", problem
    assert "lebih besar daripada batas 1 MB" in problem["message"], problem
    assert not has_table(resource["id"])


def test_a_table_kept_busy_by_readers_is_not_replaced(
    opd: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    resource = _loaded_bps(opd)
    before = records(resource["id"], sort="_id")
    # the worker, forked from this process, waits a second once instead of a minute
    monkeypatch.setattr(store, "LOCK_SECONDS", 1)
    monkeypatch.setattr(store, "SWAP_TRIES", 1)
    replace_file(opd["produsen"], resource, "penduduk.csv", NEW_CSV.encode())

    with get_write_engine().connect() as reader, reader.begin():
        # a long read of the table (a big export) holds it while the worker runs
        reader.execute(sa.text(f'SELECT count(*) FROM "{resource["id"]}"'))
        run_loads()

    problem = error(resource["id"])
    assert records(resource["id"], sort="_id") == before
    assert problem["kode"] == "tabel_sibuk", problem
    assert "terlalu lama sedang dipakai" in problem["message"]


def test_a_table_per_kecamatan_per_year_is_indexed_on_both(opd: dict[str, Any]) -> None:
    # datastore_search counts the rows of its filters: for one kecamatan in one year
    # that count reads one index instead of the rows of the whole year
    rows = ["Kecamatan;Tahun;Penduduk"] + [
        f"{k};{2015 + n % 10};{n}" for n, k in enumerate(["Curug", "Kasemen", "Walantaka"] * 40)
    ]
    resource = upload(
        opd["produsen"], opd["dataset"], "penduduk.csv", ("\n".join(rows) + "\n").encode()
    )

    run_loads()

    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    with get_write_engine().connect() as connection:
        indexes = connection.execute(
            sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :table"),
            {"table": resource["id"]},
        ).all()
    together = store.column_index_name(resource["id"], "Kecamatan", "Tahun")
    # (PostgreSQL quotes the index's name only when it starts with a digit)
    assert [d.split(" ON ")[1] for n, d in indexes if n == together] == [
        f'public."{resource["id"]}" USING btree ("Kecamatan", "Tahun")'
    ]
