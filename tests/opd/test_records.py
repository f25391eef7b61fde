"""Checking an OPD file: every problem is found at once and named by row and column."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from ckanext.satudata_serang.opd import files, records
from ckanext.satudata_serang.opd.records import InvalidFile, OpdRecord

SEED = Path(str(resources.files("ckanext.satudata_serang.demo") / "opd-kota-serang.yaml"))
HEADER = "singkatan,nama,jenis,urusan,wilayah,walidata"
DINKES = "DINKES,Dinas Kesehatan,dinas,1.02,,tidak"
DISHUB = "DISHUB,Dinas Perhubungan,dinas,2.15,,"


def csv_problems(*rows: str, header: str = HEADER) -> list[str]:
    with pytest.raises(InvalidFile) as raised:
        files.parse_csv("\n".join([header, *rows]) + "\n")
    return [str(problem) for problem in raised.value.problems]


def yaml_problems(*entries: str) -> list[str]:
    text = "opd:\n" + "".join(f"  - {entry}\n" for entry in entries)
    with pytest.raises(InvalidFile) as raised:
        files.parse_yaml(text)
    return [str(problem) for problem in raised.value.problems]


def test_a_valid_row_becomes_a_record():
    [entry] = files.parse_csv(f"{HEADER}\n{DINKES}\n")
    assert entry.row == 2
    assert entry.record == OpdRecord(
        singkatan="DINKES", nama="Dinas Kesehatan", jenis="dinas", urusan=("1.02",)
    )
    assert entry.record.url == "dinkes"


def test_unknown_urusan_code_names_the_csv_line_and_column():
    assert csv_problems(DINKES, DISHUB, "DLH,Dinas Lingkungan Hidup,dinas,2.11;9.99,,") == [
        "Baris 4, kolom urusan: kode 9.99 tidak dikenal"
    ]


def test_unknown_urusan_code_in_yaml_names_the_position_in_the_list():
    problems = yaml_problems(
        "{singkatan: DINKES, nama: Dinas Kesehatan, jenis: dinas, urusan: ['1.02']}",
        "{singkatan: DLH, nama: Dinas Lingkungan Hidup, jenis: dinas, urusan: ['9.99']}",
    )
    assert problems == ["Baris 2, kolom urusan: kode 9.99 tidak dikenal"]


def test_duplicate_singkatan_is_case_insensitive_and_points_to_the_first_row():
    problems = csv_problems(DINKES, DISHUB, "Dinkes,Dinas Kesehatan Kota,dinas,1.02,,")
    assert problems == ["Baris 4, kolom singkatan: singkatan Dinkes sudah dipakai di baris 2"]


def test_duplicate_url_from_the_url_column():
    problems = csv_problems(
        "DINKES,Dinas Kesehatan,dinas,1.02,,,",
        "RSUD,Rumah Sakit Umum Daerah,unit,1.02,,,dinkes",
        header=HEADER + ",url",
    )
    assert problems == ["Baris 3, kolom url: URL dinkes sudah dipakai di baris 2"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (",Dinas Kesehatan,dinas,1.02,,", "Baris 2, kolom singkatan: wajib diisi"),
        ("DINKES,,dinas,1.02,,", "Baris 2, kolom nama: wajib diisi"),
        ("DINKES,Dinas Kesehatan,,1.02,,", "Baris 2, kolom jenis: wajib diisi"),
    ],
)
def test_missing_required_value(row: str, problem: str):
    assert csv_problems(row) == [problem]


def test_missing_name_in_yaml():
    problems = yaml_problems("{singkatan: DINKES, jenis: dinas}")
    assert problems == ["Baris 1, kolom nama: wajib diisi"]


def test_unknown_jenis_lists_the_choices():
    [problem] = csv_problems("DINKES,Dinas Kesehatan,kantor,1.02,,")
    assert problem.startswith("Baris 2, kolom jenis: jenis kantor tidak dikenal; pilih")
    assert "dinas" in problem and "kecamatan" in problem


def test_unknown_wilayah_code():
    problems = csv_problems("KEC-X,Kecamatan X,kecamatan,7.01,36.73.99,")
    assert problems == ["Baris 2, kolom wilayah: kode wilayah 36.73.99 tidak dikenal"]


def test_wilayah_is_required_for_a_kecamatan():
    problems = csv_problems("KEC-SERANG,Kecamatan Serang,kecamatan,7.01,,")
    assert problems == ["Baris 2, kolom wilayah: wajib diisi untuk OPD berjenis kecamatan"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("email", "dinkes@", "alamat email tidak sah"),
        ("telepon", "telp. kantor", "nomor telepon tidak sah"),
        ("website", "javascript:alert(1)", "hanya tautan http:// atau https://"),
        ("website", "dinkes.serangkota.go.id", "hanya tautan http:// atau https://"),
    ],
)
def test_bad_contact_details(column: str, value: str, message: str):
    [problem] = csv_problems(f"{DINKES},{value}", header=f"{HEADER},{column}")
    assert problem.startswith(f"Baris 2, kolom {column}: {message}")


@pytest.mark.parametrize("singkatan", ["DIN KES", "X", "DINKES/RSUD"])
def test_singkatan_that_cannot_become_a_url(singkatan: str):
    [problem] = csv_problems(f"{singkatan},Dinas Kesehatan,dinas,1.02,,")
    assert problem.startswith("Baris 2, kolom singkatan: singkatan")
    assert "tidak bisa menjadi URL" in problem


def test_invalid_url_column():
    problems = csv_problems(
        "DINKES,Dinas Kesehatan,dinas,1.02,,,Dinas_Kesehatan", header=HEADER + ",url"
    )
    assert problems == [
        "Baris 2, kolom url: URL Dinas_Kesehatan tidak sah: 2–100 huruf kecil, angka, - atau _"
    ]


def test_walidata_must_be_yes_or_no():
    problems = csv_problems("DISKOMINFO,Dinas Kominfo,dinas,2.16,,mungkin")
    assert problems == ["Baris 2, kolom walidata: isi ya atau tidak (tertulis: mungkin)"]


def test_every_problem_of_every_row_is_reported_at_once():
    problems = csv_problems(
        DINKES,
        "DLH,,dinas,9.99,,",
        "KEC-SERANG,Kecamatan Serang,kecamatan,7.01,,",
        "dinkes,Dinas Kesehatan,dinas,1.02,,",
    )
    assert problems == [
        "Baris 3, kolom nama: wajib diisi",
        "Baris 3, kolom urusan: kode 9.99 tidak dikenal",
        "Baris 4, kolom wilayah: wajib diisi untuk OPD berjenis kecamatan",
        "Baris 5, kolom singkatan: singkatan dinkes sudah dipakai di baris 2",
    ]


def test_unknown_csv_column_is_reported_on_the_header_line():
    problems = csv_problems(DINKES + ",x", header=HEADER + ",urusn")
    assert problems == [
        f"Baris 1, kolom urusn: kolom tidak dikenal (yang dikenal: {', '.join(records.KEYS)})"
    ]


def test_csv_without_a_required_column():
    problems = csv_problems("DINKES,dinas", header="singkatan,jenis")
    assert problems == ["Baris 1, kolom nama: kolom wajib tidak ada di judul"]


def test_unknown_yaml_key():
    [problem] = yaml_problems("{singkatan: DINKES, nama: Dinas Kesehatan, jenis: dinas, kepala: X}")
    assert problem.startswith("Baris 1, kolom kepala: kolom tidak dikenal")


def test_yaml_without_an_opd_list():
    with pytest.raises(InvalidFile) as raised:
        files.parse_yaml("- {singkatan: DINKES}\n")
    assert str(raised.value) == "Berkas, kolom opd: berkas YAML harus berisi daftar `opd:`"


def test_a_file_without_any_opd_is_refused():
    with pytest.raises(InvalidFile, match="tidak berisi satu OPD pun"):
        files.parse_csv(HEADER + "\n")


def test_the_seed_list_is_valid():
    entries = files.read(SEED)
    assert len(entries) == 35
    by_url = {entry.record.url: entry.record for entry in entries}
    assert by_url["kec-serang"].wilayah == "36.73.01"
    assert [r.singkatan for r in by_url.values() if r.walidata] == ["DISKOMINFO"]


def test_organization_fields():
    record = OpdRecord(
        singkatan="DINKES",
        nama="Dinas Kesehatan",
        jenis="dinas",
        urusan=("1.02",),
        kode="1.02.0.00.0.00.01.0000",
        deskripsi="Urusan kesehatan.",
    )
    organization = records.to_organization(record)
    assert organization == {
        "name": "dinkes",
        "title": "Dinas Kesehatan",
        "singkatan": "DINKES",
        "jenis": "dinas",
        "urusan": ["1.02"],
        "wilayah": "",
        "walidata": False,
        "kode_opd": "1.02.0.00.0.00.01.0000",
        "description": "Urusan kesehatan.",
    }
    assert records.to_organization(record, ["nama"]) == {"title": "Dinas Kesehatan"}
    back = records.from_organization({**organization, "urusan": ["1.02"], "alamat": None})
    assert back == replace(record, alamat="", telepon="", email="", website="")
