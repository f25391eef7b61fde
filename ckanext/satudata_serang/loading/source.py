"""A downloaded or uploaded file opened as rows of text cells, whatever it is: CSV in
any of the encodings and delimiters detect.py knows, XLSX, XLS or ODS (recognised by
their first bytes, not by a name or a declared format, which are often wrong). What
is not a table is a TableProblem with a code the uploader reads in Indonesian. No
CKAN.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import detect, sheets
from .table import TableProblem

CHUNK = 1 << 20
HEAD_BYTES = 64 * 1024
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

csv.field_size_limit(10 * 1024 * 1024)  # one cell of a real table is never this long


@dataclass(frozen=True)
class Source:
    kind: str  # csv, xlsx, xls, ods
    rows: Callable[[], Iterator[list[str]]]  # a fresh pass over the rows each call
    encoding: str | None = None
    delimiter: str | None = None


def open_table(path: Path) -> Source:
    """The file as a table source (raises TableProblem)."""
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if not head.strip():
        raise TableProblem("berkas_kosong")
    if head.startswith(b"PK\x03\x04"):
        return _zipped(path)
    if head.startswith(OLE):
        rows = _sheet(sheets.read_xls, path)
        return Source("xls", lambda: iter(rows))
    if head.startswith(b"%PDF"):
        raise TableProblem("format_tidak_didukung", jenis="PDF")
    lowered = head.lstrip()[:100].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise TableProblem("bukan_tabel")
    return _text(path, head)


def _zipped(path: Path) -> Source:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        raise TableProblem("xlsx_rusak") from None
    if mimetype == ODS_MIMETYPE:
        rows = _sheet(sheets.read_ods, path)
        return Source("ods", lambda: iter(rows))
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        rows = _sheet(sheets.read_xlsx, path)
        return Source("xlsx", lambda: iter(rows))
    raise TableProblem("format_tidak_didukung", jenis="ZIP")


def _sheet(read: Callable[[Path], list[list[str]]], path: Path) -> list[list[str]]:
    try:
        return read(path)
    except sheets.SheetProblem as problem:
        raise TableProblem(problem.code) from None


def encoding_of(path: Path, head: bytes) -> str:
    """detect.decode's rule over the whole file, read in pieces."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return encoding
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while chunk := file.read(CHUNK):
                    if b"\x00" in chunk:
                        raise TableProblem("bukan_tabel")
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _text(path: Path, head: bytes) -> Source:
    encoding = encoding_of(path, head)
    sample = head.decode(encoding, errors="ignore")
    if len(head) == HEAD_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    delimiter = detect.delimiter(sample)

    def rows() -> Iterator[list[str]]:
        with path.open(encoding=encoding, newline="") as file:
            reader = csv.reader(file, delimiter=delimiter)
            try:
                yield from reader
            except csv.Error as error:
                raise TableProblem("csv_rusak", baris=reader.line_num, detail=str(error)) from None

    return Source("csv", rows, encoding, delimiter)
