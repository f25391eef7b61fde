"""What a harvest does to a dataset, by its verification status. Pure.

- A new record becomes a dataset of the source's OPD: ``ditayangkan`` when the source
  is trusted (``terpercaya``), else ``diajukan`` (the walidata checks it).
- A record unchanged since the last harvest changes nothing.
- A changed record of a published dataset: a trusted source applies it; any other
  source's change waits as the dataset's revision (the public keeps the published
  version until the walidata approves it), as a produsen's change would.
- A changed record of a dataset the walidata withdrew (``ditarik``) updates it and
  it stays withdrawn: the walidata's decision stands.
- A changed record of a dataset in any other status (submitted, returned, approved,
  with the pembina) is checked again: ``diajukan``, or ``ditayangkan`` when trusted.
- A record gone from the source withdraws its dataset (``ditarik``, with a note),
  never deletes it; if it comes back, it is treated like a new record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..workflow.states import Status


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REVISION = "revision"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Decision:
    action: Action
    status: Status | None = None  # the status after the harvest (None: unchanged)


def fresh_status(trusted: bool) -> Status:
    return Status.DITAYANGKAN if trusted else Status.DIAJUKAN


def on_record(
    current: Status | None, *, trusted: bool, changed: bool, reappeared: bool = False
) -> Decision:
    """``current``: the dataset's status, None when the record is new; ``reappeared``:
    the last harvest withdrew it because the source no longer had it."""
    if current is None:
        return Decision(Action.CREATE, fresh_status(trusted))
    if reappeared and current is Status.DITARIK:
        return Decision(Action.UPDATE, fresh_status(trusted))
    if not changed:
        return Decision(Action.UNCHANGED)
    if current is Status.DITAYANGKAN:
        return Decision(Action.UPDATE, current) if trusted else Decision(Action.REVISION, current)
    if current is Status.DITARIK:
        return Decision(Action.UPDATE, current)
    return Decision(Action.UPDATE, fresh_status(trusted))


def on_removal(current: Status) -> Status | None:
    """A record gone from the source: withdraw its dataset (None: it already is)."""
    return None if current is Status.DITARIK else Status.DITARIK
