"""The Daftar Data from and to the Forum Satu Data's spreadsheets, in the database:
an import is all or nothing (one wrong row and nothing is written), an export
imported again changes nothing. The columns and the checks are spreadsheet.py's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from ckan import model

from ..background import in_site_request
from ..loading import messages
from ..loading.source import open_table
from ..loading.table import TableProblem
from . import registry, spreadsheet
from .values import EntryValues

FORMATS = ("xlsx", "csv")


@dataclass
class ImportResult:
    created: int
    updated: int
    errors: list[str] = field(default_factory=list)


def _table(path: Path, tahun: int | None) -> spreadsheet.Table:
    """The file's rows (raises TableProblem or spreadsheet.LayoutProblem)."""
    return spreadsheet.read(open_table(path).rows(), tahun)


def _refused(problem: TableProblem) -> str:
    # messages are msgids translated in a request of the site's language (Indonesian)
    with in_site_request():
        return messages.problem(problem.code, problem.values)


def import_file(path: Path, user: str | None, tahun: int | None = None) -> ImportResult:
    """Create the file's new entries and update those already listed (same year, OPD
    and nama), in one transaction; when any row is wrong, write nothing and return
    every error (``Baris 5, OPD: OPD “DINSOSX” tidak dikenal.``). ``tahun``: the
    year imported (a row of another year is an error; a blank Tahun is this one)."""
    try:
        table = _table(path, tahun)
    except TableProblem as problem:
        return ImportResult(0, 0, [_refused(problem)])
    except spreadsheet.LayoutProblem as problem:
        return ImportResult(0, 0, [str(problem)])
    checked, errors = spreadsheet.check(table, registry.known(), tahun)
    if errors:
        return ImportResult(0, 0, errors)
    created = updated = 0
    try:
        for _row, entry in checked:
            listed = registry.same_name(entry)
            if listed is None:
                registry.create(entry, user)
                created += 1
            elif registry.values_of(listed) != entry:
                registry.update(listed, entry)
                updated += 1
        model.Session.commit()
    except BaseException:
        model.Session.rollback()
        raise
    return ImportResult(created, updated, [])


def _opd_names() -> dict[str, str]:
    """How an export names each OPD: its singkatan when that names it alone on
    import, else its name (always unique)."""
    group = model.group_table
    known = registry.known().organizations
    rows = model.Session.execute(
        sa.select(group.c.id, group.c.name, group.c.extras["singkatan"].astext).where(
            group.c.is_organization.is_(True)
        )
    )
    named: dict[str, str] = {}
    for group_id, name, singkatan in rows:
        named[group_id] = singkatan if singkatan and known.get(singkatan) == group_id else name
    return named


def export_file(path: Path, tahun: int, fmt: str = "xlsx") -> int:
    """The Daftar Data of ``tahun`` written to ``path`` (``fmt``: xlsx or csv), by
    OPD and nama; the number of entries written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: xlsx atau csv")
    names = _opd_names()
    entries: list[tuple[str, EntryValues]] = [
        (names.get(e.organization_id, e.organization_id), registry.values_of(e))
        for e in registry.listing(tahun=tahun)
    ]
    entries.sort(key=lambda item: (item[0].lower(), item[1].nama.lower()))
    rows = [spreadsheet.row_of(values, opd) for opd, values in entries]
    if fmt == "csv":
        spreadsheet.write_csv(path, rows)
    else:
        spreadsheet.write_xlsx(path, rows, f"Daftar Data {tahun}")
    return len(rows)
