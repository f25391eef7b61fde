"""A statistics table read as time series: which column is the period, which the
region, which the indicators, and the pivot indikator × periode (× wilayah). Pure:
records and column descriptions in, tables and chart data out.

The Data Dictionary's ``peran`` (role) decides; without it, the column names do
(``tahun``/``periode``/``bulan`` is the period, ``kecamatan``/``kelurahan``/``wilayah``
the region) and every number column is an indicator. Values of an indicator are added
up over regions only when they are counts (ukuran "jumlah" or not described): a rate
or a percentage summed over kecamatan would be a wrong number.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..loading.cells import MONTHS

PERIOD_NAMES = ("tahun", "periode", "bulan", "year", "triwulan", "semester")
REGION_NAMES = ("kecamatan", "kelurahan", "desa", "wilayah", "nama_kecamatan")
NUMBER_TYPES = frozenset({"int", "int4", "int8", "integer", "bigint", "numeric", "float8"})
ADDITIVE_MEASURES = frozenset({"", "jumlah", "panjang", "luas", "volume", "nilai"})
# without a dictionary, a column named like a rate is not added up
RATE_NAMES = re.compile(r"persen|rasio|rata|indeks|tingkat|laju|median|proporsi")
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])")


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    unit: str = ""  # satuan label, for the table
    additive: bool = True  # may be summed over regions


@dataclass(frozen=True)
class Roles:
    period: str
    indicators: tuple[Indicator, ...]
    region: str | None = None


def _role(info: Mapping[str, Any]) -> str:
    return str(info.get("peran") or "")


def roles(fields: Sequence[Mapping[str, Any]], unit_label: Any = lambda code: code) -> Roles | None:
    """The table's roles from datastore_info fields (id, type, info), or None when it
    is not a time series (no period or no number indicator)."""
    described = _described(fields)
    period = region = None
    indicators: list[Indicator] = []
    for spec, role in _roles_of(fields):
        column, kind = str(spec["id"]), str(spec.get("type") or "")
        info = spec.get("info") or {}
        if role == "periode" and period is None:
            period = column
        elif role == "wilayah" and region is None:
            region = column
        elif role == "indikator" and kind in NUMBER_TYPES:
            satuan = str(info.get("satuan") or "")
            unit = str(info.get("satuan_lainnya") or "") if satuan == "lainnya" else satuan
            indicators.append(
                Indicator(
                    column,
                    str(info.get("label") or column),
                    unit_label(unit) if unit and satuan != "lainnya" else unit,
                    _additive(column, info, described),
                )
            )
    if period is None or not indicators:
        return None
    return Roles(period, tuple(indicators), region)


def _described(fields: Sequence[Mapping[str, Any]]) -> bool:
    return any(_role(f.get("info") or {}) for f in fields)


def _roles_of(fields: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], str]]:
    """Each field with its role: the dictionary's, or (no column described) the one
    its name and type suggest."""
    described = _described(fields)
    return [
        (
            spec,
            _role(spec.get("info") or {})
            if described
            else _guess(str(spec["id"]), str(spec.get("type") or "")),
        )
        for spec in fields
    ]


def dimensions(fields: Sequence[Mapping[str, Any]]) -> tuple[str, str] | None:
    """The region and the period column of a table with both (datastore_info fields):
    what its readers filter on together (per kecamatan per tahun)."""
    found = dict[str, str]()
    for spec, role in _roles_of(fields):
        found.setdefault(role, str(spec["id"]))
    if "wilayah" in found and "periode" in found:
        return found["wilayah"], found["periode"]
    return None


def _additive(column: str, info: Mapping[str, Any], described: bool) -> bool:
    if described or info.get("ukuran"):
        return str(info.get("ukuran") or "") in ADDITIVE_MEASURES
    return RATE_NAMES.search(column.lower()) is None


def _guess(column: str, kind: str) -> str:
    name = column.strip().lower()
    if name in PERIOD_NAMES:
        return "periode"
    if name in REGION_NAMES:
        return "wilayah"
    if kind in NUMBER_TYPES and not name.startswith(("kode", "no", "id")):
        return "indikator"
    return ""


def period_key(value: Any) -> tuple[int, int, str]:
    """Periods in time order: the year, then the month when one is named."""
    text = str(value)
    found = _YEAR.search(text)
    year = int(found.group(1)) if found else 0
    month = next((n for word, n in MONTHS.items() if word in text.lower().split()), 0)
    return (year, month, text)


def year_of(value: Any) -> int | None:
    found = _YEAR.search(str(value))
    return int(found.group(1)) if found else None


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    region: str | None
    values: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Pivot:
    periods: list[str]
    rows: list[Row]


def pivot(records: Iterable[Mapping[str, Any]], table: Roles, by_region: bool) -> Pivot:
    """indikator × periode, by region or over regions. Several values for one cell
    (regions, or other breakdowns) are added up for counts with every part known;
    otherwise the cell stays empty rather than show a wrong total."""
    collected: dict[tuple[str, str | None, str], list[Decimal | None]] = defaultdict(list)
    periods: set[str] = set()
    regions: set[str] = set()
    for record in records:
        raw_period = record.get(table.period)
        if raw_period is None or str(raw_period).strip() == "":
            continue
        period = str(raw_period)
        periods.add(period)
        region = str(record.get(table.region) or "") if table.region else None
        if region is not None:
            regions.add(region)
        for indicator in table.indicators:
            key = (indicator.id, region if by_region else None, period)
            collected[key].append(_number(record.get(indicator.id)))
    ordered = sorted(periods, key=period_key)
    rows: list[Row] = []
    for indicator in table.indicators:
        for region in sorted(regions) if (by_region and table.region) else [None]:
            values = {
                p: _combined(collected.get((indicator.id, region, p), []), indicator.additive)
                for p in ordered
            }
            rows.append(Row(indicator, region, values))
    return Pivot(ordered, rows)


def _combined(values: list[Decimal | None], additive: bool) -> Decimal | None:
    """One cell from the rows that fall in it: a total only when it is one (counts,
    every part known)."""
    if len(values) == 1:
        return values[0]
    if not values or not additive or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def chart(table: Pivot) -> dict[str, Any]:
    """Chart.js data: periods as labels, one line per row (numbers as floats)."""
    return {
        "labels": table.periods,
        "datasets": [
            {
                "label": row.indicator.label + (f" – {row.region}" if row.region else ""),
                "data": [None if v is None else float(v) for v in row.values.values()],
            }
            for row in table.rows
        ],
    }


def plain(value: Decimal | None) -> str:
    """A value as the tables write it: Indonesian grouping and decimal comma."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(abs(value), "f").partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")
