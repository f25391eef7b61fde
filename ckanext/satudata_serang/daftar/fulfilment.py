"""Whether each period of the Daftar Data was delivered, and the tallies of an OPD.
Pure: no CKAN.

A period is
- ``terpenuhi`` when a linked dataset that is ``ditayangkan`` (published) has a
  resource covering it (whenever it was published: after the deadline too);
- else ``diajukan`` when a linked dataset waiting for the walidata (diajukan,
  pemeriksaan pembina, disetujui) or a revision of a published one waiting for
  them covers it: submitted, not yet verified;
- else ``terlambat`` when its deadline has passed;
- else ``dikembalikan`` when the walidata returned the dataset that covers it;
- else ``belum``: not yet due.
A period returned by the walidata and past its deadline is ``terlambat`` and still
``dikembalikan`` for the OPD's list (``returned``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .periods import Period

PUBLISHED = frozenset({"ditayangkan"})
WAITING = frozenset({"diajukan", "pemeriksaan_pembina", "disetujui"})
RETURNED = frozenset({"perlu_perbaikan"})


class State(StrEnum):
    TERPENUHI = "terpenuhi"
    DIAJUKAN = "diajukan"
    TERLAMBAT = "terlambat"
    DIKEMBALIKAN = "dikembalikan"
    BELUM = "belum"


@dataclass(frozen=True)
class Delivery:
    """What one linked dataset holds for the Daftar Data: the span of one of its
    resources (or of the dataset, for a resource without its own period)."""

    dataset_id: str
    status: str  # the dataset's workflow status
    span: Period
    revision: bool = False  # in a revision waiting for the walidata


@dataclass(frozen=True)
class PeriodState:
    state: State
    returned: bool = False
    datasets: tuple[str, ...] = ()  # the datasets that cover the period


def state_of(
    period: Period, deadline: date, deliveries: Iterable[Delivery], today: date
) -> PeriodState:
    covering = [d for d in deliveries if d.span.covers(period)]
    published = [d for d in covering if d.status in PUBLISHED and not d.revision]
    waiting = [d for d in covering if d.revision or d.status in WAITING]
    returned = [d for d in covering if d.status in RETURNED and not d.revision]
    if published:
        return PeriodState(State.TERPENUHI, datasets=_ids(published))
    if waiting:
        return PeriodState(State.DIAJUKAN, datasets=_ids(waiting))
    if deadline < today:
        return PeriodState(State.TERLAMBAT, bool(returned), _ids(returned))
    if returned:
        return PeriodState(State.DIKEMBALIKAN, True, _ids(returned))
    return PeriodState(State.BELUM)


def _ids(deliveries: Sequence[Delivery]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.dataset_id for d in deliveries))


@dataclass
class Tally:
    """The periods an OPD owes (``wajib``) and where each stands."""

    wajib: int = 0
    counts: dict[State, int] = field(default_factory=lambda: dict.fromkeys(State, 0))
    jatuh_tempo: int = 0  # periods whose deadline has passed

    def add(self, state: PeriodState, due: bool) -> None:
        self.wajib += 1
        self.counts[state.state] += 1
        self.jatuh_tempo += int(due)

    def persen(self, state: State) -> float:
        """The share of the periods owed, in percent (0 when nothing is owed)."""
        return round(100 * self.counts[state] / self.wajib, 1) if self.wajib else 0.0

    def as_dict(self) -> dict[str, int | float]:
        result: dict[str, int | float] = {"wajib": self.wajib, "jatuh_tempo": self.jatuh_tempo}
        for state in State:
            result[state.value] = self.counts[state]
        for state in (State.TERPENUHI, State.DIAJUKAN, State.TERLAMBAT):
            result[f"persen_{state.value}"] = self.persen(state)
        return result
