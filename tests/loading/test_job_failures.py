"""Files that are no table, or a table the portal will not guess at, loaded through the
real path: the load ends as an error the produsen reads in Indonesian (xloader's
DataStore tab shows the task's error "message"), with a code, and no DataStore table
is made, not even an empty or half-filled one."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import uploader

from tests.loading.portal import (
    csv_text,
    datastore_active,
    error,
    has_table,
    ods,
    people,
    run_loads,
    upload,
    xls,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("clean_redis")


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    return people()


def png() -> bytes:
    """A real 1×1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def shapefile_zip() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("batas_kecamatan.shp", b"\x00\x00\x27\x0a" + b"\x00" * 96)
        archive.writestr("batas_kecamatan.dbf", b"\x03" + b"\x00" * 31)
    return out.getvalue()


TABLE: list[list[Any]] = [["Kecamatan", "Jumlah"], ["Kasemen", 101234], ["Curug", 55123]]


def long_csv(bad_row: list[str], at: int = 1500, rows: int = 2000) -> bytes:
    """A good table of ``rows`` rows with ``bad_row`` at data row ``at`` (beyond the
    rows the load reads first to decide the columns)."""
    lines = [["Nomor", "Kecamatan", "Jumlah"]]
    for n in range(1, rows + 1):
        lines.append(bad_row if n == at else [str(n), f"Kecamatan {n}", str(n * 10)])
    return csv_text(lines).encode()


# (file name, declared format or None for the name's, content, code, words of the
# Indonesian message, values stored with the error)
CASES: list[tuple[str, str | None, bytes, str, list[str], dict[str, Any]]] = [
    ("kosong.csv", None, b"", "berkas_kosong", ["Berkas kosong"], {}),
    ("spasi.csv", None, b"\n\n  \n", "berkas_kosong", ["Berkas kosong"], {}),
    ("foto.csv", "CSV", png(), "bukan_tabel", ["bukan tabel", "dua kolom"], {}),
    (
        "daftar.csv",
        None,
        b"Daftar kecamatan\nKasemen\nCurug\nWalantaka\n",
        "bukan_tabel",
        ["bukan tabel"],
        {},
    ),
    (
        "halaman.csv",
        None,
        b"<!DOCTYPE html><html><body><table><tr><td>a</td><td>b</td></tr></table></body></html>",
        "bukan_tabel",
        ["bukan tabel"],
        {},
    ),
    (
        "laporan.pdf",
        "CSV",
        pdf(),
        "format_tidak_didukung",
        ["Berkas PDF tidak dapat dimuat", "CSV, XLSX, XLS atau ODS"],
        {"jenis": "PDF"},
    ),
    (
        "peta.zip",
        "CSV",
        shapefile_zip(),
        "format_tidak_didukung",
        ["Berkas ZIP tidak dapat dimuat"],
        {"jenis": "ZIP"},
    ),
    (
        "terpotong.xlsx",
        None,
        xlsx(TABLE)[:1500],
        "xlsx_rusak",
        ["Lembar kerja rusak", "simpan ulang"],
        {},
    ),
    ("terpotong.xls", None, xls(TABLE)[:3000], "xls_rusak", ["Lembar kerja rusak"], {}),
    (
        "ganda.csv",
        None,
        csv_text(
            [["Kecamatan", "Jumlah", "Jumlah"], ["Kasemen", "1", "2"], ["Curug", "3", "4"]]
        ).encode(),
        "header_ganda",
        ['bernama sama, "Jumlah"', "Kolom 2, 3", "Beri setiap kolom nama sendiri"],
        {"kolom": [2, 3], "nama": "Jumlah", "baris": 1},
    ),
    (
        "tanpa-nama.csv",
        None,
        csv_text(
            [
                ["Kecamatan", "", "Perempuan"],
                ["Kasemen", "50.000", "49.000"],
                ["Curug", "25.000", "24.500"],
                ["Walantaka", "30.000", "31.000"],
            ]
        ).encode(),
        "header_kosong",
        ["Kolom 2", "tidak bernama tetapi berisi data"],
        {"kolom": [2], "baris": 1},
    ),
    (
        # a header over two rows (merged cells): not guessed at, and not replaced by
        # the first data row either
        "dua-baris-judul.csv",
        None,
        csv_text(
            [
                ["Kecamatan", "Jumlah Penduduk", "", "Luas"],
                ["", "Laki-laki", "Perempuan", ""],
                ["Kasemen", "50.000", "49.000", "63,36"],
                ["Curug", "25.000", "24.500", "49,6"],
                ["Walantaka", "30.000", "31.000", "48,48"],
            ]
        ).encode(),
        "header_kosong",
        ["Kolom 3", "tidak bernama"],
        {"kolom": [3], "baris": 1},
    ),
    (
        "lebar.csv",
        None,
        csv_text(
            [
                ["Kecamatan", "Jumlah"],
                ["Kasemen", "1"],
                ["Curug", "2", "catatan lepas"],
                ["Walantaka", "3"],
            ]
        ).encode(),
        "baris_terlalu_lebar",
        ['Baris 3 berisi nilai di luar kolom terakhir baris judul ("catatan lepas")'],
        {"baris": 3, "nilai": "catatan lepas"},
    ),
    (
        "catatan.csv",
        None,
        csv_text(
            [
                ["Kecamatan", "Jumlah"],
                ["Kasemen", "1"],
                ["Sumber: BPS", ""],
                ["Curug", "2"],
            ]
        ).encode(),
        "catatan_di_tengah",
        ["Baris catatan", "diikuti data lagi pada baris 4"],
        {"baris": 4},
    ),
    (
        "lebar-di-belakang.csv",
        None,
        long_csv(["1500", "Kecamatan 1500", "15000", "lebih"]),
        "baris_terlalu_lebar",
        ["Baris 1501", '("lebih")'],
        {"baris": 1501, "nilai": "lebih"},
    ),
    (
        "catatan-di-belakang.csv",
        None,
        long_csv(["Keterangan: angka sementara", "", ""]),
        "catatan_di_tengah",
        ["diikuti data lagi pada baris 1502"],
        {"baris": 1502},
    ),
]


@pytest.mark.parametrize(
    ("filename", "declared", "content", "code", "words", "values"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_a_file_that_is_not_a_clean_table_is_refused_with_a_reason(
    opd: dict[str, Any],
    filename: str,
    declared: str | None,
    content: bytes,
    code: str,
    words: list[str],
    values: dict[str, Any],
) -> None:
    fields = {"format": declared} if declared else {}
    resource = upload(opd["produsen"], opd["dataset"], filename, content, **fields)

    assert len(run_loads()) == 1

    problem = error(resource["id"])
    assert problem["kode"] == code, problem
    for word in words:
        assert word in problem["message"], problem
    assert {k: problem.get(k) for k in values} == values
    assert not has_table(resource["id"])
    assert not datastore_active(resource["id"])


def test_a_damaged_ods_file_is_refused(opd: dict[str, Any]) -> None:
    resource = upload(opd["produsen"], opd["dataset"], "rusak.ods", ods(TABLE)[:700])

    run_loads()

    problem = error(resource["id"])
    # a cut-off zip cannot say what it was: the same message for every spreadsheet
    assert problem["kode"] in ("ods_rusak", "xlsx_rusak"), problem
    assert "Lembar kerja rusak" in problem["message"]
    assert not has_table(resource["id"])


# --- Limits and the storage -----------------------------------------------------------

MAX_MB = "ckanext.satudata_serang.loading_max_mb"


def test_a_file_over_the_portals_limit_is_not_read(
    opd: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tk.config, MAX_MB, 1)
    rows = [["Nomor", "Keterangan"]] + [[str(n), "x" * 100] for n in range(12_000)]
    content = csv_text(rows).encode()
    assert len(content) > 1024 * 1024

    resource = upload(opd["produsen"], opd["dataset"], "besar.csv", content)
    run_loads()

    problem = error(resource["id"])
    assert problem["kode"] == "terlalu_besar", problem
    assert problem["mb"] == 1
    assert "Berkas lebih besar daripada batas 1 MB" in problem["message"]
    assert not has_table(resource["id"])


def test_an_upload_missing_from_the_storage_is_an_error(opd: dict[str, Any]) -> None:
    resource = upload(
        opd["produsen"], opd["dataset"], "penduduk.csv", csv_text([["a", "b"], ["1", "2"]]).encode()
    )
    stored = Path(uploader.get_resource_uploader(resource).get_path(resource["id"]))
    stored.unlink()

    run_loads()

    problem = error(resource["id"])
    assert problem["kode"] == "berkas_hilang", problem
    assert "tidak ditemukan di penyimpanan portal" in problem["message"]
    assert not has_table(resource["id"])
