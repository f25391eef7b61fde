"""Column names from a table's header row, as the DataStore can keep them.

Names stay as written, with only what the DataStore or PostgreSQL cannot hold changed,
and every change reported: runs of spaces and line breaks (merged spreadsheet cells)
become one space; a leading ``_`` (reserved for the DataStore's own columns) and
control characters are dropped; ``"`` becomes ``'``; a name longer than PostgreSQL's
63 bytes is cut, with `` (2)``, `` (3)`` … when two names become one by the cut.
A blank header over a column with data, and two columns with the same name, are the
uploader's to fix: they are refused (codes ``header_kosong``, ``header_ganda``) rather
than guessed at. Empty columns at the right end (no header, no data) are left out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MAX_BYTES = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1)


class HeaderProblem(Exception):
    """A header the uploader must fix; ``columns`` are 1-based positions."""

    def __init__(self, code: str, columns: list[int], name: str = "") -> None:
        super().__init__(code, columns, name)
        self.code = code
        self.columns = columns
        self.name = name


@dataclass(frozen=True)
class Column:
    position: int  # 1-based, as the uploader counts
    written: str  # the header cell as it is in the file
    name: str  # the DataStore column

    @property
    def changed(self) -> bool:
        return self.name != self.written


def _clean(cell: str) -> str:
    text = " ".join(cell.split())
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    return text.replace('"', "'").lstrip("_").strip()


def _cut(name: str, limit: int = MAX_BYTES) -> str:
    encoded = name.encode("utf-8")
    if len(encoded) <= limit:
        return name
    return encoded[:limit].decode("utf-8", errors="ignore").rstrip()


def columns(header: Sequence[str], has_data: Sequence[bool]) -> list[Column]:
    """The table's columns from its header row; ``has_data[i]``: whether column i
    has any value below the header. Raises HeaderProblem."""
    width = len(header)
    while width and not header[width - 1].strip() and not _at(has_data, width - 1):
        width -= 1
    blank = [i + 1 for i in range(width) if not _clean(header[i])]
    if blank:
        raise HeaderProblem("header_kosong", blank)
    cleaned = [_clean(header[i]) for i in range(width)]
    seen: dict[str, int] = {}
    for position, name in enumerate(cleaned, start=1):
        if name in seen:
            raise HeaderProblem("header_ganda", [seen[name], position], name)
        seen[name] = position
    names: list[str] = []
    for name in cleaned:
        cut, number = _cut(name), 1
        while cut in names:
            number += 1
            suffix = f" ({number})"
            cut = _cut(name, MAX_BYTES - len(suffix.encode())) + suffix
        names.append(cut)
    return [Column(i + 1, header[i], names[i]) for i in range(width)]


def _at(flags: Sequence[bool], index: int) -> bool:
    return index < len(flags) and flags[index]
