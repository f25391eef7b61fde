"""The OPD file as people write it (spreadsheets, hand-edited YAML) and as export writes it."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from ckanext.satudata_serang.opd import changes, files
from ckanext.satudata_serang.opd.records import DETAILS, InvalidFile, OpdRecord

SEED = Path(str(resources.files("ckanext.satudata_serang.demo") / "opd-kota-serang.yaml"))

FULL = OpdRecord(
    singkatan="KOMINFO",
    nama="Dinas Komunikasi, Informatika, Persandian dan Statistik",
    jenis="dinas",
    urusan=("2.16", "2.20", "2.21"),
    walidata=True,
    kode="2.16.2.20.2.21.01.0000",
    alamat="Jl. Jenderal Sudirman No. 5,\nKota Serang",
    telepon="(0254) 200123",
    email="diskominfo@serangkota.go.id",
    website="https://diskominfo.serangkota.go.id",
    deskripsi='Walidata Kota Serang; "Satu Data" sejak 2020.',
    url="kominfo-serang",
)


def seed_records() -> list[OpdRecord]:
    return [entry.record for entry in files.read(SEED)]


def test_csv_with_a_byte_order_mark(tmp_path: Path):
    path = tmp_path / "opd.csv"
    path.write_bytes(
        "singkatan,nama,jenis,urusan\nDINKES,Dinas Kesehatan,dinas,1.02\n".encode("utf-8-sig")
    )
    [entry] = files.read(path)
    assert entry.record.singkatan == "DINKES"


def test_csv_saved_by_an_indonesian_spreadsheet_uses_semicolons():
    text = "singkatan;nama;jenis;urusan;walidata\nDISDIKBUD;Dinas Pendidikan;dinas;1.01,2.22;YA\n"
    [entry] = files.parse_csv(text)
    assert entry.record.urusan == ("1.01", "2.22")
    assert entry.record.walidata is True


@pytest.mark.parametrize(
    ("cell", "walidata"),
    [("ya", True), ("Tidak", False), ("true", True), ("FALSE", False), ("", False)],
)
def test_walidata_in_words(cell: str, walidata: bool):
    [entry] = files.parse_csv(f"singkatan,nama,jenis,walidata\nX1,Nama,dinas,{cell}\n")
    assert entry.record.walidata is walidata


def test_urusan_cell_separated_by_semicolons_or_commas():
    text = 'singkatan,nama,jenis,urusan\nA1,Satu,dinas,1.01;2.22\nB2,Dua,dinas,"1.01, 2.22"\n'
    assert [e.record.urusan for e in files.parse_csv(text)] == [("1.01", "2.22")] * 2


def test_csv_line_numbers_count_blank_lines_and_multi_line_cells():
    text = (
        "singkatan,nama,jenis,urusan,alamat\n"
        '\nDINKES,Dinas Kesehatan,dinas,1.02,"Jl. Ki Mas Jong\nSerang"\n'
        "DLH,Dinas Lingkungan Hidup,dinas,9.99,\n"
    )
    with pytest.raises(InvalidFile) as raised:
        files.parse_csv(text)
    assert [str(p) for p in raised.value.problems] == [
        "Baris 5, kolom urusan: kode 9.99 tidak dikenal"
    ]


def test_yaml_codes_are_read_as_written():
    # Unquoted, 2.10 would be the number 2.1 to a YAML parser.
    [entry] = files.parse_yaml(
        "opd:\n  - {singkatan: A1, nama: Satu, jenis: dinas, urusan: [2.10]}\n"
    )
    assert entry.record.urusan == ("2.10",)


def test_yaml_null_is_an_empty_value():
    [entry] = files.parse_yaml(
        "opd:\n  - {singkatan: A1, nama: Satu, jenis: dinas, alamat: null}\n"
    )
    assert entry.record.alamat == ""


def test_details_not_named_stay_unknown_and_named_empty_ones_clear():
    [yaml_entry] = files.parse_yaml(
        "opd:\n  - {singkatan: A1, nama: Satu, jenis: dinas, alamat: ''}\n"
    )
    assert yaml_entry.record.alamat == ""
    assert yaml_entry.record.telepon is None
    [csv_entry] = files.parse_csv("singkatan,nama,jenis,telepon\nA1,Satu,dinas,\n")
    assert csv_entry.record.telepon == ""
    assert csv_entry.record.alamat is None


def test_unknown_extension(tmp_path: Path):
    path = tmp_path / "opd.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InvalidFile, match=r"format opd\.xlsx tidak dikenal"):
        files.read(path)


def test_yaml_round_trip_keeps_the_seed_and_every_field():
    original = [*seed_records(), FULL]
    text = files.to_yaml(original)
    assert [entry.record for entry in files.parse_yaml(text)] == original


def test_yaml_export_has_the_seed_shape():
    text = files.to_yaml(seed_records()[:1])
    assert "opd:\n- singkatan: SETDA\n  nama: Sekretariat Daerah\n  jenis: sekretariat\n" in text
    assert "walidata" not in text and "alamat" not in text  # empty optional keys left out


def test_csv_round_trip_keeps_the_seed_and_every_field():
    original = [*seed_records(), FULL]
    text = files.to_csv(original)
    assert text.splitlines()[0] == (
        "singkatan,nama,jenis,urusan,wilayah,walidata,kode,alamat,telepon,email,website,deskripsi,url"
    )
    back = [entry.record for entry in files.parse_csv(text)]
    assert back[-1] == FULL
    # The details the seed leaves out come back named but empty, as the portal has them.
    portal = {r.url: replace(r, **{k: getattr(r, k) or "" for k in DETAILS}) for r in original}
    plan = changes.plan(portal, back)
    assert len(plan.unchanged) == len(original)


def test_the_url_column_is_written_only_when_it_differs_from_the_singkatan():
    dinkes = OpdRecord(singkatan="DINKES", nama="Dinas Kesehatan", jenis="dinas")
    assert "url" not in files.to_yaml([dinkes])
    assert files.to_csv([dinkes]).splitlines()[1].endswith(",")
    assert "url: kominfo-serang" in files.to_yaml([FULL])
