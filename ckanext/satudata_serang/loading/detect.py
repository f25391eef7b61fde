"""What a table file is before it is read: its text encoding, its delimiter, and
where the table starts below any title rows. Pure: bytes and strings in, decisions out.

- Encoding: a byte-order mark decides; else the whole file must be valid UTF-8 (not
  just its first kilobytes: a file whose first accented letter comes late is still
  UTF-8); else Windows-1252, the Excel "CSV" of Indonesian Windows, whose five
  undefined bytes make it ISO-8859-1.
- Delimiter: the one of ``; , tab |`` that splits the header and the rows below it into
  the same number of cells, more than one. ``;`` files with decimal commas
  (``1,5;2,5``) and headers with a comma (``luas (km2, 2024);jumlah``) are read right.
- Table start: title and blank rows above the header are skipped; the header is the
  first row as wide as the rows below it.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_ROWS = 200


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """The file's text and the encoding it was read in."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def _rows(text: str, delimiter: str, limit: int = SAMPLE_ROWS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        return []
    return rows


def filled(row: Sequence[str]) -> int:
    """How many cells of the row hold something."""
    return sum(1 for cell in row if cell.strip())


def _span(row: Sequence[str]) -> int:
    """How far right the row reaches: the position of its last filled cell."""
    return max((i + 1 for i, cell in enumerate(row) if cell.strip()), default=0)


def table_start(rows: Sequence[Sequence[str]]) -> int:
    """The index of the header row: the first row of at least two cells, most of them
    filled, that reaches as far right as most rows after it (title rows, blank rows
    and notes above a table are narrower; a header with a blank cell over a column
    of data still reaches as far, and is refused later, not taken for a title)."""
    spans = [_span(row) if filled(row) > 1 else 0 for row in rows]
    width = Counter(s for s in spans if s > 1).most_common(1)
    if not width:
        return 0
    target = width[0][0]
    for index, (row, span) in enumerate(zip(rows, spans, strict=True)):
        if span >= target and 2 * filled(row) >= span:
            return index
    return 0


def _score(rows: list[list[str]]) -> tuple[int, int]:
    """(cells in the rows as wide as the header, from the header on; those rows).
    Counting cells, not rows: a comma inside a title, a header and decimal numbers
    can split a ``;`` table into a narrow one that is just as regular."""
    start = table_start(rows)
    table = [row for row in rows[start:] if filled(row)]
    if not table:
        return (0, 0)
    width = len(table[0])
    if width < 2:
        return (0, 0)  # not split at all
    regular = sum(1 for row in table if len(row) == width)
    return (regular * width, regular)


def delimiter(text: str) -> str:
    """The delimiter of a delimited text table (``,`` when nothing splits it)."""
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:  # in order: a tie goes to the earlier one
        score = _score(_rows(text, candidate))
        if score > best_score:
            best, best_score = candidate, score
    return best
