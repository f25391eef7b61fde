"""`ckan search-index …` on the PostgreSQL backend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan

from ckanext.satudata_serang.search import rebuild as rebuilding
from tests import sdi

from .conftest import search_as


@pytest.fixture
def datasets(clean_db: None) -> list[dict[str, object]]:
    org = sdi.Organization(name="bapenda", title="Badan Pendapatan Daerah")
    return [
        sdi.Dataset(owner_org=org["id"], title=f"Realisasi Pajak Daerah Tahun {year}")
        for year in range(2018, 2025)
    ]


def test_clear_then_rebuild_restores_every_dataset(cli, datasets, monkeypatch):
    result = cli.invoke(ckan, ["search-index", "clear"])
    assert result.exit_code == 0, result.output
    assert search_as(None, q="pajak")["count"] == 0

    # Small chunks so two worker processes really share the work.
    monkeypatch.setattr(rebuilding, "CHUNK_SIZE", 2)
    result = cli.invoke(ckan, ["search-index", "rebuild", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "7 dataset diindeks" in result.output
    assert search_as(None, q="pajak")["count"] == 7


def test_rebuild_one_dataset_and_only_missing(cli, datasets):
    cli.invoke(ckan, ["search-index", "clear"])
    one = str(datasets[0]["name"])
    result = cli.invoke(ckan, ["search-index", "rebuild", one])
    assert result.exit_code == 0, result.output
    assert search_as(None, q="pajak")["count"] == 1
    result = cli.invoke(ckan, ["search-index", "rebuild", "--only-missing", "--quiet"])
    assert "6 dataset diindeks" in result.output
    assert search_as(None, q="pajak")["count"] == 7


def test_unknown_dataset_is_a_clear_error(cli, datasets):
    result = cli.invoke(ckan, ["search-index", "rebuild", "tidak-ada"])
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.output


def test_check_and_show(cli, datasets):
    result = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 0 out of 7" in result.output
    result = cli.invoke(ckan, ["search-index", "show", str(datasets[0]["name"])])
    assert result.exit_code == 0, result.output
    assert "Realisasi Pajak Daerah Tahun 2018" in result.output


def test_rebuild_drops_entries_of_datasets_that_no_longer_exist(cli, datasets):
    gone = str(datasets[0]["id"])
    # A dataset removed behind CKAN's back (e.g. a restored database) leaves an orphan.
    model.Session.execute(sa.text("DELETE FROM package_tag WHERE package_id = :id"), {"id": gone})
    model.Session.execute(sa.text("DELETE FROM member WHERE table_id = :id"), {"id": gone})
    model.Session.execute(sa.text("DELETE FROM resource WHERE package_id = :id"), {"id": gone})
    model.Session.execute(sa.text("DELETE FROM package WHERE id = :id"), {"id": gone})
    model.Session.commit()
    assert search_as(None, q="pajak")["count"] == 7
    result = cli.invoke(ckan, ["search-index", "rebuild", "--quiet"])
    assert "1 entri indeks tanpa dataset dihapus" in result.output
    assert search_as(None, q="pajak")["count"] == 6
