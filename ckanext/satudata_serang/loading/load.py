"""One file loaded as a resource's DataStore table: opened (source.py), read in one
pass from a sample (stream.py) or, when the sample misled, the exact way, and written
all or nothing (store.py). No CKAN: a DB-API connection and a path in, a summary out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dictionary import msvar
from ..sda import series
from . import convert, store, stream
from .cells import ColumnType
from .source import Source, open_table
from .table import Field, Note

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """What the uploader is told after a load."""

    kind: str
    rows: int
    columns: list[store.Column]
    notes: list[Note] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "jenis": self.kind,
            "baris": self.rows,
            "kolom": [{"id": c.name, "type": store.PG_TYPES[c.type]} for c in self.columns],
            "catatan": [{"kode": n.code, **n.values} for n in self.notes],
            "pengodean": self.encoding,
            "pemisah": self.delimiter,
        }


Progress = Callable[[str], None]


def load_file(
    connection: Any,
    resource_id: str,
    path: Path,
    progress: Progress = lambda step: None,
    described: Mapping[str, Mapping[str, Any]] | None = None,
    swapped: Callable[[], None] = lambda: None,
) -> Loaded:
    """Replace the resource's table with the file's rows (raises TableProblem).
    ``progress`` is told each step as it begins (baca, then store.replace_table's);
    ``described``: a Data Dictionary (column → info) for columns that have none yet;
    ``swapped`` is called once the new table is in place (before its search index)."""
    progress("baca")
    source = open_table(path)
    infos = {**(described or {}), **store.column_infos(connection, resource_id)}
    as_text = {name for name, info in infos.items() if msvar.forced_text(info)}
    reading = _texts(stream.sampled(source.rows()), as_text)
    finish = _Finish(described, swapped, infos)
    try:
        return _load(connection, resource_id, source, reading, progress, finish)
    except convert.Mismatch as mismatch:
        log.info("Resource %s: sample misled (%r), reading every row", resource_id, mismatch.value)
        progress("baca_semua")
        reading = _texts(stream.exact(source.rows()), as_text)
        return _load(connection, resource_id, source, reading, progress, finish)


@dataclass(frozen=True)
class _Finish:
    """What the new table gets besides its rows."""

    described: Mapping[str, Mapping[str, Any]] | None
    swapped: Callable[[], None]
    infos: Mapping[str, Mapping[str, Any]]  # the Data Dictionary the columns will have

    def together(self, columns: Sequence[store.Column]) -> tuple[str, ...]:
        """The region and period columns, indexed together (series.dimensions)."""
        fields = [
            {"id": c.name, "type": store.PG_TYPES[c.type], "info": self.infos.get(c.name) or {}}
            for c in columns
        ]
        return series.dimensions(fields) or ()


def _texts(reading: stream.Reading, names: set[str]) -> stream.Reading:
    """Columns the Data Dictionary says are text (tipe data teks, kode, periode)
    stay text whatever they hold."""
    for index, spec in enumerate(reading.fields):
        if spec.column.name in names and spec.type is not ColumnType.TEXT:
            reading.fields[index] = Field(spec.column, ColumnType.TEXT)
    reading.notes = [
        n for n in reading.notes if not (n.code == "angka_indonesia" and n.values["kolom"] in names)
    ]
    return reading


def _load(
    connection: Any,
    resource_id: str,
    source: Source,
    reading: stream.Reading,
    progress: Progress,
    finish: _Finish,
) -> Loaded:
    def columns() -> list[store.Column]:
        return [
            store.Column(spec.column.name, final.type)
            for spec, final in zip(reading.fields, reading.readings(), strict=True)
        ]

    store.replace_table(
        connection,
        resource_id,
        [spec.type for spec in reading.fields],
        stream.records(source.rows(), reading),
        columns,
        progress,
        described=finish.described,
        swapped=finish.swapped,
        together=finish.together,
    )
    notes = reading.all_notes()
    if source.encoding and source.encoding not in ("utf-8", "utf-8-sig"):
        notes.insert(0, Note("pengodean", {"pengodean": source.encoding}))
    return Loaded(
        source.kind, reading.data_rows, columns(), notes, source.encoding, source.delimiter
    )
