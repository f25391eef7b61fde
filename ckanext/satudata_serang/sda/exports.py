"""A pivot table as the files people download: CSV (UTF-8 with BOM, ``;``, so Excel
in Indonesia opens it right) and XLSX (numbers as numbers)."""

from __future__ import annotations

import csv
import io

from .series import Pivot


def header(table: Pivot, with_region: bool) -> list[str]:
    return ["Indikator", *(["Wilayah"] if with_region else []), "Satuan", *table.periods]


def as_csv(table: Pivot, with_region: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(table, with_region))
    for row in table.rows:
        values = [
            "" if v is None else format(v, "f").replace(".", ",") for v in row.values.values()
        ]
        region = [row.region or ""] if with_region else []
        writer.writerow([row.indicator.label, *region, row.indicator.unit, *values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(table: Pivot, with_region: bool, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Tabel")
    sheet.append(header(table, with_region))
    for row in table.rows:
        region = [row.region or ""] if with_region else []
        values = [None if v is None else float(v) for v in row.values.values()]
        sheet.append([row.indicator.label, *region, row.indicator.unit, *values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
