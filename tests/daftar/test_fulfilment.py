"""Where one period of the Daftar Data stands given the datasets that deliver it, and an
OPD's tally (daftar/fulfilment.py)."""

from __future__ import annotations

from datetime import date

import pytest

from ckanext.satudata_serang.daftar import periods
from ckanext.satudata_serang.daftar.fulfilment import (
    Delivery,
    PeriodState,
    State,
    Tally,
    state_of,
)
from ckanext.satudata_serang.daftar.periods import Period

# Triwulan II 2026 ends 30 June and is due 31 July 2026
DEADLINE = date(2026, 7, 31)
BEFORE = date(2026, 7, 15)
ON_THE_DAY = DEADLINE
AFTER = date(2026, 8, 1)


def _period(code: str) -> Period:
    found = periods.parse(code)
    assert found is not None, code
    return found


Q2 = _period("2026-T2")


def _delivers(
    status: str, code: str = "2026-T2", dataset: str = "ds-1", revision: bool = False
) -> Delivery:
    return Delivery(dataset, status, _period(code), revision)


def _state(*deliveries: Delivery, today: date = BEFORE) -> PeriodState:
    return state_of(Q2, DEADLINE, deliveries, today)


# --- one dataset, each status -----------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "before", "after"),
    [
        ("ditayangkan", State.TERPENUHI, State.TERPENUHI),
        ("diajukan", State.DIAJUKAN, State.DIAJUKAN),
        ("pemeriksaan_pembina", State.DIAJUKAN, State.DIAJUKAN),
        ("disetujui", State.DIAJUKAN, State.DIAJUKAN),
        ("perlu_perbaikan", State.DIKEMBALIKAN, State.TERLAMBAT),
        ("draft", State.BELUM, State.TERLAMBAT),
        ("ditarik", State.BELUM, State.TERLAMBAT),
    ],
)
def test_a_dataset_covering_the_period_before_and_after_the_deadline(
    status: str, before: State, after: State
) -> None:
    assert _state(_delivers(status), today=BEFORE).state is before
    assert _state(_delivers(status), today=AFTER).state is after


def test_nothing_delivered_is_belum_until_the_deadline_then_terlambat() -> None:
    assert _state(today=BEFORE) == PeriodState(State.BELUM)
    assert _state(today=ON_THE_DAY) == PeriodState(State.BELUM)  # the deadline day still counts
    assert _state(today=AFTER) == PeriodState(State.TERLAMBAT)


def test_published_names_the_datasets_that_deliver() -> None:
    assert _state(_delivers("ditayangkan")) == PeriodState(State.TERPENUHI, datasets=("ds-1",))


def test_published_after_the_deadline_is_still_terpenuhi() -> None:
    # judged long after the deadline, with nothing to tell it was late
    state = _state(_delivers("ditayangkan"), today=date(2027, 3, 1))
    assert state == PeriodState(State.TERPENUHI, datasets=("ds-1",))


def test_submitted_is_diajukan_even_after_the_deadline() -> None:
    assert _state(_delivers("diajukan"), today=AFTER) == PeriodState(
        State.DIAJUKAN, datasets=("ds-1",)
    )


def test_returned_before_the_deadline_is_dikembalikan() -> None:
    assert _state(_delivers("perlu_perbaikan"), today=BEFORE) == PeriodState(
        State.DIKEMBALIKAN, returned=True, datasets=("ds-1",)
    )


def test_returned_and_past_the_deadline_is_late_and_still_marked_returned() -> None:
    assert _state(_delivers("perlu_perbaikan"), today=AFTER) == PeriodState(
        State.TERLAMBAT, returned=True, datasets=("ds-1",)
    )


def test_late_without_anything_returned_is_not_marked_returned() -> None:
    assert _state(_delivers("draft"), today=AFTER) == PeriodState(State.TERLAMBAT)


# --- revisions --------------------------------------------------------------------------


def test_a_revision_waiting_for_the_walidata_is_diajukan() -> None:
    # what tracking.py builds for a revision of a published dataset
    revision = _delivers("diajukan", revision=True)
    assert _state(revision, today=AFTER) == PeriodState(State.DIAJUKAN, datasets=("ds-1",))


def test_a_revision_adding_a_period_does_not_count_as_published() -> None:
    published_q1 = _delivers("ditayangkan", "2026-T1")
    revision_q2 = _delivers("ditayangkan", revision=True)
    assert _state(published_q1, revision_q2).state is State.DIAJUKAN


def test_a_published_dataset_with_a_revision_pending_stays_terpenuhi() -> None:
    published = _delivers("ditayangkan")
    revision = _delivers("diajukan", revision=True)
    assert _state(published, revision, today=AFTER) == PeriodState(
        State.TERPENUHI, datasets=("ds-1",)
    )


# --- several datasets ------------------------------------------------------------------


def test_the_best_standing_dataset_decides() -> None:
    returned = _delivers("perlu_perbaikan", dataset="lama")
    submitted = _delivers("diajukan", dataset="baru")
    published = _delivers("ditayangkan", dataset="tayang")
    assert _state(returned, submitted, today=AFTER) == PeriodState(
        State.DIAJUKAN, datasets=("baru",)
    )
    assert _state(returned, submitted, published, today=AFTER) == PeriodState(
        State.TERPENUHI, datasets=("tayang",)
    )


def test_each_dataset_is_named_once_in_the_order_given() -> None:
    # one dataset, two resources (a year's table and the quarter's own)
    state = _state(
        _delivers("ditayangkan", "2026", dataset="b"),
        _delivers("ditayangkan", "2026-T2", dataset="a"),
        _delivers("ditayangkan", "2026-T2", dataset="b"),
    )
    assert state == PeriodState(State.TERPENUHI, datasets=("b", "a"))


# --- what covers the period ------------------------------------------------------------


@pytest.mark.parametrize("code", ["2026", "2026-S1", "2025-2026", "2026-T2"])
def test_a_resource_whose_span_holds_the_period_delivers_it(code: str) -> None:
    assert _state(_delivers("ditayangkan", code)).state is State.TERPENUHI


@pytest.mark.parametrize("code", ["2026-05", "2026-T1", "2026-T3", "2025", "2027", "2026-C2"])
def test_a_resource_of_another_or_smaller_span_does_not(code: str) -> None:
    # a month is not the quarter; May–August (C2) is not April–June
    assert _state(_delivers("ditayangkan", code), today=AFTER) == PeriodState(State.TERLAMBAT)


# --- across the year boundary ---------------------------------------------------------


def test_the_last_quarter_is_judged_on_the_next_years_dates() -> None:
    q4 = _period("2026-T4")
    deadline = periods.default_deadline("triwulanan", q4)
    assert deadline == date(2027, 1, 31)
    assert state_of(q4, deadline, [], date(2026, 12, 31)).state is State.BELUM
    assert state_of(q4, deadline, [], date(2027, 1, 31)).state is State.BELUM
    assert state_of(q4, deadline, [], date(2027, 2, 1)).state is State.TERLAMBAT
    returned = [Delivery("ds-1", "perlu_perbaikan", q4)]
    assert state_of(q4, deadline, returned, date(2027, 1, 10)) == PeriodState(
        State.DIKEMBALIKAN, True, ("ds-1",)
    )
    published = [Delivery("ds-1", "ditayangkan", _period("2026"))]
    assert state_of(q4, deadline, published, date(2027, 6, 1)).state is State.TERPENUHI


def test_the_last_week_of_2026_is_delivered_by_a_resource_of_both_years() -> None:
    w53 = _period("2026-W53")  # 28 December 2026 – 3 January 2027
    deadline = periods.default_deadline("mingguan", w53)
    assert deadline == date(2027, 1, 10)
    year_2026 = [Delivery("ds-1", "ditayangkan", _period("2026"))]
    assert state_of(w53, deadline, year_2026, date(2027, 1, 11)).state is State.TERLAMBAT
    both = [Delivery("ds-1", "ditayangkan", _period("2026-2027"))]
    assert state_of(w53, deadline, both, date(2027, 1, 11)).state is State.TERPENUHI


# --- tallies ------------------------------------------------------------------------------


def test_an_opd_owing_nothing_has_zero_percent_not_an_error() -> None:
    tally = Tally()
    assert tally.persen(State.TERPENUHI) == 0.0
    assert tally.as_dict() == {
        "wajib": 0, "jatuh_tempo": 0, "terpenuhi": 0, "diajukan": 0, "terlambat": 0,
        "dikembalikan": 0, "belum": 0, "persen_terpenuhi": 0.0, "persen_diajukan": 0.0,
        "persen_terlambat": 0.0,
    }  # fmt: skip


def test_a_tally_counts_each_state_and_the_periods_fallen_due() -> None:
    tally = Tally()
    tally.add(PeriodState(State.TERPENUHI, datasets=("a",)), due=True)
    tally.add(PeriodState(State.TERLAMBAT, returned=True), due=True)
    tally.add(PeriodState(State.DIAJUKAN), due=True)
    tally.add(PeriodState(State.DIKEMBALIKAN, returned=True), due=False)
    tally.add(PeriodState(State.BELUM), due=False)
    tally.add(PeriodState(State.BELUM), due=False)
    assert tally.as_dict() == {
        "wajib": 6, "jatuh_tempo": 3, "terpenuhi": 1, "diajukan": 1, "terlambat": 1,
        "dikembalikan": 1, "belum": 2, "persen_terpenuhi": 16.7, "persen_diajukan": 16.7,
        "persen_terlambat": 16.7,
    }  # fmt: skip
    assert tally.persen(State.BELUM) == 33.3


def test_percentages_are_rounded_to_one_decimal() -> None:
    tally = Tally()
    for state in (State.TERPENUHI, State.TERPENUHI, State.TERLAMBAT):
        tally.add(PeriodState(state), due=True)
    assert tally.persen(State.TERPENUHI) == 66.7
    assert tally.persen(State.TERLAMBAT) == 33.3
    assert tally.persen(State.DIAJUKAN) == 0.0
    for _ in range(5):
        tally.add(PeriodState(State.TERPENUHI), due=False)
    assert tally.persen(State.TERPENUHI) == 87.5  # 7 of 8


def test_a_whole_year_of_quarters_tallied_in_mid_may() -> None:
    today = date(2026, 5, 15)
    deliveries = [
        Delivery("q1", "ditayangkan", _period("2026-T1")),
        Delivery("q2", "diajukan", _period("2026-T2")),
    ]
    tally = Tally()
    for period in periods.periods_of_year("triwulanan", 2026):
        deadline = periods.default_deadline("triwulanan", period)
        tally.add(state_of(period, deadline, deliveries, today), due=deadline < today)
    assert tally.as_dict() == {
        "wajib": 4, "jatuh_tempo": 1, "terpenuhi": 1, "diajukan": 1, "terlambat": 0,
        "dikembalikan": 0, "belum": 2, "persen_terpenuhi": 25.0, "persen_diajukan": 25.0,
        "persen_terlambat": 0.0,
    }  # fmt: skip


def test_tallies_do_not_share_their_counts() -> None:
    first, second = Tally(), Tally()
    first.add(PeriodState(State.TERPENUHI), due=True)
    assert second.counts[State.TERPENUHI] == 0
    assert second.wajib == 0
