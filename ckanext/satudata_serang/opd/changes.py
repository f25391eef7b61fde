"""What an import of the OPD list changes: created, updated (which fields), unchanged,
and the portal's OPDs the file does not list (reported, never deleted). Pure: no CKAN
imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .records import KEYS, Entry, OpdRecord, Problem


class Action(StrEnum):
    CREATED = "dibuat"
    UPDATED = "diperbarui"
    UNCHANGED = "tidak berubah"


@dataclass(frozen=True)
class Change:
    record: OpdRecord
    action: Action
    fields: tuple[str, ...] = ()  # file keys whose value changes (updates only)


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    absent: tuple[OpdRecord, ...] = ()  # in the portal, not in the file: never deleted

    def _with(self, action: Action) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.action is action)

    @property
    def created(self) -> tuple[Change, ...]:
        return self._with(Action.CREATED)

    @property
    def updated(self) -> tuple[Change, ...]:
        return self._with(Action.UPDATED)

    @property
    def unchanged(self) -> tuple[Change, ...]:
        return self._with(Action.UNCHANGED)

    @property
    def writes(self) -> bool:
        return any(change.action is not Action.UNCHANGED for change in self.changes)

    def summary(self) -> str:
        return (
            f"{len(self.created)} dibuat, {len(self.updated)} diperbarui, "
            f"{len(self.unchanged)} tidak berubah"
        )


def differences(current: OpdRecord, incoming: OpdRecord) -> tuple[str, ...]:
    """File keys whose incoming value differs; a detail the file does not name (None)
    is no difference."""
    return tuple(
        key
        for key in KEYS
        if key != "url"
        and getattr(incoming, key) is not None
        and getattr(incoming, key) != getattr(current, key)
    )


def plan(existing: Mapping[str, OpdRecord], incoming: Sequence[OpdRecord]) -> Plan:
    """The file (``incoming``) against the portal's OPDs (``existing``, by URL)."""
    changes: list[Change] = []
    for record in incoming:
        current = existing.get(record.url)
        if current is None:
            changes.append(Change(record, Action.CREATED))
            continue
        changed = differences(current, record)
        changes.append(Change(record, Action.UPDATED if changed else Action.UNCHANGED, changed))
    listed = {record.url for record in incoming}
    absent = tuple(existing[url] for url in sorted(existing) if url not in listed)
    return Plan(tuple(changes), absent)


def conflicts(existing: Mapping[str, OpdRecord], entries: Sequence[Entry]) -> list[Problem]:
    """Rows that would leave two OPDs of the portal with one singkatan: DINKES in the
    file while the portal has DINKES at another URL (an OPD made by hand on the site)."""
    after = {**existing, **{entry.record.url: entry.record for entry in entries}}
    urls_by_singkatan: dict[str, list[str]] = {}
    for url, record in after.items():
        urls_by_singkatan.setdefault(record.singkatan.casefold(), []).append(url)
    problems: list[Problem] = []
    for entry in entries:
        others = [
            url
            for url in urls_by_singkatan.get(entry.record.singkatan.casefold(), [])
            if url != entry.record.url
        ]
        if others:
            problems.append(
                Problem(
                    entry.row,
                    "singkatan",
                    f"singkatan {entry.record.singkatan} sudah dipakai OPD lain di portal "
                    f"(URL {', '.join(sorted(others))}); bila itu OPD yang sama, isi kolom url "
                    "dengan URL tersebut",
                )
            )
    return problems
