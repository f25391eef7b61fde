"""The Forum Satu Data's spreadsheets in and out of the real portal (daftar/importer.py
and `ckan satudata daftar impor|ekspor|salin`): an import is all or nothing, says
every wrong row, and an export imported again changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ckan.cli.cli import ckan as ckan_command
from ckan.tests.helpers import CKANCliRunner
from openpyxl import Workbook

from ckanext.satudata_serang.daftar import importer, registry
from ckanext.satudata_serang.daftar.importer import ImportResult, export_file, import_file
from tests import sdi
from tests.daftar.portal import entry, people
from tests.sdi import act

pytestmark = pytest.mark.freeze_time("2026-05-15 09:00:00")

ACCENTED = "Dinas Pariwisata – Café Budaya Serang"
HEADER = [
    "Tahun",
    "Nama Data",
    "OPD",
    "Urusan",
    "Frekuensi",
    "Data Prioritas",
    "Tenggat",
    "Catatan",
]
GOOD = [
    ["2026", "Jumlah penduduk menurut kecamatan", "DISDUKCAPIL", "2.12", "Tahunan", "ya", "", ""],
    ["2026", "Kelahiran", "DISDUKCAPIL", "2.12", "Triwulanan", "tidak", "2026-T1=15/05/2026", ""],
    ["2026", "Jumlah puskesmas", "Dinas Kesehatan", "1.02", "tahunan", "", "", "per kecamatan"],
]


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    found = people()
    found["disparbud"] = sdi.Organization(name="disparbud", title=ACCENTED, singkatan="DISPARBUD")
    return found


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def listed(walidata: dict[str, Any], tahun: int = 2026) -> dict[str, dict[str, Any]]:
    return {e["nama"]: e for e in act(walidata, "satudata_daftar_list", tahun=tahun)}


def deadlines(found: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(p["kode"], p["tenggat"], p["tenggat_diubah"]) for p in found["periode"]]


def test_the_forums_xlsx_with_a_title_row_becomes_the_years_list(
    opd: dict[str, Any], tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "daftar.xlsx",
        [["DAFTAR DATA KOTA SERANG TAHUN 2026"], [], HEADER, *GOOD, [], []],
    )

    result = import_file(path, opd["walidata"]["name"], 2026)

    assert result == ImportResult(created=3, updated=0, errors=[])
    found = listed(opd["walidata"])
    assert sorted(found) == ["Jumlah penduduk menurut kecamatan", "Jumlah puskesmas", "Kelahiran"]
    assert found["Jumlah puskesmas"]["organization"]["name"] == "dinkes"
    assert found["Jumlah puskesmas"]["catatan"] == "per kecamatan"
    assert found["Jumlah penduduk menurut kecamatan"]["prioritas"] is True
    assert deadlines(found["Kelahiran"])[:2] == [
        ("2026-T1", "2026-05-15", True),
        ("2026-T2", "2026-07-31", False),
    ]
    made = registry.get(found["Kelahiran"]["id"])
    assert made.dibuat_oleh == opd["walidata"]["name"]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252")],
    ids=["titik-koma", "koma", "cp1252"],
)
def test_a_csv_as_excel_saves_it_is_read_whatever_its_delimiter_and_encoding(
    opd: dict[str, Any], tmp_path: Path, delimiter: str, encoding: str
) -> None:
    rows = [
        HEADER,
        *GOOD,
        ["2026", "Kunjungan wisatawan; mancanegara", ACCENTED, "3.26", "Bulanan", "", "", ""],
    ]
    path = csv_file(tmp_path / "daftar.csv", rows, delimiter, encoding)

    result = import_file(path, opd["walidata"]["name"])

    assert result == ImportResult(created=4, updated=0, errors=[])
    visitors = listed(opd["walidata"])["Kunjungan wisatawan; mancanegara"]
    assert visitors["organization"]["title"] == ACCENTED
    assert len(visitors["periode"]) == 12


def test_one_wrong_row_and_nothing_is_written_and_every_error_is_said(
    opd: dict[str, Any], tmp_path: Path
) -> None:
    entry(opd["walidata"], nama="Kelahiran", frekuensi="tahunan")
    rows = [
        HEADER,
        GOOD[0],
        ["2026", "Jumlah panti sosial", "DINSOSX", "1.06", "tahunan", "", "", ""],
        GOOD[1],  # would change the entry already listed
        ["2026", "Kematian", "DISDUKCAPIL", "2.12", "triwulanan", "", "2026-T5=30/04/2026", ""],
        GOOD[2],
    ]
    path = xlsx(tmp_path / "daftar.xlsx", rows)

    result = import_file(path, opd["walidata"]["name"], 2026)

    assert result.errors == [
        "Baris 3, OPD: OPD “DINSOSX” tidak dikenal.",
        "Baris 5, Tenggat: Periode “2026-T5” tidak dikenal.",
    ]
    assert (result.created, result.updated) == (0, 0)
    found = listed(opd["walidata"])
    assert list(found) == ["Kelahiran"]
    assert found["Kelahiran"]["frekuensi"] == "tahunan"


def test_a_data_twice_in_the_file_or_of_another_year_is_refused(
    opd: dict[str, Any], tmp_path: Path
) -> None:
    rows = [
        HEADER,
        *GOOD,
        ["2026", "KELAHIRAN", "disdukcapil", "2.12", "bulanan", "", "", ""],
        ["2025", "Kematian", "DISDUKCAPIL", "2.12", "tahunan", "", "", ""],
    ]
    path = csv_file(tmp_path / "daftar.csv", rows, ";", "utf-8")

    result = import_file(path, None, 2026)

    assert result.errors == [
        "Baris 5, Nama Data: “KELAHIRAN” untuk OPD disdukcapil tahun 2026 sudah ada di baris 3.",
        "Baris 6, Tahun: tahun 2025 berbeda dari tahun yang diimpor (2026).",
    ]
    assert listed(opd["walidata"]) == {}


def test_importing_again_updates_the_listed_entry_in_place(
    opd: dict[str, Any], tmp_path: Path
) -> None:
    before = entry(opd["walidata"], nama="Kelahiran", frekuensi="tahunan")
    rows = [
        HEADER,
        ["2026", "kelahiran", "DISDUKCAPIL", "2.12", "Semesteran", "ya", "2026-S2=28/02/2027", ""],
        GOOD[2],
    ]
    path = xlsx(tmp_path / "daftar.xlsx", rows)

    assert import_file(path, None) == ImportResult(created=1, updated=1, errors=[])

    after = listed(opd["walidata"])["kelahiran"]
    assert after["id"] == before["id"]
    assert after["prioritas"] is True
    assert deadlines(after) == [
        ("2026-S1", "2026-08-31", False),
        ("2026-S2", "2027-02-28", True),
    ]
    assert import_file(path, None) == ImportResult(created=0, updated=0, errors=[])


def test_a_failure_while_writing_leaves_nothing_half_written(
    opd: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    create = registry.create

    def failing(values: Any, user: str | None) -> Any:
        if made:
            raise RuntimeError("database gone")
        made.append(values.nama)
        return create(values, user)

    monkeypatch.setattr(registry, "create", failing)
    path = xlsx(tmp_path / "daftar.xlsx", [HEADER, *GOOD])

    with pytest.raises(RuntimeError):
        import_file(path, None)

    assert made == ["Jumlah penduduk menurut kecamatan"]
    assert listed(opd["walidata"]) == {}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imported_again_changes_nothing(
    opd: dict[str, Any], tmp_path: Path, fmt: str
) -> None:
    entry(opd["walidata"], frekuensi="triwulanan", prioritas=True, tenggat={"2026-T2": "15/08/2026"})  # fmt: skip
    entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES", urusan="1.02", catatan="Data dari 16 puskesmas,\ntermasuk pustu")  # fmt: skip
    entry(opd["walidata"], nama="Kunjungan wisatawan", organization="disparbud", frekuensi="ad_hoc", urusan="3.26")  # fmt: skip
    entry(opd["walidata"], nama="Kelahiran", tahun=2027)
    before = listed(opd["walidata"])
    path = tmp_path / f"daftar.{fmt}"

    assert export_file(path, 2026, fmt) == 3
    result = import_file(path, opd["walidata"]["name"], 2026)

    assert result == ImportResult(created=0, updated=0, errors=[])
    assert listed(opd["walidata"]) == before
    assert len(listed(opd["walidata"], 2027)) == 1


def test_an_export_names_each_opd_by_its_singkatan(opd: dict[str, Any], tmp_path: Path) -> None:
    entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES", urusan="1.02")
    entry(opd["walidata"], prioritas=True, frekuensi="triwulanan", tenggat={"2026-T2": "15/08/2026"})  # fmt: skip
    path = tmp_path / "daftar.csv"

    export_file(path, 2026, "csv")

    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        "Tahun;Nama Data;OPD;Urusan;Frekuensi;Standar Data;Data Prioritas;Tenggat;Catatan",
        "2026;Jumlah puskesmas;DINKES;1.02;Tahunan;;tidak;;",
        "2026;Jumlah penduduk menurut kecamatan;DISDUKCAPIL;2.12;Triwulanan;;ya;2026-T2=15/08/2026;",
    ]


def pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    return path


def damaged_xlsx(path: Path) -> Path:
    whole = xlsx(path, [HEADER, *GOOD]).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (pdf, "Berkas PDF tidak dapat dimuat"),
        (damaged_xlsx, "Lembar kerja rusak"),
    ],
    ids=["pdf", "xlsx-rusak"],
)
def test_a_file_that_is_no_table_is_refused_in_indonesian(
    opd: dict[str, Any], tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    result = import_file(make(tmp_path / "daftar.xlsx"), None)

    assert (result.created, result.updated, len(result.errors)) == (0, 0, 1)
    assert words in result.errors[0]
    assert listed(opd["walidata"]) == {}


def test_a_table_that_is_no_daftar_data_says_which_columns_it_needs(
    opd: dict[str, Any], tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "penduduk.xlsx", [["Kecamatan", "Jumlah"], ["Kasemen", 101234]])

    result = import_file(path, None, 2026)

    assert len(result.errors) == 1
    assert result.errors[0].startswith("Baris judul kolom tidak ditemukan.")


def run(cli: CKANCliRunner, *args: str) -> Any:
    return cli.invoke(ckan_command, ["satudata", "daftar", *args])


def test_the_commands_import_export_and_copy_a_year(
    opd: dict[str, Any], tmp_path: Path, cli: CKANCliRunner
) -> None:
    path = xlsx(tmp_path / "daftar.xlsx", [HEADER, *GOOD])

    imported = run(cli, "impor", str(path), "--tahun", "2026", "--oleh", "walidata_kominfo")
    assert imported.exit_code == 0, imported.output
    assert "3 entri baru, 0 entri diperbarui." in imported.output
    made = listed(opd["walidata"])["Kelahiran"]
    assert registry.get(made["id"]).dibuat_oleh == "walidata_kominfo"

    exported = run(cli, "ekspor", str(tmp_path / "keluar.csv"), "--tahun", "2026")
    assert exported.exit_code == 0, exported.output
    assert f"3 entri Daftar Data 2026 ditulis ke {tmp_path / 'keluar.csv'}." in exported.output
    assert (tmp_path / "keluar.csv").read_bytes().startswith(b"\xef\xbb\xbfTahun;")

    copied = run(cli, "salin", "--dari", "2026", "--ke", "2027")
    assert copied.exit_code == 0, copied.output
    assert "Daftar Data 2026 disalin ke 2027: 3 entri baru, 0 sudah ada (dilewati)." in (
        copied.output
    )
    assert deadlines(listed(opd["walidata"], 2027)["Kelahiran"])[0] == (
        "2027-T1",
        "2027-05-15",
        True,
    )


def test_the_import_command_lists_every_error_and_fails(
    opd: dict[str, Any], tmp_path: Path, cli: CKANCliRunner
) -> None:
    rows = [HEADER, GOOD[0], ["2026", "Panti", "DINSOSX", "", "sebulan", "", "", ""]]
    path = csv_file(tmp_path / "daftar.csv", rows, ";", "utf-8-sig")

    refused = run(cli, "impor", str(path))

    assert refused.exit_code == 1
    assert f"{path} tidak diimpor; tidak ada yang diubah." in refused.output
    assert "- Baris 3, OPD: OPD “DINSOSX” tidak dikenal." in refused.output
    assert "- Baris 3, Frekuensi: Frekuensi “sebulan” tidak dikenal." in refused.output
    assert listed(opd["walidata"]) == {}
    assert importer.FORMATS == ("xlsx", "csv")
