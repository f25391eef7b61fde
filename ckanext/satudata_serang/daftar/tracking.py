"""Where each period of the Daftar Data stands, from the datasets linked to its
entry (fulfilment.py's rules), and the tallies per OPD for a year.

A linked dataset delivers what its resources hold: a resource's ``periode_data``, or
for a resource without one the dataset's years (tahun mulai … periode akhir / tahun
selesai). A revision of a published dataset waiting for the walidata delivers its
resources as submitted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from ckan import model

from ..metadata.jadwal import latest_period_end
from ..model.workflow import Revision
from ..workflow.status import FIELD as STATUS_FIELD
from . import periods, registry
from .fulfilment import Delivery, PeriodState, Tally, state_of
from .models import Entri

WAITING_REVISION = "menunggu"


def _year(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def dataset_span(extras: Mapping[str, Any]) -> periods.Period | None:
    """The years a dataset's metadata says its data covers."""
    first = _year(extras.get("tahun_mulai"))
    if first is None:
        return None
    last = _year(extras.get("tahun_selesai")) or first
    end_text = str(extras.get("periode_akhir") or "")
    end = latest_period_end(first, last, periods.read_day(end_text))
    if end is None or end < date(first, 1, 1):
        return None
    return periods.Period(date(first, 1, 1), end, "", "")


def _spans(
    resources: Iterable[Mapping[str, Any]], whole: periods.Period | None
) -> list[periods.Period]:
    spans: list[periods.Period] = []
    for resource in resources:
        code = str(resource.get(registry.PERIOD_FIELD) or "")
        span = periods.parse(code) if code else whole
        if span is not None:
            spans.append(span)
    return spans


def deliveries(package_ids: Sequence[str]) -> dict[str, list[Delivery]]:
    """What each dataset delivers (by dataset id)."""
    if not package_ids:
        return {}
    found: dict[str, list[Delivery]] = {}
    packages = model.Session.query(model.Package).filter(model.Package.id.in_(list(package_ids)))
    for package in packages:
        extras = package.extras or {}
        status = str(extras.get(STATUS_FIELD) or "draft")
        resources = [{**(r.extras or {})} for r in package.resources if r.state == "active"]
        found[package.id] = [
            Delivery(package.id, status, span) for span in _spans(resources, dataset_span(extras))
        ]
    revisions = model.Session.scalars(
        sa.select(Revision).where(
            Revision.package_id.in_(list(package_ids)), Revision.status == WAITING_REVISION
        )
    )
    for revision in revisions:
        data = revision.data or {}
        spans = _spans(data.get("resources") or [], dataset_span(data))
        found.setdefault(revision.package_id, []).extend(
            Delivery(revision.package_id, "diajukan", span, revision=True) for span in spans
        )
    return found


@dataclass
class EntryStates:
    """An entry, its linked datasets and where each of its periods stands."""

    entri: Entri
    datasets: list[str]
    states: dict[str, PeriodState] = field(default_factory=dict)  # by period id


def states(entries: Sequence[Entri], today: date) -> list[EntryStates]:
    linked = registry.linked_datasets(e.id for e in entries)
    delivered = deliveries([d for ids in linked.values() for d in ids])
    result: list[EntryStates] = []
    for entri in entries:
        datasets = linked.get(entri.id, [])
        mine = [d for dataset in datasets for d in delivered.get(dataset, [])]
        found = EntryStates(entri, datasets)
        for row in entri.periode:
            period = periods.Period(row.mulai, row.selesai, row.kode, "")
            found.states[row.id] = state_of(period, row.tenggat, mine, today)
        result.append(found)
    return result


@dataclass
class OpdTally:
    organization_id: str
    tally: Tally = field(default_factory=Tally)
    entries: int = 0


def compliance(entries: Sequence[Entri], today: date) -> list[OpdTally]:
    """The tallies of each OPD over ``entries`` (those of one year), in the order
    the OPDs first appear."""
    by_opd: dict[str, OpdTally] = {}
    for found in states(entries, today):
        row = by_opd.setdefault(found.entri.organization_id, OpdTally(found.entri.organization_id))
        row.entries += 1
        for period in found.entri.periode:
            row.tally.add(found.states[period.id], period.tenggat < today)
    return list(by_opd.values())


def city(tallies: Iterable[OpdTally]) -> Tally:
    """The whole city's tally."""
    total = Tally()
    for row in tallies:
        total.wajib += row.tally.wajib
        total.jatuh_tempo += row.tally.jatuh_tempo
        for state, count in row.tally.counts.items():
            total.counts[state] += count
    return total
