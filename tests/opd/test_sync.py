"""`ckan satudata opd import|export` against the real portal database."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.types import Context

from ckanext.satudata_serang.demo import seed
from ckanext.satudata_serang.opd import changes, files, sync
from tests import sdi

SEED = Path(str(resources.files("ckanext.satudata_serang.demo") / "opd-kota-serang.yaml"))

pytestmark = pytest.mark.usefixtures("clean_db")


def run(cli: Any, *args: str) -> Any:
    return cli.invoke(ckan, ["satudata", "opd", *args])


def import_file(cli: Any, path: Path, *options: str) -> str:
    result = run(cli, "import", str(path), *options)
    assert result.exit_code == 0, result.output
    return result.output


def organization_count() -> int:
    query = sa.text('SELECT count(*) FROM "group" WHERE is_organization')
    return int(model.Session.execute(query).scalar_one())


def database_state() -> tuple[list[Any], int, int]:
    """Every organization row (extras included), the memberships and the activities.
    CKAN keeps no metadata_modified for organizations; an update always writes a
    "changed organization" activity."""
    model.Session.expire_all()
    groups = model.Session.execute(sa.text('SELECT * FROM "group" ORDER BY name')).all()
    members = model.Session.execute(sa.text("SELECT count(*) FROM member")).scalar_one()
    activities = model.Session.execute(sa.text("SELECT count(*) FROM activity")).scalar_one()
    return list(groups), int(members), int(activities)


def show(name: str) -> dict[str, Any]:
    return tk.get_action("organization_show")({"ignore_auth": True}, {"id": name})


def as_sysadmin() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return cast(Context, {"user": site_user["name"]})


def test_the_seed_list_creates_every_opd_with_its_fields(cli):
    output = import_file(cli, SEED)
    assert output.splitlines()[-1] == "35 dibuat, 0 diperbarui, 0 tidak berubah"
    assert "dibuat         DINKES           Dinas Kesehatan" in output
    assert organization_count() == 35
    kecamatan = show("kec-serang")
    assert kecamatan["title"] == "Kecamatan Serang"
    assert kecamatan["singkatan"] == "KEC-SERANG"
    assert kecamatan["jenis"] == "kecamatan"
    assert kecamatan["wilayah"] == "36.73.01"
    assert kecamatan["urusan"] == ["7.01"]
    assert show("diskominfo")["walidata"] is True
    assert show("disdikbud")["urusan"] == ["1.01", "2.22"]


def test_a_second_import_changes_nothing(cli):
    import_file(cli, SEED)
    before = database_state()
    output = import_file(cli, SEED)
    assert output.splitlines()[-1] == "0 dibuat, 0 diperbarui, 35 tidak berubah"
    assert database_state() == before


def test_a_renamed_opd_is_updated_and_its_datasets_found_by_the_new_name(cli, tmp_path):
    import_file(cli, SEED)
    sdi.Dataset(name="jumlah-puskesmas", title="Jumlah Puskesmas", owner_org="dinkes")
    renamed = tmp_path / "opd.yaml"
    renamed.write_text(
        SEED.read_text(encoding="utf-8").replace(
            "nama: Dinas Kesehatan,", "nama: Dinas Kesehatan Kota Serang,"
        ),
        encoding="utf-8",
    )
    output = import_file(cli, renamed)
    assert output.splitlines()[-1] == "0 dibuat, 1 diperbarui, 34 tidak berubah"
    assert "diperbarui     DINKES           Dinas Kesehatan Kota Serang (nama)" in output
    assert show("dinkes")["title"] == "Dinas Kesehatan Kota Serang"
    found = tk.get_action("package_search")({"ignore_auth": True}, {"q": "name:jumlah-puskesmas"})
    assert found["results"][0]["organization"]["title"] == "Dinas Kesehatan Kota Serang"


def test_an_invalid_file_writes_nothing_and_lists_every_error(cli, tmp_path):
    path = tmp_path / "opd.csv"
    path.write_text(
        "singkatan,nama,jenis,urusan\n"
        "DINKES,Dinas Kesehatan,dinas,1.02\n"
        "DISHUB,Dinas Perhubungan,dinas,2.15\n"
        "DLH,,dinas,9.99\n",
        encoding="utf-8",
    )
    result = run(cli, "import", str(path))
    assert result.exit_code == 1
    assert "Baris 4, kolom nama: wajib diisi" in result.output
    assert "Baris 4, kolom urusan: kode 9.99 tidak dikenal" in result.output
    assert "tidak ada yang disimpan" in result.output
    assert organization_count() == 0


def test_a_failed_write_rolls_back_the_whole_import(tmp_path):
    path = tmp_path / "opd.yaml"
    path.write_text(
        "opd:\n"
        "  - {singkatan: DINKES, nama: Dinas Kesehatan, jenis: dinas, urusan: ['1.02']}\n"
        "  - {singkatan: DISHUB, nama: Dinas Perhubungan, jenis: dinas, urusan: ['2.15']}\n",
        encoding="utf-8",
    )
    entries = files.read(path)
    plan = changes.plan(sync.current_opd(), [entry.record for entry in entries])
    # Someone creates the second OPD by hand between the plan and the writes.
    sdi.Organization(name="dishub", title="Dishub (dibuat manual)")
    with pytest.raises(sync.SaveFailed, match="OPD DISHUB \\(dishub\\) gagal disimpan"):
        sync.apply(plan)
    assert model.Group.get("dinkes") is None
    assert organization_count() == 1
    assert show("dishub")["title"] == "Dishub (dibuat manual)"


def test_dry_run_writes_nothing(cli):
    output = import_file(cli, SEED, "--dry-run")
    assert "TIDAK disimpan" in output
    assert output.splitlines()[-1] == "35 dibuat, 0 diperbarui, 0 tidak berubah"
    assert organization_count() == 0


def test_opds_missing_from_the_file_are_reported_not_deleted(cli):
    sdi.Organization(name="bps-kota-serang", title="BPS Kota Serang", singkatan="BPS")
    output = import_file(cli, SEED)
    assert (
        "tidak ada di berkas BPS              BPS Kota Serang (dibiarkan, tidak dihapus)" in output
    )
    assert output.splitlines()[-1].endswith("; 1 OPD di portal tidak ada di berkas (tidak dihapus)")
    assert show("bps-kota-serang")["state"] == "active"


def test_details_the_file_leaves_out_are_kept_and_named_empty_ones_cleared(cli, tmp_path):
    import_file(cli, SEED)
    tk.get_action("organization_patch")(
        as_sysadmin(), {"id": "dinkes", "alamat": "Jl. Jenderal Sudirman No. 3"}
    )
    assert import_file(cli, SEED).splitlines()[-1].startswith("0 dibuat, 0 diperbarui")
    assert show("dinkes")["alamat"] == "Jl. Jenderal Sudirman No. 3"

    path = tmp_path / "dinkes.csv"
    path.write_text("singkatan,nama,jenis,urusan,alamat\nDINKES,Dinas Kesehatan,dinas,1.02,\n")
    output = import_file(cli, path)
    assert "diperbarui     DINKES           Dinas Kesehatan (alamat)" in output
    assert not show("dinkes").get("alamat")
    assert import_file(cli, path).splitlines()[-1].startswith("0 dibuat, 0 diperbarui, 1 tidak")


def test_a_singkatan_held_at_another_url_is_refused(cli):
    sdi.Organization(name="dinas-kesehatan", title="Dinas Kesehatan", singkatan="DINKES")
    result = run(cli, "import", str(SEED))
    assert result.exit_code == 1
    assert (
        "Baris 11, kolom singkatan: singkatan DINKES sudah dipakai OPD lain di portal "
        "(URL dinas-kesehatan)"
    ) in result.output
    assert organization_count() == 1


def test_a_url_held_by_a_deleted_organization_is_refused(cli):
    deleted = sdi.Organization(name="dinkes")
    tk.get_action("organization_delete")(as_sysadmin(), {"id": deleted["id"]})
    result = run(cli, "import", str(SEED))
    assert result.exit_code == 1
    assert "Baris 11, kolom singkatan: URL dinkes masih dipakai organisasi yang sudah dihapus" in (
        result.output
    )
    assert organization_count() == 1


DETAILS = {
    "kode_opd": "1.02.0.00.0.00.01.0000",
    "alamat": "Jl. Jenderal Sudirman No. 3,\nKota Serang",
    "telepon": "(0254) 200123",
    "email": "dinkes@serangkota.go.id",
    "website": "https://dinkes.serangkota.go.id",
    "description": 'Dinas Kesehatan; "sehat" untuk semua.',
}


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_export_then_import_changes_nothing(cli, tmp_path, suffix):
    import_file(cli, SEED)
    tk.get_action("organization_patch")(as_sysadmin(), {"id": "dinkes", **DETAILS})
    exported = tmp_path / f"opd{suffix}"
    result = run(cli, "export", "-o", str(exported))
    assert result.exit_code == 0, result.output
    assert "35 OPD diekspor" in result.output

    by_url = {entry.record.url: entry.record for entry in files.read(exported)}
    assert len(by_url) == 35
    dinkes = by_url["dinkes"]
    assert (dinkes.kode, dinkes.alamat, dinkes.telepon) == (
        DETAILS["kode_opd"],
        DETAILS["alamat"],
        DETAILS["telepon"],
    )
    assert (dinkes.email, dinkes.website, dinkes.deskripsi) == (
        DETAILS["email"],
        DETAILS["website"],
        DETAILS["description"],
    )
    assert by_url["kec-taktakan"].wilayah == "36.73.06"
    assert by_url["diskominfo"].walidata

    before = database_state()
    assert import_file(cli, exported).splitlines()[-1] == "0 dibuat, 0 diperbarui, 35 tidak berubah"
    assert database_state() == before


def test_export_to_the_screen_in_either_format(cli):
    import_file(cli, SEED)
    result = run(cli, "export")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Daftar OPD Satu Data Kota Serang")
    assert "- singkatan: SETDA\n" in result.output
    result = run(cli, "export", "--format", "csv")
    assert result.output.splitlines()[0].startswith("singkatan,nama,jenis,urusan")
    assert len(result.output.splitlines()) == 36


def test_export_to_a_file_of_unknown_kind_is_refused(cli, tmp_path):
    result = run(cli, "export", "-o", str(tmp_path / "opd.xlsx"))
    assert result.exit_code == 2
    assert "--format" in result.output


def test_demo_seeding_uses_the_import():
    assert seed.seed_organizations() == seed.SeedReport(created=35, unchanged=0, updated=0)
    assert seed.seed_organizations() == seed.SeedReport(created=0, unchanged=35, updated=0)
