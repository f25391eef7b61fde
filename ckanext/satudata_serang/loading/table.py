"""A table file read in two passes, as the loading job will read it: the first pass
decides the layout (where the header is, the columns, their types, footnotes to drop),
the second gives each data row's values ready for the DataStore. Both take the rows as
an iterable of cell lists, so a CSV of a million rows is streamed from disk twice and
never held in memory. Pure: no CKAN, no database.

What the first pass decided is kept as notes (code + values) for the uploader's
report: title rows skipped, columns renamed, a number convention taken by default,
footnote rows dropped. What cannot be read without guessing is a TableProblem with a
code the report turns into Indonesian: ``bukan_tabel`` (nothing with two columns),
``header_kosong``, ``header_ganda``, ``baris_terlalu_lebar`` (a row with values beyond
the header's last column).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import cells, headers
from .cells import ColumnType, Convention
from .detect import filled, table_start

HEAD_ROWS = 50  # rows read to find the header (titles above a table are few)
_FOOTNOTE_MARKS = ("sumber", "catatan", "keterangan", "source", "note", "*)")


class TableProblem(Exception):
    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code, values)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Note:
    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Field:
    column: headers.Column
    type: ColumnType
    convention: Convention | None = None


@dataclass
class Layout:
    header_row: int  # 0-based index of the header among all rows
    fields: list[Field]
    data_rows: int  # rows below the header that hold data (footnotes not counted)
    last_data_row: int  # 0-based index of the last row that is data
    notes: list[Note] = field(default_factory=list)


def _is_footnote(row: Sequence[str]) -> bool:
    filled = [cell.strip() for cell in row if cell.strip()]
    return len(filled) == 1 and filled[0].lower().startswith(_FOOTNOTE_MARKS)


def layout(rows: Iterable[Sequence[str]]) -> Layout:
    """First pass: the header, the columns and their types."""
    iterator = iter(rows)
    head: list[Sequence[str]] = []
    for row in iterator:
        head.append(row)
        if len(head) >= HEAD_ROWS:
            break
    start = table_start(head)
    if not head or filled(head[start]) < 2:
        raise TableProblem("bukan_tabel")
    header = list(head[start])
    width = len(header)
    columns_cells: list[list[str]] = [[] for _ in range(width)]
    last_data, count, trailing_notes = start, 0, 0
    body = _chain(head[start + 1 :], iterator)
    for index, row in enumerate(body, start=start + 1):
        if not filled(row):
            continue
        if _is_footnote(row):
            trailing_notes += 1
            continue
        if trailing_notes:  # a "Sumber:" line followed by data: it was data after all
            raise TableProblem("catatan_di_tengah", baris=index + 1)
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            raise TableProblem("baris_terlalu_lebar", baris=index + 1, nilai=extra[0])
        for position in range(width):
            columns_cells[position].append(row[position] if position < len(row) else "")
        last_data, count = index, count + 1
    has_data = [any(c.strip() for c in cells_) for cells_ in columns_cells]
    try:
        found = headers.columns(header, has_data)
    except headers.HeaderProblem as problem:
        raise TableProblem(
            problem.code, kolom=problem.columns, nama=problem.name, baris=start + 1
        ) from None
    notes: list[Note] = []
    if start:
        notes.append(Note("judul_dilewati", {"baris": start}))
    if trailing_notes:
        notes.append(Note("catatan_dilewati", {"baris": trailing_notes}))
    fields: list[Field] = []
    for column in found:
        reading = cells.column_type(columns_cells[column.position - 1])
        fields.append(Field(column, reading.type, reading.convention))
        if column.changed:
            notes.append(Note("kolom_diganti", {"tertulis": column.written, "nama": column.name}))
        if reading.chosen_by_default:
            notes.append(Note("angka_indonesia", {"kolom": column.name}))
    return Layout(start, fields, count, last_data, notes)


def _chain(
    first: Iterable[Sequence[str]], rest: Iterator[Sequence[str]]
) -> Iterator[Sequence[str]]:
    yield from first
    yield from rest


def _value(cell: str, spec: Field) -> str | None:
    text = cell.strip()
    if not text:
        return None
    if spec.type in (ColumnType.INTEGER, ColumnType.NUMERIC):
        reading = cells.read_number(text)
        assert reading is not None  # the first pass saw every cell
        number = reading.english if spec.convention is Convention.ENGLISH else reading.indonesian
        return format(number, "f")
    if spec.type is ColumnType.DATE:
        day = cells.read_date(text)
        return day.isoformat() if day else None
    return cell


def records(rows: Iterable[Sequence[str]], plan: Layout) -> Iterator[list[str | None]]:
    """Second pass: every data row's values in the fields' order, as text the DataStore
    reads for the field's type (numbers with a ``.`` decimal point, days as ISO dates),
    None for an empty cell."""
    for index, row in enumerate(rows):
        if index <= plan.header_row or index > plan.last_data_row:
            continue
        if not filled(row) or _is_footnote(row):
            continue
        yield [
            _value(row[f.column.position - 1] if f.column.position - 1 < len(row) else "", f)
            for f in plan.fields
        ]
