"""The fast converters of loading/convert.py against the reference, cells.py + table.py.

The promise: a column converted with the reading of a sample either raises Mismatch
somewhere, or ends with the reading cells.column_type gives over all of its cells and
with the values table._value gives for that reading. Random columns (fixed seeds)
mix every kind of cell an Indonesian table holds.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ckanext.satudata_serang.loading import cells, convert, table
from ckanext.satudata_serang.loading.cells import ColumnReading, ColumnType, Convention
from ckanext.satudata_serang.loading.convert import Mismatch, NumberFacts
from ckanext.satudata_serang.loading.headers import Column

NUMBER_TYPES = (ColumnType.INTEGER, ColumnType.NUMERIC)
DATASTORE_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")

# ---------------------------------------------------------------- cells at random

Cell = Callable[[random.Random], str]


def _digits(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(rng.randint(low, high)))


def _grouped(number: int, separator: str) -> str:
    return format(number, ",").replace(",", separator)


def _magnitude(rng: random.Random) -> int:
    return rng.randint(0, 10 ** rng.randint(1, 12))


def plain(rng: random.Random) -> str:
    return str(_magnitude(rng))


def fifteen_digits(rng: random.Random) -> str:  # the most a column may hold
    return str(rng.randint(10**14, 10**15 - 1))


def code(rng: random.Random) -> str:  # a code with leading zeros: text
    return "0" + _digits(rng, 1, 6)


def signed_code(rng: random.Random) -> str:  # leading zeros behind a sign or before a comma
    return rng.choice(["-0", "+0", "0", "00"]) + rng.choice(
        [_digits(rng, 1, 4), f"{rng.randint(1, 9)},{_digits(rng, 1, 2)}", "1.234", ",5"]
    )


def id_grouped(rng: random.Random) -> str:
    text = _grouped(rng.randint(1000, 10**12), ".")
    return text + ("," + _digits(rng, 1, 3) if rng.random() < 0.4 else "")


def id_decimal(rng: random.Random) -> str:
    return f"{_magnitude(rng)},{_digits(rng, 1, 4)}"


def en_grouped(rng: random.Random) -> str:
    text = _grouped(rng.randint(1000, 10**12), ",")
    return text + ("." + _digits(rng, 1, 3) if rng.random() < 0.4 else "")


def en_decimal(rng: random.Random) -> str:
    return f"{_magnitude(rng)}.{_digits(rng, 1, 4)}"


def ambiguous(rng: random.Random) -> str:  # 1.234 and 1,234: a number either way
    head = rng.randint(0, 999)
    tail = rng.randint(1 if head == 0 else 0, 999)  # 0.000 is test_zero_… below
    return f"{head}{rng.choice('.,')}{tail:03d}"


def whole_decimals(rng: random.Random) -> str:  # 12,00: a whole number with decimals
    return rng.choice(["12,00", "1.234,50", "12.00", "1,234.00", "7,0", "3.000,000", "0,0"])


def too_long(rng: random.Random) -> str:  # more than 15 significant digits: text
    return rng.choice(
        [
            str(rng.randint(10**15, 10**19)),
            _grouped(rng.randint(10**15, 10**19), "."),
            _grouped(rng.randint(10**15, 10**19), ","),
            "1," + _digits(rng, 15, 17),
            "1." + _digits(rng, 15, 17),
            "0," + "0" * rng.randint(0, 20) + str(rng.randint(1, 10**15)),
        ]
    )


def signed(rng: random.Random) -> str:
    number = rng.choice([plain, id_grouped, id_decimal, en_grouped, en_decimal, ambiguous])
    return rng.choice("+-") + number(rng)


def nbsp_number(rng: random.Random) -> str:  # a non-breaking space as thousands separator
    separator = rng.choice(["\u00a0", ".\u00a0", "\u00a0."])
    return _grouped(rng.randint(1000, 10**9), ",").replace(",", separator)


def word(rng: random.Random) -> str:
    return rng.choice(
        ["abc", "-", "n/a", "1 234", "12,5%", "Rp 1.000", "—", "x1", "1.2.3", "1,2,3", "1e5"]
    )


def _some_day(rng: random.Random) -> date:
    return date(2000, 1, 1) + timedelta(days=rng.randint(0, 10_000))


def day_first(rng: random.Random) -> str:
    day = _some_day(rng)
    separator = rng.choice("/.-")
    if rng.random() < 0.5:
        return f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}"
    return f"{day.day}{separator}{day.month}{separator}{day.year}"


def impossible_day(rng: random.Random) -> str:
    return rng.choice(
        ["31/02/2024", "29-02-2023", "32.01.2024", "00/01/2024", "15/13/2024", "2024-02-30"]
    )


def almost_day(rng: random.Random) -> str:  # a day with something more: text
    return rng.choice(["31/12/2024 (sementara)", "1/1/20245", "31-12-2024a", "2024-12-311"])


def iso_day(rng: random.Random) -> str:
    return _some_day(rng).isoformat()


MONTH_NAMES = [name for name in cells.MONTHS if name.isalpha()]


def named_day(rng: random.Random) -> str:
    day = _some_day(rng)
    name = rng.choice([n for n in MONTH_NAMES if cells.MONTHS[n] == day.month])
    return f"{day.day} {rng.choice([name, name.title(), name.upper()])} {day.year}"


def month_only(rng: random.Random) -> str:  # a period, not a day: text
    return rng.choice(["Desember 2024", "Jan 2023", "31 Februari 2024", "31 Juni 2024"])


def empty(rng: random.Random) -> str:
    return rng.choice(["", " ", "\u00a0", "  \u00a0 "])


NUMBERS: list[Cell] = [
    plain,
    fifteen_digits,
    id_grouped,
    id_decimal,
    en_grouped,
    en_decimal,
    ambiguous,
    whole_decimals,
    signed,
    nbsp_number,
]
DAYS: list[Cell] = [day_first, iso_day, named_day]
ODD: list[Cell] = [code, signed_code, too_long, word, impossible_day, almost_day, month_only]
EVERY: list[Cell] = [*NUMBERS, *DAYS, *ODD]


def _zero_both_ways(cell: str) -> bool:
    """0.000 / 0,000: not plain, the same number in both conventions (known: see
    test_a_zero_with_three_decimals_is_not_ambiguous)."""
    reading = cells.read_number(cell)
    return (
        reading is not None
        and not re.fullmatch(r"[+-]?[0-9]+", cell.strip().replace("\u00a0", ""))
        and reading.indonesian is not None
        and reading.indonesian == reading.english
    )


def _dressed(rng: random.Random, text: str) -> str:
    """Spaces around, sometimes non-breaking ones."""
    roll = rng.random()
    if roll < 0.08:
        return f" {text} "
    if roll < 0.12:
        return f"\u00a0{text}"
    if roll < 0.15:
        return f"{text}\u00a0 "
    return text


def random_column(rng: random.Random, size: int | None = None) -> list[str]:
    """A column of one to three kinds of cell, with empties and now and then a cell of
    any kind (often late, where a sample would not see it)."""
    if size is None:
        size = rng.choice([1, 2, 3, 5, 8, 13, 30])
    pool = DAYS if rng.random() < 0.2 else NUMBERS
    kinds = [rng.choice(pool) for _ in range(rng.randint(1, 3))]
    empties = rng.choice([0.0, 0.1, 0.4, 0.9])
    intruders = rng.choice([0.0, 0.0, 0.03, 0.1])
    column: list[str] = []
    for _ in range(size):
        if rng.random() < empties:
            column.append(empty(rng))
            continue
        kind = rng.choice(EVERY) if rng.random() < intruders else rng.choice(kinds)
        text = _dressed(rng, kind(rng))
        if _zero_both_ways(text):
            text = "0"
        column.append(text)
    return column


# ---------------------------------------------------------------- the reference


@dataclass(frozen=True)
class Outcome:
    mismatch: str | None  # the cell that did not fit, or None
    reading: ColumnReading | None = None  # final_reading, when all cells fitted
    values: tuple[str | None, ...] = ()


def converted(column: Sequence[str], sample_size: int, seen_values: bool | None = None) -> Outcome:
    """The column through convert.py, its reading taken from its first cells."""
    sample = column[:sample_size]
    reading = cells.column_type(sample)
    if seen_values is None:
        seen_values = any(c.strip() for c in sample)
    facts = NumberFacts()
    convert_ = convert.converter(reading, facts, seen_values=seen_values)
    try:
        values = tuple(convert_(cell) for cell in column)
    except Mismatch as mismatch:
        return Outcome(mismatch.value)
    return Outcome(None, convert.final_reading(reading, facts), values)


def _field(reading: ColumnReading) -> table.Field:
    return table.Field(Column(1, "kolom", "kolom"), reading.type, reading.convention)


def reference_values(column: Sequence[str], reading: ColumnReading) -> list[str | None]:
    spec = _field(reading)
    return [table._value(cell, spec) for cell in column]  # pyright: ignore[reportPrivateUsage]


def same_value(got: str | None, want: str | None, type_: ColumnType) -> bool:
    """Numbers as numbers (convert keeps 1234.50, +5, 0000 as written; table formats
    the Decimal), anything else exactly."""
    if got is None or want is None:
        return got is want
    if type_ in NUMBER_TYPES:
        return bool(DATASTORE_NUMBER.match(got)) and Decimal(got) == Decimal(want)
    return got == want


def check_parity(column: Sequence[str], sample_size: int) -> Outcome:
    outcome = converted(column, sample_size)
    if outcome.mismatch is not None:
        assert sample_size < len(column), (
            f"Mismatch on {outcome.mismatch!r} though the sample was the whole column"
        )
        return outcome
    want = cells.column_type(column)
    assert outcome.reading == want, f"column {column!r}, sample of {sample_size}"
    expected = reference_values(column, want)
    for cell, got, value in zip(column, outcome.values, expected, strict=True):
        assert same_value(got, value, want.type), (
            f"cell {cell!r}: convert {got!r}, table {value!r} ({want}); column {column!r}"
        )
    return outcome


def needless(column: Sequence[str], sample_size: int) -> bool:
    """Whether a Mismatch would have been needless: the sample's reading (up to
    INTEGER → NUMERIC, which facts follow) is the column's reading over all cells."""
    sample = column[:sample_size]
    if not any(c.strip() for c in sample):
        return False  # an empty sample knows nothing: a value must fall back
    sampled, whole = cells.column_type(sample), cells.column_type(column)
    if sampled.type is ColumnType.DATE:
        return whole.type is ColumnType.DATE
    if sampled.type in NUMBER_TYPES:
        return whole.type in NUMBER_TYPES and whole.convention is sampled.convention
    return False


# ---------------------------------------------------------------- properties

SEEDS = range(40)
COLUMNS_PER_SEED = 400


@pytest.mark.parametrize("seed", SEEDS)
def test_a_sampled_converter_gives_the_whole_columns_reading_or_a_mismatch(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(COLUMNS_PER_SEED):
        column = random_column(rng)
        check_parity(column, rng.randint(0, len(column)))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_sample_of_the_whole_column_never_mismatches(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(COLUMNS_PER_SEED):
        column = random_column(rng)
        outcome = check_parity(column, len(column))
        assert outcome.mismatch is None
        # stream.exact: every column is taken to hold values
        exact = converted(column, len(column), seen_values=True)
        assert exact.mismatch is None, f"column {column!r}"
        assert exact.reading == cells.column_type(column)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_mismatch_is_raised_only_when_the_sample_misled(seed: int) -> None:
    rng = random.Random(2000 + seed)
    for _ in range(COLUMNS_PER_SEED):
        column = random_column(rng)
        size = rng.randint(0, len(column))
        outcome = converted(column, size)
        if outcome.mismatch is not None:
            assert not needless(column, size), (
                f"needless Mismatch on {outcome.mismatch!r}: column {column!r}, sample {size}"
            )


def test_the_random_columns_reach_every_outcome() -> None:
    """The generator is not degenerate: each type, both conventions, the default
    convention and mismatches all occur."""
    rng = random.Random(7)
    seen: Counter[object] = Counter()
    for _ in range(3000):
        column = random_column(rng)
        outcome = converted(column, rng.randint(0, len(column)))
        if outcome.mismatch is not None:
            seen["mismatch"] += 1
            continue
        assert outcome.reading is not None
        seen[outcome.reading.type] += 1
        seen[outcome.reading.convention] += 1
        seen["default"] += outcome.reading.chosen_by_default
    for wanted in [*ColumnType, *Convention, "mismatch", "default"]:
        assert seen[wanted] >= 20, (wanted, seen)


# ---------------------------------------------------------------- examples


@pytest.mark.parametrize(
    ("column", "sample_size", "reading", "values"),
    [
        (["1", "2", "12,5"], 2, ColumnReading(ColumnType.NUMERIC, Convention.INDONESIAN), None),
        (
            ["5", "1.234"],
            1,
            ColumnReading(ColumnType.INTEGER, Convention.INDONESIAN, True),
            ["5", "1234"],
        ),
        (
            ["1.234", "12,5"],
            1,
            ColumnReading(ColumnType.NUMERIC, Convention.INDONESIAN, False),
            ["1234", "12.5"],
        ),
        (
            ["1,234.5", "1.234"],
            1,
            ColumnReading(ColumnType.NUMERIC, Convention.ENGLISH),
            ["1234.5", "1.234"],
        ),
        (["12,00", "3"], 1, ColumnReading(ColumnType.INTEGER, Convention.INDONESIAN), None),
        ([" 1.234\u00a0", "1\u00a0234"], 2, None, None),
        (["31/12/2024", "31 Desember 2024"], 1, ColumnReading(ColumnType.DATE), None),
        (["", "  "], 1, ColumnReading(ColumnType.TEXT), [None, None]),
        (["a", "1"], 1, ColumnReading(ColumnType.TEXT), ["a", "1"]),
    ],
)
def test_examples_convert_as_the_whole_column_reads(
    column: list[str],
    sample_size: int,
    reading: ColumnReading | None,
    values: list[str | None] | None,
) -> None:
    outcome = check_parity(column, sample_size)
    assert outcome.mismatch is None
    if reading is not None:
        assert outcome.reading == reading
    if values is not None:
        assert list(outcome.values) == values


@pytest.mark.parametrize(
    ("column", "sample_size"),
    [
        (["1", "abc"], 1),  # a word in a number column
        (["1.234", "1,234.5"], 1),  # English after a sample read the Indonesian way
        (["5", "1.5"], 1),  # 1.5 is no Indonesian number: the column is English
        (["1,5", "1.5"], 1),  # both conventions: text
        (["1", "0254"], 1),  # a code with leading zeros
        (["1", "1234567890123456"], 1),  # 16 digits
        (["1", "1.234.567.890.123.456"], 1),
        (["1,5", "1,0000000000000001"], 1),
        (["31/12/2024", "31/02/2024"], 1),  # an impossible day
        (["31/12/2024", "Desember 2024"], 1),  # a month is no day
        (["31/12/2024", "2024"], 1),
        (["", "5"], 1),  # the sample saw nothing
        ([" ", "x"], 1),
    ],
)
def test_a_cell_the_sample_did_not_foresee_is_a_mismatch(
    column: list[str], sample_size: int
) -> None:
    outcome = check_parity(column, sample_size)
    assert outcome.mismatch == column[-1]


@pytest.mark.parametrize("cell", ["0.000", "0,000", "-0.000", "+0,000"])
def test_a_zero_with_three_decimals_is_not_ambiguous(cell: str) -> None:
    assert cells.column_type([cell, "5"]) == ColumnReading(
        ColumnType.INTEGER, Convention.INDONESIAN, chosen_by_default=False
    )
    check_parity([cell, "5"], 2)
