"""A resource's DataStore table replaced by a new load, all or nothing.

The rows go into an unlisted staging table (``_muat_<id>``), the new table is built
from it (``_baru_<id>``: the DataStore's columns, ``_id`` and ``_full_text`` as the
DataStore makes them) and swapped in for the old one in the same transaction. Until
the commit, readers see the previous data; a failure anywhere rolls everything back,
so there is never a half-loaded table. Two loads of one resource wait for each other
(an advisory lock). The full-text index is built after the swap without blocking
readers (searches work meanwhile, only slower).

Needs a DB-API connection to the DataStore's write database (psycopg2); no CKAN.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .cells import ColumnType

log = logging.getLogger(__name__)

PG_TYPES = {
    ColumnType.INTEGER: "int8",
    ColumnType.NUMERIC: "numeric",
    ColumnType.DATE: "date",
    ColumnType.TEXT: "text",
}
_STAGING_TYPES = {**PG_TYPES, ColumnType.INTEGER: "numeric"}  # whole-ness known at the end
LOCK_SECONDS = 10
SWAP_TRIES = 6


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType


class LockBusy(Exception):
    """The old table stayed in use by readers for too long to swap."""


def literal(text: str) -> str:
    """A PostgreSQL string literal (standard_conforming_strings on: only ' doubles)."""
    return "'" + text.replace("'", "''") + "'"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def staging_name(resource_id: str) -> str:
    return f"_muat_{resource_id}"


def new_name(resource_id: str) -> str:
    return f"_baru_{resource_id}"


def full_text_index_name(resource_id: str) -> str:
    """The name the DataStore gives the _full_text index (backend.postgres.
    _generate_index_name), so that its later datastore_create calls find it."""
    return hashlib.sha1((resource_id + identifier("_full_text")).encode()).hexdigest()


class _CsvStream(io.RawIOBase):
    """Rows as a file that COPY reads (CSV, UTF-8; None is written as NULL).

    psycopg2 turns an exception raised by ``read`` into a QueryCanceled that only
    names it; the exception itself (a TableProblem, a Mismatch) is kept in ``error``
    so that the caller can raise it again."""

    def __init__(self, rows: Iterable[Sequence[str | None]]) -> None:
        self._rows = iter(rows)
        self._buffer = b""
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, lineterminator="\n")
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def _fill(self, size: int) -> None:
        while len(self._buffer) < size:
            batch = list(itertools.islice(self._rows, 2000))
            if not batch:
                return
            self._writer.writerows(batch)
            self._buffer += self._text.getvalue().encode("utf-8")
            self._text.seek(0)
            self._text.truncate()

    def read(self, size: int = -1) -> bytes:
        try:
            self._fill(size if size > 0 else 1 << 30)
        except Exception as error:
            self.error = error
            raise
        if size < 0:
            size = len(self._buffer)
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk


def lock(connection: Any, resource_id: str) -> None:
    """Wait for any other load of the resource (held until unlock or disconnect)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_lock(hashtextextended(%s, 0))", ("satudata-muat:" + resource_id,)
        )


def unlock(connection: Any, resource_id: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_unlock(hashtextextended(%s, 0))", ("satudata-muat:" + resource_id,)
        )


def stage(
    connection: Any, resource_id: str, types: Sequence[ColumnType], rows: Iterable[Sequence[Any]]
) -> None:
    """COPY the converted rows into the staging table (in the open transaction)."""
    table = identifier(staging_name(resource_id))
    columns = ", ".join(f"c{i} {_STAGING_TYPES[t]}" for i, t in enumerate(types, start=1))
    names = ", ".join(f"c{i}" for i in range(1, len(types) + 1))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {table} (_line int GENERATED ALWAYS AS IDENTITY, {columns})"
        )
        stream = _CsvStream(rows)
        try:
            cursor.copy_expert(
                f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, ENCODING 'UTF8')",
                stream,
                size=1 << 16,
            )
        except Exception:
            if stream.error is not None:
                raise stream.error from None  # the rows' own error, not psycopg2's
            raise


def _comments(cursor: Any, resource_id: str) -> dict[str, str]:
    """The old table's column comments (the Data Dictionary), by column name."""
    cursor.execute(
        """SELECT a.attname, col_description(a.attrelid, a.attnum)
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relname = %s AND a.attnum > 0
             AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NOT NULL""",
        (resource_id,),
    )
    return dict(cursor.fetchall())


def column_infos(connection: Any, resource_id: str) -> dict[str, dict[str, Any]]:
    """The Data Dictionary ``info`` of the resource's current table, by column."""
    with connection.cursor() as cursor:
        comments = _comments(cursor, resource_id)
    connection.rollback()
    infos: dict[str, dict[str, Any]] = {}
    for name, comment in comments.items():
        try:
            stored = json.loads(comment)
        except ValueError:
            continue
        if isinstance(stored, dict) and isinstance(stored.get("_info"), dict):
            infos[name] = stored["_info"]
    return infos


def _aliases(cursor: Any, resource_id: str) -> list[str]:
    cursor.execute(
        "SELECT name FROM _table_metadata WHERE alias_of = %s AND name <> %s",
        (resource_id, resource_id),
    )
    return [row[0] for row in cursor.fetchall()]


def _exists(cursor: Any, name: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (identifier(name),))
    return bool(cursor.fetchone()[0])


def build(
    connection: Any,
    resource_id: str,
    columns: Sequence[Column],
    described: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """The new table from the staging table (in the open transaction). Each column
    keeps the Data Dictionary of the old table's column of the same name, or else
    gets the ``info`` in ``described`` (a dictionary that came with the resource)."""
    staged = identifier(staging_name(resource_id))
    new = identifier(new_name(resource_id))
    values = ", ".join(
        f"c{i}::{PG_TYPES[c.type]} AS {identifier(c.name)}" for i, c in enumerate(columns, start=1)
    )
    text = ", ".join(f"{identifier(c.name)}::text" for c in columns)
    sequence = identifier(f"_baru_{resource_id}__id_seq")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {new}")
        # _full_text as the DataStore's trigger computes it: the values as text
        cursor.execute(
            f"CREATE TABLE {new} AS SELECT _id, to_tsvector(concat_ws(' ', {text})) AS _full_text,"
            f" {', '.join(identifier(c.name) for c in columns)}"
            f" FROM (SELECT _line AS _id, {values} FROM {staged}) AS converted"
        )
        cursor.execute(f"ALTER TABLE {new} ALTER COLUMN _id SET NOT NULL")
        cursor.execute(f"ALTER TABLE {new} ADD PRIMARY KEY (_id)")
        cursor.execute(f"CREATE SEQUENCE {sequence} OWNED BY {new}._id")
        cursor.execute(f"SELECT setval('{sequence}', greatest((SELECT max(_id) FROM {new}), 1))")
        cursor.execute(f"ALTER TABLE {new} ALTER COLUMN _id SET DEFAULT nextval('{sequence}')")
        kept = _comments(cursor, resource_id)
        for column in columns:
            comment = kept.get(column.name)
            if comment is None and (described or {}).get(column.name):
                info = dict((described or {})[column.name])
                comment = " " + json.dumps(
                    {"_info": info}, ensure_ascii=False, separators=(",", ":")
                )
            if comment is not None:
                cursor.execute(
                    f"COMMENT ON COLUMN {new}.{identifier(column.name)} IS {literal(comment)}"
                )
        cursor.execute(
            f"CREATE TRIGGER zfulltext BEFORE INSERT OR UPDATE ON {new}"
            " FOR EACH ROW EXECUTE PROCEDURE populate_full_text_trigger()"
        )
        cursor.execute(f"DROP TABLE {staged}")


def swap(connection: Any, resource_id: str) -> None:
    """Put the new table in the old one's place (in the open transaction), waiting
    for readers of the old table a few times before giving up."""
    table = identifier(resource_id)
    with connection.cursor() as cursor:
        for attempt in range(SWAP_TRIES):
            cursor.execute("SAVEPOINT satudata_swap")
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_SECONDS}s'")
            try:
                if _exists(cursor, resource_id):
                    cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                break
            except Exception as error:  # lock_not_available (55P03)
                if getattr(error, "pgcode", None) != "55P03":
                    raise
                cursor.execute("ROLLBACK TO SAVEPOINT satudata_swap")
                log.info("DataStore table %s busy, swap attempt %d", resource_id, attempt + 1)
                time.sleep(1)
        else:
            raise LockBusy(resource_id)
        aliases = _aliases(cursor, resource_id) if _exists(cursor, resource_id) else []
        cursor.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
        cursor.execute(f"ALTER TABLE {identifier(new_name(resource_id))} RENAME TO {table}")
        cursor.execute(
            f"ALTER TABLE {table} RENAME CONSTRAINT {identifier(new_name(resource_id) + '_pkey')}"
            f" TO {identifier(resource_id + '_pkey')}"
        )
        cursor.execute(
            f"ALTER SEQUENCE {identifier(f'_baru_{resource_id}__id_seq')}"
            f" RENAME TO {identifier(f'{resource_id}__id_seq')}"
        )
        for alias in aliases:
            cursor.execute(f"CREATE VIEW {identifier(alias)} AS SELECT * FROM {table}")


FILTER_DISTINCT = 5000  # a column with at most this many values is one people filter on


def column_index_name(resource_id: str, *columns: str) -> str:
    """The name the DataStore gives an index of these columns (create_indexes)."""
    listed = ", ".join(identifier(c) for c in columns)
    return hashlib.sha1((resource_id + listed).encode()).hexdigest()


def _filter_columns(cursor: Any, resource_id: str) -> list[str]:
    """Columns with few distinct values (kecamatan, tahun, jenis …): the ones
    datastore_search is asked to filter on, whose counts must not read every row."""
    cursor.execute(
        "SELECT attname, n_distinct FROM pg_stats WHERE schemaname = 'public' AND tablename = %s",
        (resource_id,),
    )
    return [
        str(name)
        for name, distinct in cursor.fetchall()
        if not str(name).startswith("_") and 1 < float(distinct or 0) <= FILTER_DISTINCT
    ]


def index(
    connection: Any, resource_id: str, method: str = "gist", together: Sequence[str] = ()
) -> None:
    """The full-text index, an index of each column people filter on and one of the
    columns in ``together`` (kecamatan and tahun: counting the rows of one kecamatan
    in one year then reads only that index), built without blocking readers (outside
    a transaction); a failed one is dropped (searches stay right, only slower)."""
    table = identifier(resource_id)
    previous = connection.autocommit
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            # all-visible pages let counts of filtered rows skip the table (bitmap scans)
            cursor.execute(f"VACUUM (ANALYZE) {table}")
            wanted = [(full_text_index_name(resource_id), f"USING {method}(_full_text)")]
            wanted += [
                (column_index_name(resource_id, column), f"({identifier(column)})")
                for column in _filter_columns(cursor, resource_id)
            ]
            if len(together) > 1:
                listed = ", ".join(identifier(c) for c in together)
                wanted.append((column_index_name(resource_id, *together), f"({listed})"))
            for name, definition in wanted:
                try:
                    cursor.execute(
                        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {identifier(name)}"
                        f" ON {table} {definition}"
                    )
                except Exception:
                    log.exception("Index %s of %s not built", definition, resource_id)
                    cursor.execute(f"DROP INDEX IF EXISTS {identifier(name)}")
    finally:
        connection.autocommit = previous


def replace_table(
    connection: Any,
    resource_id: str,
    types: Sequence[ColumnType],
    rows: Iterable[Sequence[Any]],
    columns: Callable[[], Sequence[Column]],
    progress: Callable[[str], None] = lambda step: None,
    fts_method: str = "gist",
    described: Mapping[str, Mapping[str, Any]] | None = None,
    swapped: Callable[[], None] = lambda: None,
    together: Callable[[Sequence[Column]], Sequence[str]] = lambda columns: (),
) -> None:
    """Load ``rows`` as the resource's new table: stage, build with ``columns()``
    (called once the rows are read: their final names and types), swap, index
    (``together``: the columns to index together, from the final columns).
    Everything before the swap's commit is rolled back on an error. ``progress`` is
    told each step as it begins: salin, bangun, tukar, indeks, selesai."""
    lock(connection, resource_id)
    try:
        try:
            progress("salin")
            stage(connection, resource_id, types, rows)
            progress("bangun")
            final = columns()
            build(connection, resource_id, final, described)
            progress("tukar")
            swap(connection, resource_id)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        swapped()  # the new table is there: readers may be told before it is indexed
        progress("indeks")
        index(connection, resource_id, fts_method, together(final))
        progress("selesai")
    finally:
        unlock(connection, resource_id)
        connection.commit()
