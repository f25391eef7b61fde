"""The "Serang Dalam Angka" page: the latest value of every indicator of the city's
published statistics tables in a chosen year, grouped by topic, like BPS's yearly
"Kota Serang Dalam Angka". Read as an anonymous visitor: only what is public."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import vocabulary
from . import data, series

log = logging.getLogger(__name__)

CACHE_SECONDS = 600
MAX_DATASETS = 1000
CHARTS_PER_TOPIC = 3


@dataclass(frozen=True)
class Entry:
    dataset: str  # name
    dataset_title: str
    resource_id: str
    indicator: str
    unit: str
    period: str
    value: str


@dataclass(frozen=True)
class Chart:
    """A table's totals over its periods, as the topic's chart shows them."""

    dataset: str
    title: str
    resource_id: str
    data: str  # Chart.js data, JSON


@dataclass(frozen=True)
class Topic:
    code: str
    label: str
    entries: list[Entry] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Publication:
    year: int | None
    years: list[int]
    topics: list[Topic]


def _public() -> Context:
    return cast(Context, {"user": "", "ignore_auth": False})


def _published() -> list[dict[str, Any]]:
    found = tk.get_action("package_search")(
        _public(), {"q": "*:*", "rows": MAX_DATASETS, "include_private": False}
    )
    return [d for d in found["results"] if any(r.get("datastore_active") for r in d["resources"])]


def _entries(dataset: dict[str, Any]) -> tuple[list[tuple[int, Entry]], list[Chart]]:
    """(year, entry) for every indicator and year of the dataset's tables, and each
    table's chart."""
    found: list[tuple[int, Entry]] = []
    charts: list[Chart] = []
    for resource in dataset["resources"]:
        try:
            table = data.table_of(_public(), resource)
        except (tk.NotAuthorized, tk.ValidationError):
            continue
        if table is None or table.too_large:
            continue
        pivot = series.pivot(table.records, table.roles, by_region=False)
        charts.append(
            Chart(
                dataset["name"], dataset["title"], resource["id"], json.dumps(series.chart(pivot))
            )
        )
        for row in pivot.rows:
            for period, value in row.values.items():
                year = series.year_of(period)
                if year is None or value is None:
                    continue
                found.append(
                    (
                        year,
                        Entry(
                            dataset["name"],
                            dataset["title"],
                            resource["id"],
                            row.indicator.label,
                            row.indicator.unit,
                            period,
                            series.plain(value),
                        ),
                    )
                )
    return found, charts


def _cache() -> Any:
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def publication(year: int | None) -> Publication:
    datasets = _published()
    version = hashlib.sha1(
        json.dumps(sorted((d["id"], d["metadata_modified"]) for d in datasets)).encode()
    ).hexdigest()
    key = f"satudata:sda:{version}"
    try:
        cached = _cache().get(key)
    except Exception:  # Redis away: compute, do not fail the page
        cached = None
    if cached:
        stored = json.loads(cached)
        everything = [(y, Entry(**e)) for y, e in stored["entries"]]
        charts = [Chart(**c) for c in stored["charts"]]
    else:
        everything, charts = [], []
        for dataset in datasets:
            entries, drawn = _entries(dataset)
            everything += entries
            charts += drawn
        stored = {
            "entries": [(y, asdict(e)) for y, e in everything],
            "charts": [asdict(c) for c in charts],
        }
        try:
            _cache().setex(key, CACHE_SECONDS, json.dumps(stored))
        except Exception:
            log.warning("Serang Dalam Angka not cached (Redis)", exc_info=True)
    years = sorted({y for y, _ in everything}, reverse=True)
    chosen = year if year in years else (years[0] if years else None)
    topics = _by_topic(datasets, [(y, e) for y, e in everything if y == chosen], charts)
    return Publication(chosen, years, topics)


def _by_topic(
    datasets: list[dict[str, Any]], entries: list[tuple[int, Entry]], charts: list[Chart]
) -> list[Topic]:
    topic_of = {d["name"]: str(d.get("topik") or "") for d in datasets}
    names = vocabulary.get("topik")
    # the latest period of the year per indicator (a monthly table shows December)
    latest: dict[tuple[str, str, str], Entry] = {}
    for _, entry in sorted(entries, key=lambda pair: series.period_key(pair[1].period)):
        latest[(entry.dataset, entry.resource_id, entry.indicator)] = entry
    grouped: dict[str, list[Entry]] = {}
    for entry in latest.values():
        grouped.setdefault(topic_of.get(entry.dataset, ""), []).append(entry)
    shown = {e.resource_id for e in latest.values()}
    drawn: dict[str, list[Chart]] = {}
    for chart in charts:
        if chart.resource_id in shown:
            drawn.setdefault(topic_of.get(chart.dataset, ""), []).append(chart)
    return [
        Topic(
            code,
            names.label(code) if code else tk._("Other"),
            sorted(items, key=lambda e: (e.dataset_title, e.indicator)),
            drawn.get(code, [])[:CHARTS_PER_TOPIC],
        )
        for code, items in sorted(
            grouped.items(), key=lambda pair: names.label(pair[0]) if pair[0] else "~"
        )
    ]
