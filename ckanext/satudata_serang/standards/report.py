"""The result of checking a file against a standard, as the portal keeps and shows it:
the status, counts and the first problems, each with its row, column, value and an
Indonesian sentence. Built from frictionless's error descriptors and our own header
check. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import messages

LULUS = "lulus"
GAGAL = "gagal"
MAX_PROBLEMS = 1000  # kept and shown per file: enough to fix a file, bounded in size

_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_OTHER_ROW = re.compile(r"row at position (\d+)")
_SEPARATORS = re.compile(r"[\s_]+")


@dataclass(frozen=True)
class Problem:
    jenis: str
    pesan: str
    baris: int | None = None
    kolom: str | None = None
    nilai: str | None = None
    batasan: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Result:
    status: str  # lulus | gagal
    sha256: str
    baris: int = 0  # data rows read
    jumlah_galat: int = 0
    masalah: tuple[Problem, ...] = field(default_factory=tuple)
    terpotong: bool = False  # the check stopped at MAX_PROBLEMS

    def laporan(self) -> list[dict[str, Any]]:
        return [p.as_dict() for p in self.masalah]


def _key(label: str) -> str:
    """``Jumlah Penduduk`` and ``jumlah_penduduk`` are the same column."""
    return _SEPARATORS.sub(" ", label.strip().casefold())


def match_header(
    labels: Sequence[str], skema: Mapping[str, Any]
) -> tuple[dict[str, str], list[Problem]]:
    """The file's header against the standard's columns, by name, ignoring case,
    surrounding spaces and spaces for underscores (an OPD's ``Jumlah Penduduk`` is
    the standard's ``jumlah_penduduk``); their order is free and extra columns are
    allowed.

    Returns the standard's column name → the file's label for the columns found,
    and the problems: a label used twice, a column of the standard not found."""
    problems: list[Problem] = []
    by_key: dict[str, str] = {}
    for label in labels:
        key = _key(str(label))
        if not key:
            continue
        if key in by_key:
            problems.append(
                Problem(
                    jenis="kolom-ganda",
                    pesan=messages.message("kolom-ganda", nilai=str(label).strip()),
                    baris=1,
                    nilai=str(label).strip(),
                )
            )
            continue
        by_key[key] = str(label)
    found: dict[str, str] = {}
    for column in skema.get("fields") or []:
        name = str(column.get("name"))
        if _key(name) in by_key:
            found[name] = by_key[_key(name)]
        else:
            problems.append(
                Problem(
                    jenis="kolom-hilang",
                    pesan=messages.message("kolom-hilang", kolom=name),
                    baris=1,
                    kolom=name,
                )
            )
    return found, problems


def as_found(skema: Mapping[str, Any], found: Mapping[str, str]) -> dict[str, Any]:
    """The schema to validate the file with: only the columns the file has, named as
    the file names them; the primary key only when all its columns are there."""
    fields = [
        {**column, "name": found[column["name"]]}
        for column in skema.get("fields") or []
        if column.get("name") in found
    ]
    adapted: dict[str, Any] = {k: v for k, v in skema.items() if k not in ("fields", "primaryKey")}
    adapted["fields"] = fields
    key = skema.get("primaryKey")
    names = [key] if isinstance(key, str) else list(key or [])
    if names and all(name in found for name in names):
        adapted["primaryKey"] = [found[name] for name in names]
    return adapted


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def problem_of(
    error: Mapping[str, Any],
    fields: Mapping[str, Mapping[str, Any]],
    standard_name: Mapping[str, str],
    primary_key: Sequence[int],
    key_labels: Sequence[str] = (),
) -> Problem | None:
    """One frictionless error descriptor as a Problem. ``fields``: the standard's
    fields by name; ``standard_name``: the file's label → the standard's name;
    ``primary_key``: the positions of the key's columns in the file (0-based)."""
    jenis = str(error.get("type") or "")
    baris = _int(error.get("rowNumber"))
    label = error.get("fieldName") or None
    kolom = standard_name.get(str(label), str(label)) if label else None
    nilai = error.get("cell")
    note = str(error.get("note") or "")
    constraint = _CONSTRAINT.search(note) if jenis == "constraint-error" else None
    other = _OTHER_ROW.search(note)
    cells = [str(c) for c in error.get("cells") or []]
    if jenis == "primary-key" and not any(c.strip() for c in cells):
        return None  # a blank row: reported as blank-row already
    if jenis == "primary-key":
        nilai = ", ".join(cells[i] if i < len(cells) else "" for i in primary_key)
    if jenis in ("format-error", "encoding-error", "source-error", "scheme-error", "error"):
        return Problem(jenis="berkas-rusak", pesan=messages.message("berkas-rusak"))
    batasan = constraint.group(1) if constraint else None
    text = messages.message(
        jenis,
        baris=baris,
        kolom=kolom,
        nilai=None if nilai is None else str(nilai),
        batasan=batasan,
        field=fields.get(kolom or ""),
        posisi=_int(error.get("fieldNumber")),
        kunci=[standard_name.get(label, label) for label in key_labels],
        baris_lain=int(other.group(1)) if other else None,
    )
    return Problem(
        jenis=jenis,
        pesan=text,
        baris=baris,
        kolom=kolom,
        nilai=None if nilai is None else str(nilai),
        batasan=batasan,
    )


def result(
    sha256: str,
    rows: int,
    header_problems: Iterable[Problem],
    errors: Iterable[Mapping[str, Any]],
    skema: Mapping[str, Any],
    found: Mapping[str, str],
    labels: Sequence[str] = (),
    limit: int = MAX_PROBLEMS,
) -> Result:
    """The file's result from our header check and frictionless's errors.
    ``labels``: the file's header as it is."""
    fields = {str(f.get("name")): f for f in skema.get("fields") or []}
    standard_name = {label: name for name, label in found.items()}
    key = skema.get("primaryKey")
    key_names = [key] if isinstance(key, str) else list(key or [])
    key_labels = [found[name] for name in key_names if name in found]
    positions = [list(labels).index(label) for label in key_labels if label in labels]
    problems = list(header_problems)
    for error in errors:
        made = problem_of(error, fields, standard_name, positions, key_labels)
        if made is not None:
            problems.append(made)
    kept = tuple(problems[:limit])
    return Result(
        status=GAGAL if problems else LULUS,
        sha256=sha256,
        baris=rows,
        jumlah_galat=len(problems),
        masalah=kept,
        terpotong=len(problems) >= limit,
    )


def unreadable(sha256: str, jenis: str = "berkas-rusak") -> Result:
    """A file that cannot be read as a table at all (or is empty)."""
    problem = Problem(jenis=jenis, pesan=messages.message(jenis))
    return Result(status=GAGAL, sha256=sha256, jumlah_galat=1, masalah=(problem,))
