"""The Daftar Data as the Forum Satu Data keeps it: a spreadsheet of one row per
entry. Pure: no CKAN (the OPDs, urusan and standards an entry may name are given).

Columns, in the order an export writes them: Tahun, Nama Data, OPD, Urusan,
Frekuensi, Standar Data, Data Prioritas, Tenggat, Catatan. A header is read
case-insensitively, without what stands in brackets or marks such as ``*`` and
``:`` (``Nama Data (wajib)*`` is Nama Data), and common other names are read too
(``OPD Produsen``, ``Keterangan``; see ``COLUMNS``). Columns the portal does not
know (No, a checklist of the Forum) are ignored.

Reading: title rows above the header are skipped: the header is the first row that
names Nama Data and another column. Blank rows are skipped, and so are rows with
nothing that describes a data (a template's numbered row with only No, Tahun or
Data Prioritas filled). Row numbers are those the spreadsheet shows. Frekuensi and
urusan may be written as their label (``Triwulanan``, ``Kesehatan``); an urusan
code Excel took for a number (2.10 shown as ``2,1``) is read back as its code.

Writing: OPD by singkatan, frekuensi by its label, prioritas ``ya``/``tidak``, moved
deadlines as ``2026-T1=30/04/2026; 2026-T2=31/07/2026``. CSV is written as Excel in
Indonesia opens it by a double click: ``;`` between cells (the list separator of
the Indonesian regional settings, whose decimal separator is the comma), UTF-8 with
a byte-order mark (without it Excel reads UTF-8 as Windows-1252 and breaks
accents), CRLF line ends. No ``sep=;`` line: Excel ignores the BOM after it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import vocabulary
from . import values
from .values import EntryValues, Known

HEAD_ROWS = 50  # rows searched for the header (titles above a table are few)
MAX_WIDTH = 60  # characters of the widest column of an export
CSV_DELIMITER = ";"


@dataclass(frozen=True)
class Column:
    key: str  # the key values.check reads
    title: str  # the header an export writes
    other_names: tuple[str, ...] = ()  # headers also read as this column (normalised)
    width: int = 12  # at least, in an XLSX export


COLUMNS = (
    Column("tahun", "Tahun", ("tahun data", "tahun anggaran"), 8),
    Column(
        "nama", "Nama Data", ("nama", "judul data", "nama dataset", "uraian data", "jenis data"), 40
    ),
    Column(
        "organization",
        "OPD",
        ("opd produsen", "produsen", "produsen data", "perangkat daerah", "organisasi", "instansi"),
        14,
    ),
    Column("urusan", "Urusan", ("kode urusan", "urusan pemerintahan", "bidang urusan"), 9),
    Column(
        "frekuensi", "Frekuensi", ("frekuensi pemutakhiran", "frekuensi data", "periodisitas"), 14
    ),
    Column("standar", "Standar Data", ("standar", "kode standar", "standar struktur data"), 16),
    Column("prioritas", "Data Prioritas", ("prioritas",), 9),
    Column(
        "tenggat",
        "Tenggat",
        ("tenggat diubah", "tenggat khusus", "tenggat waktu", "batas waktu"),
        24,
    ),
    Column("catatan", "Catatan", ("keterangan",), 30),
)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = ("nama", "organization", "frekuensi")
# a row with none of these filled describes no data: it is skipped, not refused
DESCRIBING = ("nama", "organization", "urusan", "frekuensi", "standar", "tenggat", "catatan")

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_URUSAN_NUMBER = re.compile(r"([0-9])[.,]([0-9]{1,2})(?=\s|\Z)")


def normalised(header: str) -> str:
    """A header as compared: lower case, no brackets, words only."""
    text = _BRACKETS.sub(" ", header.lower())
    return " ".join(_NOT_WORD.sub(" ", text).split())


_BY_NAME = {normalised(n): c for c in COLUMNS for n in (c.title, *c.other_names)}


class LayoutProblem(Exception):
    """A file whose columns the import cannot read; the message is Indonesian."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: 1 is its first row
    raw: dict[str, str]  # key → cell, as values.check reads it


@dataclass(frozen=True)
class Table:
    header_row: int  # as the spreadsheet shows it
    headers: dict[str, str]  # key → the header as written
    rows: list[Row]

    def header(self, key: str) -> str:
        """The column's header as the file writes it (or as an export would)."""
        column = BY_KEY.get(key)
        return self.headers.get(key) or (column.title if column else key)


def _cell(row: Sequence[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEAD_ROWS]):
        found: dict[str, int] = {}
        twice: list[tuple[int, int, Column]] = []
        for position, cell in enumerate(row):
            column = _BY_NAME.get(normalised(cell))
            if column is None:
                continue
            if column.key in found:
                twice.append((found[column.key], position, column))
            else:
                found[column.key] = position
        if "nama" in found and len(found) >= 2:
            if twice:
                first, second, column = twice[0]
                raise LayoutProblem(
                    f"Baris {index + 1}: kolom “{row[first].strip()}” dan “{row[second].strip()}” "
                    f"sama-sama berarti {column.title}. Hapus salah satu."
                )
            return index, found
    raise LayoutProblem(
        "Baris judul kolom tidak ditemukan. Tabel harus diawali baris judul kolom: "
        + ", ".join(c.title for c in COLUMNS)
        + "."
    )


def _code(vocabulary_name: str, text: str) -> str:
    """A vocabulary's code for a cell that writes the code or the Indonesian label."""
    lowered = text.lower()
    for term in vocabulary.get(vocabulary_name):
        if lowered in (term.code.lower(), term.label().lower()):
            return term.code
    return text


def _urusan(text: str) -> str:
    if found := _URUSAN_NUMBER.match(text):
        return f"{found[1]}.{found[2].ljust(2, '0')}"
    return _code("urusan", text)


def read(rows: Iterable[Sequence[str]], tahun: int | None = None) -> Table:
    """The table's entries as raw values for values.check; a blank Tahun is
    ``tahun`` when given (a file without a Tahun column needs it). Raises
    LayoutProblem."""
    every = [list(r) for r in rows]
    start, positions = _header(every)
    missing = [k for k in REQUIRED if k not in positions]
    if tahun is None and "tahun" not in positions:
        missing.insert(0, "tahun")
    if missing:
        names = " dan ".join(BY_KEY[k].title for k in missing)
        raise LayoutProblem(
            f"Kolom {names} tidak ada pada baris judul kolom (baris {start + 1})."
            + (" Tambahkan kolom Tahun atau sebutkan tahun impornya." if "tahun" in missing else "")
        )
    found: list[Row] = []
    for index in range(start + 1, len(every)):
        raw = {key: _cell(every[index], position) for key, position in positions.items()}
        if not any(raw.get(k) for k in DESCRIBING):
            continue
        if tahun is not None and not raw.get("tahun"):
            raw["tahun"] = str(tahun)
        if raw.get("frekuensi"):
            raw["frekuensi"] = _code("frekuensi", raw["frekuensi"])
        if raw.get("urusan"):
            raw["urusan"] = _urusan(raw["urusan"])
        found.append(Row(index + 1, raw))
    headers = {key: every[start][position].strip() for key, position in positions.items()}
    return Table(start + 1, headers, found)


def check(
    table: Table, known: Known, tahun: int | None = None
) -> tuple[list[tuple[Row, EntryValues]], list[str]]:
    """Each row's values, and what is wrong, row by row (``Baris 5, OPD: …``): the
    field errors of values.check, a year other than ``tahun``, and a data named twice
    for one OPD and year. The import writes nothing when anything is wrong."""
    checked: list[tuple[Row, EntryValues]] = []
    errors: list[str] = []
    first_row: dict[tuple[int, str, str], int] = {}
    if not table.rows:
        errors.append(
            f"Tidak ada entri di bawah baris judul kolom (baris {table.header_row}): "
            "berkas ini kosong."
        )
    for row in table.rows:
        entry, problems = values.check(row.raw, known)
        for key, messages in problems.items():
            errors.extend(f"Baris {row.number}, {table.header(key)}: {m}" for m in messages)
        if entry is None:
            continue
        if tahun is not None and entry.tahun != tahun:
            errors.append(
                f"Baris {row.number}, {table.header('tahun')}: tahun {entry.tahun} berbeda "
                f"dari tahun yang diimpor ({tahun})."
            )
            continue
        same = (entry.tahun, entry.organization_id, entry.nama.lower())
        if same in first_row:
            errors.append(
                f"Baris {row.number}, {table.header('nama')}: “{entry.nama}” untuk OPD "
                f"{row.raw.get('organization', '')} tahun {entry.tahun} sudah ada di baris "
                f"{first_row[same]}."
            )
            continue
        first_row[same] = row.number
        checked.append((row, entry))
    return checked, errors


def deadlines_text(tenggat: Mapping[str, date]) -> str:
    """Moved deadlines as a cell: ``2026-T1=30/04/2026; 2026-T2=31/07/2026``."""
    return "; ".join(f"{code}={day:%d/%m/%Y}" for code, day in sorted(tenggat.items()))


def row_of(entry: EntryValues, opd: str) -> list[str | int]:
    """An entry as an export's row, in the order of ``COLUMNS``; ``opd`` is how the
    OPD is named (its singkatan)."""
    return [
        entry.tahun,
        entry.nama,
        opd,
        entry.urusan,
        vocabulary.get("frekuensi").label(entry.frekuensi),
        entry.standar,
        "ya" if entry.prioritas else "tidak",
        deadlines_text(entry.tenggat),
        entry.catatan,
    ]


def header() -> list[str]:
    return [c.title for c in COLUMNS]


def write_csv(path: Path, rows: Iterable[Sequence[str | int]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow(header())
        writer.writerows(rows)


def write_xlsx(path: Path, rows: Iterable[Sequence[str | int]], title: str) -> None:
    """One sheet named ``title``: a bold, frozen header, columns as wide as their
    text, every text cell stored as text (a nama starting with ``=`` is no formula,
    an urusan code no number), lists to pick Frekuensi and Data Prioritas from."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = title[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [max(c.width, len(c.title) + 2) for c in COLUMNS]
    for row in rows:
        sheet.append(list(row))
        for position, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.number_format = "@"
            longest = max((len(line) for line in str(cell.value or "").splitlines()), default=0)
            widths[position] = min(MAX_WIDTH, max(widths[position], longest + 2))
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    last = max(sheet.max_row, 500)
    labels = ",".join(t.label() for t in vocabulary.get("frekuensi"))
    for key, choices in (("frekuensi", labels), ("prioritas", "ya,tidak")):
        letter = get_column_letter(COLUMNS.index(BY_KEY[key]) + 1)
        picker = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        picker.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(picker)
    book.save(path)
