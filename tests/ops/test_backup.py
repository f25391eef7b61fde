"""`ckan satudata backup` and `restore` against the test's own PostgreSQL: a portal with
an uploaded CSV in the DataStore is backed up, wiped and restored, and is the same
portal again; a damaged archive and a non-empty target change nothing."""

from __future__ import annotations

import shutil
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.lib.uploader import get_resource_uploader
from ckanext.datastore.backend.postgres import get_write_engine

from ckanext.satudata_serang.ops import backup, pgtools
from ckanext.satudata_serang.ops.backup import create_backup
from ckanext.satudata_serang.ops.pgtools import BackupError
from ckanext.satudata_serang.ops.restore import restore_backup
from tests import sdi
from tests.loading.portal import people, records, run_loads, status, upload
from tests.sdi import system

pytestmark = pytest.mark.usefixtures("clean_redis")

PENDUDUK_CSV = b"Kecamatan;Penduduk\nCurug;55123\nWalantaka;62001\nCipocok Jaya;101234\n"


def storage() -> Path:
    return Path(tk.config["ckan.storage_path"])


def uploaded_bytes(resource_id: str) -> bytes:
    uploader = get_resource_uploader({"id": resource_id, "url_type": "upload"})
    return Path(uploader.get_path(resource_id)).read_bytes()  # pyright: ignore[reportAttributeAccessIssue]


def datastore_tables() -> list[str]:
    with get_write_engine().connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename NOT LIKE '\\_%'"
            )
        )
        return sorted(row[0] for row in rows)


def wipe(reset_db: Callable[[], None]) -> None:
    """Everything a lost server takes with it: both databases and the uploads."""
    reset_db()
    with get_write_engine().begin() as connection:
        for table in datastore_tables():
            connection.execute(sa.text(f'DROP TABLE "{table}" CASCADE'))
    for child in storage().iterdir() if storage().is_dir() else []:
        if child.name != "webassets":
            shutil.rmtree(child) if child.is_dir() else child.unlink()


def dataset_count() -> int:
    return model.Session.query(model.Package).filter_by(state="active").count()


def found(query: str) -> list[str]:
    return [d["name"] for d in system("package_search", q=query)["results"]]


@pytest.fixture
def portal(reset_db: Callable[[], None]) -> dict[str, Any]:
    """Two datasets of an OPD; one has an uploaded CSV loaded into the DataStore."""
    wipe(reset_db)
    opd = people()
    resource = upload(opd["produsen"], opd["dataset"], "penduduk.csv", PENDUDUK_CSV)
    run_loads()
    assert status(resource["id"])["status"] == "complete", status(resource["id"])
    published = sdi.Dataset(
        owner_org="dinkes", name="ipm-kota-serang", title="Indeks Pembangunan Manusia"
    )
    return {"resource": resource, "published": published, **opd}


def test_a_wiped_portal_comes_back_from_its_backup(cli, portal, reset_db, tmp_path) -> None:
    resource_id = portal["resource"]["id"]
    rows = records(resource_id, sort="_id")
    assert len(rows) == 3
    archive = tmp_path / "cadangan.tar.gz"

    result = cli.invoke(ckan, ["satudata", "backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Cadangan selesai" in result.output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "db/ckan.dump", "db/datastore.dump"} <= set(names)
    assert any(n.startswith("files/resources/") for n in names), names
    assert not list(tmp_path.glob(".*")), "no scratch or partial archive is left behind"

    wipe(reset_db)
    assert dataset_count() == 0
    assert datastore_tables() == []
    assert found("Pembangunan") == []

    result = cli.invoke(ckan, ["satudata", "restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Arsip utuh" in result.output
    assert "indeks pencarian" in result.output

    assert dataset_count() == 2
    assert records(resource_id, sort="_id") == rows
    assert system("resource_show", id=resource_id)["datastore_active"]
    assert uploaded_bytes(resource_id) == PENDUDUK_CSV
    assert found("Pembangunan") == ["ipm-kota-serang"]
    # datastore_search_sql runs as the read-only user: its rights came back too.
    sql = tk.get_action("datastore_search_sql")(
        {"ignore_auth": True}, {"sql": f'SELECT count(*) AS n FROM "{resource_id}"'}
    )
    assert sql["records"] == [{"n": 3}]


def test_the_manifest_describes_the_archive(portal, tmp_path) -> None:
    manifest = create_backup(tmp_path / "cadangan.tar.gz")

    assert manifest["datasets"] == 2
    assert manifest["alembic"]["heads"] == manifest["alembic"]["database"]
    assert manifest["alembic"]["heads"]
    resource_file = next(n for n in manifest["members"] if n.startswith("files/resources/"))
    assert manifest["members"][resource_file]["size"] == len(PENDUDUK_CSV)
    assert all(len(m["sha256"]) == 64 for m in manifest["members"].values())


def test_a_failed_backup_leaves_the_previous_archive_alone(portal, tmp_path, monkeypatch) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    archive.write_bytes(b"arsip kemarin")

    def broken_disk(storage: Path, skip: Path) -> Iterator[Path]:
        yield from ()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_storage_files", broken_disk)
    with pytest.raises(BackupError, match="tidak dapat ditulis"):
        create_backup(archive)

    assert archive.read_bytes() == b"arsip kemarin"
    assert [p.name for p in tmp_path.iterdir()] == ["cadangan.tar.gz"]


def test_a_pg_dump_older_than_the_server_is_refused(portal, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pgtools, "major_version", lambda tool: 12)

    with pytest.raises(BackupError, match=r"pg_dump versi 12 .* lebih tua daripada server"):
        create_backup(tmp_path / "cadangan.tar.gz")

    assert list(tmp_path.iterdir()) == []


def test_a_damaged_archive_is_refused_and_changes_nothing(portal, tmp_path) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    create_backup(archive)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    later = sdi.Dataset(owner_org="dinkes", name="sesudah-cadangan")

    with pytest.raises(BackupError, match="tidak ada yang diubah"):
        restore_backup(archive, overwrite=True)

    assert dataset_count() == 3
    assert system("package_show", id=later["id"])["name"] == "sesudah-cadangan"
    assert len(records(portal["resource"]["id"])) == 3
    assert uploaded_bytes(portal["resource"]["id"]) == PENDUDUK_CSV


def test_a_portal_with_datasets_is_not_overwritten_unless_asked(cli, portal, tmp_path) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    create_backup(archive)
    later = sdi.Dataset(owner_org="dinkes", name="sesudah-cadangan")

    result = cli.invoke(ckan, ["satudata", "restore", str(archive)])
    assert result.exit_code != 0
    assert "sudah berisi 3 dataset" in result.output
    assert "--timpa" in result.output
    assert dataset_count() == 3

    result = cli.invoke(ckan, ["satudata", "restore", "--timpa", str(archive)])
    assert result.exit_code == 0, result.output
    assert dataset_count() == 2
    with pytest.raises(tk.ObjectNotFound):
        system("package_show", id=later["id"])
