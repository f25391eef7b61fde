"""A table read in one pass: the layout from the first rows, then every row checked
and converted on its way to the database.

table.layout reads every cell twice (decide, then convert), about 51 µs a row: a
minute for a million rows. Here the header and the columns' readings come from the
first SAMPLE_ROWS data rows; each later cell is converted by convert.py, which checks
that it fits. When one does not, Mismatch reaches the caller, who reads the file the
exact way (``exact``: table.layout over all rows): slower, same answer. Pure: no
CKAN, no database.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import convert, table
from .cells import ColumnReading
from .detect import filled
from .table import Field, Note, TableProblem

SAMPLE_ROWS = 1000

Rows = Callable[[], Iterable[Sequence[str]]]  # a fresh pass over the file's rows


@dataclass
class Reading:
    """How the rows become the DataStore's columns, and what was noticed."""

    header_row: int
    header_width: int  # cells in the header row, blank ones at the end included
    fields: list[Field]
    notes: list[Note]
    exact: bool  # readings from every row (nothing left to check)
    empty_in_sample: frozenset[int] = frozenset()  # positions without a sampled value
    facts: list[convert.NumberFacts] = field(default_factory=list)
    data_rows: int = 0
    footnotes: int = 0

    def __post_init__(self) -> None:
        if not self.facts:
            self.facts = [convert.NumberFacts() for _ in self.fields]

    def readings(self) -> list[ColumnReading]:
        """Each column's reading over all rows (once the rows were read)."""
        if self.exact:
            defaults = {n.values["kolom"] for n in self.notes if n.code == "angka_indonesia"}
            return [
                ColumnReading(f.type, f.convention, f.column.name in defaults) for f in self.fields
            ]
        return [
            convert.final_reading(ColumnReading(f.type, f.convention), facts)
            for f, facts in zip(self.fields, self.facts, strict=True)
        ]

    def all_notes(self) -> list[Note]:
        """What was noticed, in table.layout's order: titles, footnotes, then each
        column's renaming and number convention."""
        if self.exact:  # table.layout saw every row: its notes are the whole story
            return list(self.notes)
        notes = [n for n in self.notes if n.code == "judul_dilewati"]
        if self.footnotes:
            notes.append(Note("catatan_dilewati", {"baris": self.footnotes}))
        renamed = {n.values["nama"]: n for n in self.notes if n.code == "kolom_diganti"}
        for spec, reading in zip(self.fields, self.readings(), strict=True):
            if spec.column.name in renamed:
                notes.append(renamed[spec.column.name])
            if reading.chosen_by_default:
                notes.append(Note("angka_indonesia", {"kolom": spec.column.name}))
        return notes


def sampled(rows: Iterable[Sequence[str]]) -> Reading:
    """The layout from the head of the file (raises TableProblem)."""
    head = list(itertools.islice(iter(rows), table.HEAD_ROWS + SAMPLE_ROWS))
    plan = table.layout(head)
    sample = head[plan.header_row + 1 :]
    return Reading(
        header_row=plan.header_row,
        header_width=len(head[plan.header_row]),
        fields=plan.fields,
        notes=plan.notes,
        exact=False,
        empty_in_sample=frozenset(
            f.column.position for f in plan.fields if not _has_values(sample, f.column.position)
        ),
    )


def _has_values(rows: Sequence[Sequence[str]], position: int) -> bool:
    return any(position - 1 < len(r) and r[position - 1].strip() for r in rows)


def exact(rows: Iterable[Sequence[str]]) -> Reading:
    """The layout from every row (raises TableProblem)."""
    plan = table.layout(rows)
    return Reading(plan.header_row, len(plan.fields), plan.fields, plan.notes, exact=True)


def _is_footnote(row: Sequence[str]) -> bool:
    return table._is_footnote(row)  # pyright: ignore[reportPrivateUsage]


def records(rows: Iterable[Sequence[str]], reading: Reading) -> Iterator[list[str | None]]:
    """Every data row's values, converted; counts rows and footnotes on ``reading``.
    Raises TableProblem (what the file's uploader must fix) and convert.Mismatch
    (the sample misled: read the file with ``exact``)."""
    width = len(reading.fields)
    converters = [
        convert.converter(
            ColumnReading(spec.type, spec.convention),
            facts,
            seen_values=spec.column.position not in reading.empty_in_sample,
        )
        for spec, facts in zip(reading.fields, reading.facts, strict=True)
    ]
    reading.data_rows = reading.footnotes = 0
    for index, row in enumerate(rows):
        if index <= reading.header_row:
            continue
        if not (len(row) > 1 and row[0].strip() and row[1].strip()):
            count = filled(row)
            if not count:
                continue
            if count == 1 and _is_footnote(row):  # wherever it stands, as table.layout
                reading.footnotes += 1
                continue
        if reading.footnotes:
            raise TableProblem("catatan_di_tengah", baris=index + 1)
        if len(row) > width and any(c.strip() for c in row[width:]):
            extra = next(c for c in row[width:] if c.strip())
            if not reading.exact and reading.header_width > width:
                raise convert.Mismatch(extra)  # a column the sample showed empty
            raise TableProblem("baris_terlalu_lebar", baris=index + 1, nilai=extra)
        cells = row if len(row) >= width else [*row, *([""] * (width - len(row)))]
        values = [convert_(cell) for convert_, cell in zip(converters, cells, strict=False)]
        reading.data_rows += 1
        yield values
