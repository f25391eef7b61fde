"""The OPD file formats: reading YAML or CSV into checked entries, and writing them.

YAML has the seed's shape (``demo/opd-kota-serang.yaml``): a top-level ``opd:`` list of
mappings with the keys of ``records.KEYS``. CSV has a header row of the same keys and
one OPD per row; urusan codes inside a cell are separated by ``;`` (commas and spaces
are accepted too); walidata is ya/tidak (true/false also). Both are UTF-8, with or
without BOM. Pure: no CKAN imports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from .records import (
    DETAILS,
    KEYS,
    REQUIRED,
    Entry,
    InvalidFile,
    OpdRecord,
    Problem,
    default_url,
    validate,
)

# Inside a CSV cell; commas and spaces are accepted too (codes contain none of them).
URUSAN_SEPARATOR = ";"
_YAML_NULLS = frozenset({"~", "null", "Null", "NULL"})  # BaseLoader leaves them as text
YAML_HEADER = (
    "# Daftar OPD Satu Data Kota Serang (ckan satudata opd export).\n"
    "# Impor kembali dengan: ckan satudata opd import BERKAS\n"
)


def read(path: Path) -> list[Entry]:
    """The checked entries of a .yaml/.yml or .csv file (UTF-8, with or without BOM)."""
    kind = format_of(path)
    if kind is None:
        raise InvalidFile(
            [Problem(0, "", f"format {path.name} tidak dikenal: pakai .yaml, .yml atau .csv")]
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidFile([Problem(0, "", "berkas bukan teks UTF-8")]) from error
    return parse_yaml(text) if kind == "yaml" else parse_csv(text)


def format_of(path: Path) -> str | None:
    return {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}.get(path.suffix.lower())


def parse_yaml(text: str) -> list[Entry]:
    """The seed's shape: a top-level ``opd:`` list of mappings. Scalars are read as
    written (``2.10`` stays "2.10", not the number 2.1)."""
    try:
        # BaseLoader: every scalar stays text and no object is ever built.
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" (baris teks {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or error
        raise InvalidFile([Problem(0, "", f"YAML tidak terbaca{at}: {problem}")]) from error
    items = document.get("opd") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise InvalidFile([Problem(0, "opd", "berkas YAML harus berisi daftar `opd:`")])
    rows: list[tuple[int, Mapping[str, Any]]] = []
    problems: list[Problem] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append((position, {k: _not_null(v) for k, v in item.items()}))
        else:
            problems.append(Problem(position, "", "tiap OPD ditulis sebagai pasangan kunci: nilai"))
    return validate(rows, problems)


def _not_null(value: Any) -> Any:
    return "" if isinstance(value, str) and value in _YAML_NULLS else value


def parse_csv(text: str) -> list[Entry]:
    """A header row of keys, then one OPD per row. Comma-separated, or semicolons as
    a spreadsheet set to Indonesian saves it."""
    text = text.removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, Mapping[str, Any]]] = []
    problems: list[Problem] = []
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                _check_header(start, header)
                continue
            if len(cells) > len(header):
                problems.append(
                    Problem(start, "", f"{len(cells)} sel, padahal judulnya {len(header)} kolom")
                )
                continue
            padded = cells + [""] * (len(header) - len(cells))
            rows.append((start, {k: cell for k, cell in zip(header, padded, strict=True) if k}))
    except csv.Error as error:
        raise InvalidFile([Problem(reader.line_num, "", f"CSV tidak terbaca: {error}")]) from error
    if header is None:
        raise InvalidFile([Problem(0, "", "berkas kosong: baris pertama harus judul kolom")])
    return validate(rows, problems)


def _check_header(row: int, header: Sequence[str]) -> None:
    problems = [
        Problem(row, key, f"kolom tidak dikenal (yang dikenal: {', '.join(KEYS)})")
        for key in header
        if key and key not in KEYS
    ]
    problems += [
        Problem(row, key, "kolom muncul dua kali")
        for key in sorted({k for k in header if k and header.count(k) > 1})
    ]
    problems += [
        Problem(row, key, "kolom wajib tidak ada di judul") for key in REQUIRED if key not in header
    ]
    if problems:
        raise InvalidFile(problems)


def to_yaml(records: Iterable[OpdRecord]) -> str:
    """The seed's shape; empty optional keys are left out."""
    entries: list[dict[str, Any]] = []
    for record in records:
        entry: dict[str, Any] = {
            "singkatan": record.singkatan,
            "nama": record.nama,
            "jenis": record.jenis,
        }
        if record.urusan:
            entry["urusan"] = list(record.urusan)
        if record.wilayah:
            entry["wilayah"] = record.wilayah
        if record.walidata:
            entry["walidata"] = True
        entry.update({key: getattr(record, key) for key in DETAILS if getattr(record, key)})
        if record.url != default_url(record.singkatan):
            entry["url"] = record.url
        entries.append(entry)
    body = yaml.safe_dump(
        {"opd": entries}, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
    return YAML_HEADER + body


def to_csv(records: Iterable[OpdRecord]) -> str:
    """Every column, in KEYS order; urusan codes joined by a semicolon."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEYS)
    for record in records:
        writer.writerow(
            [
                record.singkatan,
                record.nama,
                record.jenis,
                URUSAN_SEPARATOR.join(record.urusan),
                record.wilayah,
                "ya" if record.walidata else "tidak",
                *(getattr(record, key) or "" for key in DETAILS),
                "" if record.url == default_url(record.singkatan) else record.url,
            ]
        )
    return buffer.getvalue()
