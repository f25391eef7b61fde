"""`ckan satudata standar list/import/export`: the walidata keep standards as files."""

from __future__ import annotations

import json

import pytest
import yaml
from ckan.cli.cli import ckan

from tests.sdi import act
from tests.standards.portal import JUDUL, KODE, skema

pytestmark = pytest.mark.usefixtures("clean_db")


def _file(tmp_path, name, document):
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(document), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_import_then_export_gives_the_same_standard(cli, tmp_path):
    source = _file(
        tmp_path, "penduduk.yaml", {"kode": KODE, "judul": JUDUL, "deskripsi": "", "skema": skema()}
    )
    result = cli.invoke(ckan, ["satudata", "standar", "import", str(source), "--terbitkan"])
    assert result.exit_code == 0, result.output
    assert f"Standar {KODE}@1 dibuat (berlaku)." in result.output
    assert act(None, "satudata_standar_show", kode=KODE)["skema"] == skema()

    target = tmp_path / "ekspor.json"
    result = cli.invoke(ckan, ["satudata", "standar", "export", KODE, "-o", str(target)])
    assert result.exit_code == 0, result.output
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert (exported["kode"], exported["versi"], exported["status"]) == (KODE, 1, "berlaku")
    # the code list travels expanded, so the file is usable without the portal
    assert exported["skema"]["fields"][0]["constraints"]["enum"][0] == "36.73.01"
    assert exported["skema"]["fields"][0]["kodeReferensi"] == "wilayah:kecamatan"

    result = cli.invoke(ckan, ["satudata", "standar", "import", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Standar {KODE}@1 tidak berubah (berlaku)." in result.output

    exported["skema"]["fields"][2]["constraints"]["maximum"] = 5_000_000
    changed = _file(tmp_path, "berubah.json", exported)
    result = cli.invoke(ckan, ["satudata", "standar", "import", str(changed)])
    assert f"Versi baru {KODE}@2 dibuat (draf)." in result.output
    result = cli.invoke(ckan, ["satudata", "standar", "list"])
    assert result.exit_code == 0, result.output
    assert f"{KODE}@2" in result.output and "draf" in result.output

    result = cli.invoke(
        ckan, ["satudata", "standar", "export", KODE, "--versi", "1", "--format", "yaml"]
    )
    assert yaml.safe_load(result.output)["skema"]["fields"][2]["constraints"] == {
        "required": True,
        "minimum": 0,
    }


def test_a_file_with_mistakes_is_refused_with_the_reasons(cli, tmp_path):
    source = _file(
        tmp_path,
        "salah.json",
        {"kode": KODE, "judul": JUDUL, "skema": {"fields": [{"name": "x", "type": "angka"}]}},
    )
    result = cli.invoke(ckan, ["satudata", "standar", "import", str(source)])
    assert result.exit_code != 0
    assert 'tipe "angka" tidak dikenal' in result.output
    assert act(None, "satudata_standar_list") == []


def test_exporting_an_unknown_standard_is_a_clear_error(cli):
    result = cli.invoke(ckan, ["satudata", "standar", "export", "tidak-ada"])
    assert result.exit_code != 0
    assert "Standar tidak-ada tidak ditemukan." in result.output
