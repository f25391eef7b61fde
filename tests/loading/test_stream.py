"""A table read in one pass (loading/stream.py) against the two-pass reading
(loading/table.py): the sampled reading, falling back to the exact one on Mismatch as
load.load_file does, gives the columns, types, values and notes table.layout and
table.records give."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from ckanext.satudata_serang.loading import stream, table
from ckanext.satudata_serang.loading.cells import ColumnReading, ColumnType, Convention
from ckanext.satudata_serang.loading.convert import Mismatch
from ckanext.satudata_serang.loading.table import Note, TableProblem
from tests.loading.test_convert import random_column, same_value

Rows = list[list[str]]


def rows_of(text: str) -> Rows:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@dataclass(frozen=True)
class Loaded:
    columns: list[tuple[int, str, str]]  # position, as written, name
    readings: list[ColumnReading]
    values: list[list[str | None]]
    notes: list[Note]
    data_rows: int


@dataclass(frozen=True)
class Problem:
    code: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Misled:
    value: str


Result = Loaded | Problem | Misled


def _columns(fields: Sequence[table.Field]) -> list[tuple[int, str, str]]:
    return [(f.column.position, f.column.written, f.column.name) for f in fields]


def read(rows: Rows, exact: bool) -> Result:
    """The rows through stream.py, as load.load_file reads them."""
    try:
        reading = stream.exact(rows) if exact else stream.sampled(rows)
        values = list(stream.records(rows, reading))
    except TableProblem as problem:
        return Problem(problem.code, problem.values)
    except Mismatch as mismatch:
        assert not exact, f"Mismatch in exact mode on {mismatch.value!r}"
        return Misled(mismatch.value)
    return Loaded(
        _columns(reading.fields),
        reading.readings(),
        values,
        reading.all_notes(),
        reading.data_rows,
    )


def promised(rows: Rows) -> Result:
    """Sampled, and the exact way when the sample misled (load.load_file)."""
    result = read(rows, exact=False)
    return read(rows, exact=True) if isinstance(result, Misled) else result


def reference(rows: Rows) -> Result:
    """table.layout + table.records: the two-pass reading the promise is about."""
    try:
        plan = table.layout(rows)
    except TableProblem as problem:
        return Problem(problem.code, problem.values)
    defaults = {n.values["kolom"] for n in plan.notes if n.code == "angka_indonesia"}
    return Loaded(
        _columns(plan.fields),
        [ColumnReading(f.type, f.convention, f.column.name in defaults) for f in plan.fields],
        list(table.records(rows, plan)),
        plan.notes,
        plan.data_rows,
    )


def _sorted_notes(notes: Sequence[Note]) -> list[tuple[str, str]]:
    return sorted((n.code, repr(sorted(n.values.items()))) for n in notes)


def assert_same(got: Result, want: Result) -> None:
    """The stream's result is the reference's: numbers compared as numbers, notes in
    any order."""
    if not isinstance(got, Loaded) or not isinstance(want, Loaded):
        assert got == want
        return
    assert got.columns == want.columns
    assert got.readings == want.readings
    assert got.data_rows == want.data_rows
    assert _sorted_notes(got.notes) == _sorted_notes(want.notes)
    assert len(got.values) == len(want.values)
    for index, (row, expected) in enumerate(zip(got.values, want.values, strict=True)):
        for reading, value, wanted in zip(got.readings, row, expected, strict=True):
            assert same_value(value, wanted, reading.type), (index, row, expected)


def assert_keeps_the_promise(rows: Rows) -> Result:
    """Sampled (when not misled) and exact agree with each other and with table.py."""
    sampled, exact = read(rows, exact=False), read(rows, exact=True)
    want = reference(rows)
    if not isinstance(sampled, Misled):
        assert_same(sampled, want)
        if isinstance(sampled, Loaded) and isinstance(exact, Loaded):
            assert sampled.values == exact.values  # the same converters: the same text
            assert sampled.notes == exact.notes
    assert_same(exact, want)
    assert_same(promised(rows), want)
    return sampled


# ---------------------------------------------------------------- tables of the portal

BIG = stream.SAMPLE_ROWS + table.HEAD_ROWS + 100  # rows past anything sampled


def big_table(late: dict[int, list[str]] | None = None, rows: int = BIG) -> Rows:
    """Kode;Kecamatan;Jumlah;Luas with ``rows`` data rows; ``late`` replaces rows by
    their 0-based data index."""
    body: Rows = [
        [str(3673000 + i), f"Desa {i}", str(100 + i % 900), f"{i % 50},{i % 10}"]
        for i in range(rows)
    ]
    for index, row in (late or {}).items():
        body[index] = row
    return [["Tabel 1. Penduduk"], [], ["Kode", "Kecamatan", "Jumlah", "Luas"], *body]


def test_a_table_with_a_title_and_footnotes_at_the_end() -> None:
    rows = rows_of(
        "Tabel 3.1 Jumlah Penduduk\n"
        "\n"
        "Kode;Kecamatan;Penduduk;Luas (km²);Tanggal data\n"
        "3673010;Curug;55.123;49,6;31/12/2024\n"
        "3673020;Walantaka;62.001;48,48;31 Desember 2024\n"
        "3673030;Cipocok Jaya;101.234;31,54;\n"
        "\n"
        "Sumber: BPS Kota Serang\n"
        "Catatan: angka sementara\n"
    )
    result = assert_keeps_the_promise(rows)
    assert isinstance(result, Loaded)
    assert [r.type for r in result.readings] == [
        ColumnType.INTEGER,
        ColumnType.TEXT,
        ColumnType.INTEGER,
        ColumnType.NUMERIC,
        ColumnType.DATE,
    ]
    assert result.values[1] == ["3673020", "Walantaka", "62001", "48.48", "2024-12-31"]
    assert result.notes == [
        Note("judul_dilewati", {"baris": 2}),
        Note("catatan_dilewati", {"baris": 2}),
        Note("angka_indonesia", {"kolom": "Penduduk"}),  # 55.123 could be English
    ]
    assert result.data_rows == 3


def test_a_big_table_is_read_from_its_sample() -> None:
    rows = big_table()
    result = assert_keeps_the_promise(rows)
    assert isinstance(result, Loaded)
    assert result.data_rows == BIG
    assert [r.type for r in result.readings] == [
        ColumnType.INTEGER,
        ColumnType.TEXT,
        ColumnType.INTEGER,
        ColumnType.NUMERIC,
    ]


@pytest.mark.parametrize("at", [5, BIG - 10], ids=["in the sample", "after the sample"])
def test_data_after_a_footnote_is_a_problem_both_ways(at: int) -> None:
    rows = big_table({at: ["Sumber: BPS", "", "", ""]})
    problem = Problem("catatan_di_tengah", {"baris": 3 + at + 2})
    assert reference(rows) == problem
    assert read(rows, exact=False) == problem
    assert read(rows, exact=True) == problem


@pytest.mark.parametrize("at", [5, BIG - 10], ids=["in the sample", "after the sample"])
def test_a_row_wider_than_the_header_is_a_problem_both_ways(at: int) -> None:
    rows = big_table({at: ["1", "Desa", "2", "3", "lebih"]})
    problem = Problem("baris_terlalu_lebar", {"baris": 3 + at + 1, "nilai": "lebih"})
    assert reference(rows) == problem
    assert read(rows, exact=False) == problem
    assert read(rows, exact=True) == problem


def test_a_value_under_a_blank_header_after_the_sample_is_a_mismatch() -> None:
    rows = big_table()
    rows[2].append("")  # the header has a blank cell at its end
    rows[-5] = [*rows[-5], "x"]
    assert isinstance(read(rows, exact=False), Misled)
    problem = Problem("header_kosong", {"kolom": [5], "nama": "", "baris": 3})
    assert promised(rows) == reference(rows) == problem


def test_an_empty_blank_header_column_is_left_out() -> None:
    rows = big_table()
    rows[2].append("")
    for row in rows[3:]:
        row.append(" ")
    result = assert_keeps_the_promise(rows)
    assert isinstance(result, Loaded)
    assert len(result.columns) == 4


def test_short_rows_are_padded() -> None:
    rows = rows_of("a;b;c\n1;x;2,5\n2\n3;y\n;;4\n")
    result = assert_keeps_the_promise(rows)
    assert isinstance(result, Loaded)
    assert result.values == [
        ["1", "x", "2.5"],
        ["2", None, None],
        ["3", "y", None],
        [None, None, "4"],
    ]


def test_a_column_empty_in_the_sample_with_values_later_is_read_exactly() -> None:
    body = {i: [str(3673000 + i), f"Desa {i}", "", "1"] for i in range(BIG)}
    body[BIG - 3] = ["1", "Desa", "1.234,5", "1"]
    rows = big_table(body)
    assert read(rows, exact=False) == Misled("1.234,5")
    exact = read(rows, exact=True)
    assert isinstance(exact, Loaded)
    assert exact.readings[2] == ColumnReading(ColumnType.NUMERIC, Convention.INDONESIAN)
    assert exact.values[BIG - 3][2] == "1234.5"
    assert exact.values[0][2] is None
    assert_keeps_the_promise(rows)


def test_a_word_in_a_number_column_after_the_sample_is_read_exactly() -> None:
    rows = big_table({BIG - 3: ["1", "Desa", "tidak ada", "1"]})
    assert read(rows, exact=False) == Misled("tidak ada")
    exact = read(rows, exact=True)
    assert isinstance(exact, Loaded)
    assert exact.readings[2] == ColumnReading(ColumnType.TEXT)
    assert exact.values[0][2] == "100"
    assert exact.values[BIG - 3][2] == "tidak ada"
    assert_keeps_the_promise(rows)


@pytest.mark.parametrize(
    ("first", "default"), [("7", False), ("1.234", True)], ids=["plain", "ambiguous"]
)
def test_an_integer_column_with_decimals_after_the_sample_becomes_numeric(
    first: str, default: bool
) -> None:
    body = {i: [str(3673000 + i), f"Desa {i}", first if i == 0 else "5", "1"] for i in range(BIG)}
    body[BIG - 3] = ["1", "Desa", "12,5", "1"]
    rows = big_table(body)
    sample = stream.sampled(rows)
    assert sample.fields[2].type is ColumnType.INTEGER
    assert [n for n in sample.notes if n.code == "angka_indonesia"] == (
        [Note("angka_indonesia", {"kolom": "Jumlah"})] if default else []
    )
    result = assert_keeps_the_promise(rows)
    assert isinstance(result, Loaded)
    # 12,5 is no English number: the column is Indonesian for certain, no note
    assert result.readings[2] == ColumnReading(ColumnType.NUMERIC, Convention.INDONESIAN)
    assert result.values[BIG - 3][2] == "12.5"
    assert result.values[0][2] == ("1234" if default else "7")
    assert all(n.code != "angka_indonesia" for n in result.notes)


def test_an_ambiguous_number_after_the_sample_adds_the_note() -> None:
    rows = big_table({BIG - 3: ["1", "Desa", "2.500", "1"]})
    result = assert_keeps_the_promise(rows)
    assert isinstance(result, Loaded)
    assert result.readings[2] == ColumnReading(ColumnType.INTEGER, Convention.INDONESIAN, True)
    assert result.notes[-1] == Note("angka_indonesia", {"kolom": "Jumlah"})
    assert result.values[BIG - 3][2] == "2500"


def test_an_english_number_after_an_indonesian_sample_is_read_exactly() -> None:
    rows = big_table({BIG - 3: ["1", "Desa", "2,500.5", "1"]})
    rows[3][2] = "1.234"  # the sample fits both conventions
    assert read(rows, exact=False) == Misled("2,500.5")
    exact = read(rows, exact=True)
    assert isinstance(exact, Loaded)
    assert exact.readings[2] == ColumnReading(ColumnType.NUMERIC, Convention.ENGLISH)
    assert exact.values[0][2] == "1.234"
    assert_keeps_the_promise(rows)


# ---------------------------------------------------------------- random tables


def random_table(rng: random.Random) -> Rows:
    """A table of random columns, with now and then title rows, footnotes, short
    rows, a wide row, a footnote followed by data, a blank header at the end."""
    width, height = rng.randint(2, 5), rng.randint(0, 40)
    columns = [random_column(rng, height) for _ in range(width)]
    body: Rows = [[column[i] for column in columns] for i in range(height)]
    header = [f"Kolom {i + 1}" for i in range(width)]
    if rng.random() < 0.1:
        header[0] = "_kode"  # renamed, with a note
    trouble = rng.random()
    if trouble < 0.1 and body:  # a wide row
        body[rng.randrange(len(body))].append("lebih")
    elif trouble < 0.2 and body:  # a footnote, then data
        body.insert(rng.randrange(len(body)), ["Catatan: sementara"])
    elif trouble < 0.3:  # a blank header over an empty column, a value there now and then
        header.append("")
        for row in body:
            row.append("")
        if body and rng.random() < 0.5:
            body[rng.randrange(len(body))][-1] = "x"
    if rng.random() < 0.3:  # rows cut after their last value, as some writers do
        for row in body:
            while len(row) > 1 and not row[-1].strip() and rng.random() < 0.7:
                row.pop()
    titles: Rows = [[f"Tabel {rng.randint(1, 9)}"], [""]] if rng.random() < 0.4 else []
    notes: Rows = [["Sumber: BPS"], [""], ["Keterangan: -"]][: rng.randint(0, 3)]
    return [*titles, header, *body, *notes]


@pytest.mark.parametrize("seed", range(20))
def test_random_tables_keep_the_promise(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        rows = random_table(rng)
        # a small head and sample, so that cells come after the sample
        monkeypatch.setattr(table, "HEAD_ROWS", rng.randint(4, 8))
        monkeypatch.setattr(stream, "SAMPLE_ROWS", rng.randint(0, 20))
        assert_keeps_the_promise(rows)


def test_the_random_tables_reach_every_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generator is not degenerate: tables read from the sample, misled samples
    and each problem all occur."""
    rng = random.Random(7)
    seen: Counter[str] = Counter()
    for _ in range(400):
        rows = random_table(rng)
        monkeypatch.setattr(table, "HEAD_ROWS", rng.randint(4, 8))
        monkeypatch.setattr(stream, "SAMPLE_ROWS", rng.randint(0, 20))
        sampled, exact = read(rows, exact=False), read(rows, exact=True)
        seen[type(sampled).__name__] += 1
        if isinstance(sampled, Misled):
            seen[f"then {type(exact).__name__}"] += 1
        if isinstance(exact, Problem):
            seen[exact.code] += 1
        if isinstance(exact, Loaded):
            seen.update(n.code for n in exact.notes)
    for wanted in [
        "Loaded",
        "Misled",
        "then Loaded",
        "then Problem",
        "catatan_di_tengah",
        "baris_terlalu_lebar",
        "header_kosong",
        "judul_dilewati",
        "catatan_dilewati",
        "kolom_diganti",
    ]:
        assert seen[wanted] >= 5, (wanted, seen)


@pytest.mark.parametrize("seed", range(10))
def test_a_table_within_the_sample_never_mismatches(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(40):
        rows = random_table(rng)
        assert not isinstance(assert_keeps_the_promise(rows), Misled)


# ---------------------------------------------------------------- known discrepancies


def test_the_exact_reading_keeps_the_portals_convention_note() -> None:
    rows = rows_of("tahun;jumlah\n2022;1.234\n2023;2.500\n")
    sampled, exact = read(rows, exact=False), read(rows, exact=True)
    assert sampled == reference(rows)
    assert isinstance(sampled, Loaded)
    assert sampled.notes == [Note("angka_indonesia", {"kolom": "jumlah"})]
    assert exact == sampled


@pytest.mark.parametrize("exact", [False, True], ids=["sampled", "exact"])
def test_a_footnote_beyond_the_last_column_is_a_footnote(exact: bool) -> None:
    rows = rows_of("a;b\n1;2\n;;Sumber: BPS\n")
    assert reference(rows) == Loaded(
        [(1, "a", "a"), (2, "b", "b")],
        [ColumnReading(ColumnType.INTEGER, Convention.INDONESIAN)] * 2,
        [["1", "2"]],
        [Note("catatan_dilewati", {"baris": 1})],
        1,
    )
    assert read(rows, exact=exact) == reference(rows)  # stream: baris_terlalu_lebar


def test_a_wide_row_after_a_footnote_after_the_sample() -> None:
    rows = big_table({BIG - 10: ["Sumber: BPS", "", "", ""], BIG - 9: ["1", "a", "2", "3", "4"]})
    problem = Problem("catatan_di_tengah", {"baris": 3 + BIG - 9 + 1})
    assert reference(rows) == read(rows, exact=True) == problem
    assert read(rows, exact=False) == problem
