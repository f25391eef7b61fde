"""The periods a Daftar Data entry owes in its year, their codes, labels and deadlines
(daftar/periods.py). Every date below is computed by hand from a calendar."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from ckanext.satudata_serang import vocabulary
from ckanext.satudata_serang.daftar import periods
from ckanext.satudata_serang.daftar.periods import Period


def _owed(frekuensi: str, year: int) -> list[tuple[str, str, date, date, date]]:
    """Each period owed: code, label, first day, last day, deadline."""
    return [
        (p.code, p.label, p.start, p.end, periods.default_deadline(frekuensi, p))
        for p in periods.periods_of_year(frekuensi, year)
    ]


def _code(code: str) -> Period:
    found = periods.parse(code)
    assert found is not None, code
    return found


def test_every_frekuensi_of_the_vocabulary_has_a_deadline_rule() -> None:
    assert set(periods.LAGS) == {t.code for t in vocabulary.get("frekuensi")}
    assert set(periods.LAGS) == {
        "harian", "mingguan", "bulanan", "triwulanan", "empat_bulanan", "semesteran",
        "tahunan", "dua_tahunan", "ad_hoc",
    }  # fmt: skip


def test_an_unknown_frekuensi_owes_nothing_but_fails_loudly() -> None:
    with pytest.raises(KeyError):
        periods.periods_of_year("tiap_jam", 2026)


# --- deadlines, frekuensi by frekuensi ------------------------------------------------


def test_quarterly_data_is_due_a_month_after_each_quarter_the_last_in_january() -> None:
    assert _owed("triwulanan", 2026) == [
        ("2026-T1", "Triwulan I 2026", date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30)),
        ("2026-T2", "Triwulan II 2026", date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 31)),
        ("2026-T3", "Triwulan III 2026", date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 31)),
        ("2026-T4", "Triwulan IV 2026", date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 31)),
    ]


def test_four_monthly_data_is_due_a_month_after_each_caturwulan() -> None:
    assert _owed("empat_bulanan", 2026) == [
        ("2026-C1", "Caturwulan I 2026", date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 31)),
        ("2026-C2", "Caturwulan II 2026", date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 30)),
        ("2026-C3", "Caturwulan III 2026", date(2026, 9, 1), date(2026, 12, 31), date(2027, 1, 31)),
    ]


def test_semester_data_is_due_two_months_later_the_second_at_february_end() -> None:
    assert _owed("semesteran", 2026) == [
        ("2026-S1", "Semester I 2026", date(2026, 1, 1), date(2026, 6, 30), date(2026, 8, 31)),
        ("2026-S2", "Semester II 2026", date(2026, 7, 1), date(2026, 12, 31), date(2027, 2, 28)),
    ]
    # before a leap year the second semester is due on 29 February
    assert _owed("semesteran", 2027)[1][4] == date(2028, 2, 29)


def test_annual_data_is_due_at_the_end_of_march_of_the_next_year() -> None:
    assert _owed("tahunan", 2026) == [
        ("2026", "Tahun 2026", date(2026, 1, 1), date(2026, 12, 31), date(2027, 3, 31))
    ]


def test_biennial_data_covers_the_two_years_ending_in_the_year() -> None:
    assert _owed("dua_tahunan", 2026) == [
        ("2025-2026", "Tahun 2025–2026", date(2025, 1, 1), date(2026, 12, 31), date(2027, 3, 31))
    ]


def test_ad_hoc_data_is_owed_once_by_the_end_of_its_year() -> None:
    assert _owed("ad_hoc", 2026) == [
        ("2026", "Tahun 2026", date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))
    ]


def test_monthly_data_is_due_at_the_end_of_the_next_month() -> None:
    owed = _owed("bulanan", 2026)
    assert [(code, label, deadline) for code, label, _, _, deadline in owed] == [
        ("2026-01", "Januari 2026", date(2026, 2, 28)),
        ("2026-02", "Februari 2026", date(2026, 3, 31)),
        ("2026-03", "Maret 2026", date(2026, 4, 30)),
        ("2026-04", "April 2026", date(2026, 5, 31)),
        ("2026-05", "Mei 2026", date(2026, 6, 30)),
        ("2026-06", "Juni 2026", date(2026, 7, 31)),
        ("2026-07", "Juli 2026", date(2026, 8, 31)),
        ("2026-08", "Agustus 2026", date(2026, 9, 30)),
        ("2026-09", "September 2026", date(2026, 10, 31)),
        ("2026-10", "Oktober 2026", date(2026, 11, 30)),
        ("2026-11", "November 2026", date(2026, 12, 31)),
        ("2026-12", "Desember 2026", date(2027, 1, 31)),
    ]
    assert [(start, end) for _, _, start, end, _ in owed][1] == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )


@pytest.mark.parametrize(
    ("code", "deadline"),
    [
        ("2028-01", date(2028, 2, 29)),  # a leap February
        ("2028-02", date(2028, 3, 31)),  # from 29 February: the end of March, not the 29th
        ("2100-01", date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_a_month_end_stays_a_month_end(code: str, deadline: date) -> None:
    assert periods.default_deadline("bulanan", _code(code)) == deadline


def test_weekly_data_follows_iso_weeks_and_2026_has_53() -> None:
    owed = _owed("mingguan", 2026)
    assert len(owed) == 53
    # 1 January 2026 is a Thursday: week 1 starts on Monday 29 December 2025
    assert owed[0] == (
        "2026-W01", "Minggu ke-1 2026", date(2025, 12, 29), date(2026, 1, 4), date(2026, 1, 11),
    )  # fmt: skip
    assert owed[4] == (
        "2026-W05", "Minggu ke-5 2026", date(2026, 1, 26), date(2026, 2, 1), date(2026, 2, 8),
    )  # fmt: skip
    # the last week runs into 2027 and is due in 2027
    assert owed[-1] == (
        "2026-W53", "Minggu ke-53 2026", date(2026, 12, 28), date(2027, 1, 3), date(2027, 1, 10),
    )  # fmt: skip


def test_weekly_data_of_a_52_week_year() -> None:
    owed = _owed("mingguan", 2025)
    assert len(owed) == 52
    assert owed[0][2:] == (date(2024, 12, 30), date(2025, 1, 5), date(2025, 1, 12))
    assert owed[-1][:4] == ("2025-W52", "Minggu ke-52 2025", date(2025, 12, 22), date(2025, 12, 28))
    # no gap and no overlap between 2025's last week and 2026's first
    assert _owed("mingguan", 2026)[0][2] == date(2025, 12, 29)


@pytest.mark.parametrize(("year", "weeks"), [(2020, 53), (2021, 52), (2025, 52), (2026, 53)])
def test_weeks_in_a_year(year: int, weeks: int) -> None:
    assert periods.weeks_in(year) == weeks
    assert len(periods.periods_of_year("mingguan", year)) == weeks


def test_daily_data_is_due_the_next_day() -> None:
    owed = _owed("harian", 2026)
    assert len(owed) == 365
    assert owed[0] == ("2026-01-01", "1 Januari 2026", date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 2))  # fmt: skip
    assert owed[73] == ("2026-03-15", "15 Maret 2026", date(2026, 3, 15), date(2026, 3, 15), date(2026, 3, 16))  # fmt: skip
    assert owed[-1] == ("2026-12-31", "31 Desember 2026", date(2026, 12, 31), date(2026, 12, 31), date(2027, 1, 1))  # fmt: skip


@pytest.mark.parametrize(("year", "days"), [(2026, 365), (2028, 366), (2000, 366), (2100, 365)])
def test_a_leap_year_owes_366_days(year: int, days: int) -> None:
    owed = periods.periods_of_year("harian", year)
    assert len(owed) == days
    assert len({p.code for p in owed}) == days
    assert owed[-1].end == date(year, 12, 31)


def test_29_february_is_owed_in_a_leap_year_and_due_on_1_march() -> None:
    owed = {p.code: p for p in periods.periods_of_year("harian", 2028)}
    assert owed["2028-02-29"].label == "29 Februari 2028"
    assert periods.default_deadline("harian", owed["2028-02-29"]) == date(2028, 3, 1)
    assert "2026-02-29" not in {p.code for p in periods.periods_of_year("harian", 2026)}


@pytest.mark.parametrize("frekuensi", sorted(periods.LAGS))
def test_periods_come_in_time_order_and_are_never_due_before_they_end(frekuensi: str) -> None:
    owed = periods.periods_of_year(frekuensi, 2026)
    assert owed == sorted(owed)
    for earlier, later in itertools.pairwise(owed):
        assert earlier.end < later.start
    for period in owed:
        assert period.start <= period.end <= periods.default_deadline(frekuensi, period)


# --- codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "Tahun 2026"),
        ("2025-2026", date(2025, 1, 1), date(2026, 12, 31), "Tahun 2025–2026"),
        ("2026-S2", date(2026, 7, 1), date(2026, 12, 31), "Semester II 2026"),
        ("2026-C2", date(2026, 5, 1), date(2026, 8, 31), "Caturwulan II 2026"),
        ("2026-T4", date(2026, 10, 1), date(2026, 12, 31), "Triwulan IV 2026"),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "Januari 2026"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "Februari 2024"),
        ("2026-W05", date(2026, 1, 26), date(2026, 2, 1), "Minggu ke-5 2026"),
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3), "Minggu ke-53 2026"),
        ("2028-02-29", date(2028, 2, 29), date(2028, 2, 29), "29 Februari 2028"),
    ],
)
def test_every_kind_of_code_names_its_span_in_indonesian(
    code: str, start: date, end: date, label: str
) -> None:
    assert periods.parse(code) == Period(start, end, code, label)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2026-t1", "2026-T1"),
        ("2026-s2", "2026-S2"),
        ("2026-c3", "2026-C3"),
        ("2026-w05", "2026-W05"),
        ("  2026-T1  ", "2026-T1"),
        (" 2026\n", "2026"),
        ("\t2025-2026 ", "2025-2026"),
    ],
)
def test_codes_are_read_whatever_the_case_and_surrounding_spaces(written: str, code: str) -> None:
    assert _code(written).code == code


@pytest.mark.parametrize(
    "code",
    [
        "2026-T5",  # four quarters
        "2026-T0",
        "2026-S3",  # two semesters
        "2026-C4",  # three caturwulan
        "2026-Q1",
        "2026-13",
        "2026-00",
        "2026-1",
        "2025-W53",  # 2025 has 52 ISO weeks
        "2026-W54",
        "2026-W00",
        "2026-02-30",
        "2027-02-29",  # not a leap year
        "2026-3-15",
        "15/03/2026",
        "2024-2026",  # two years, not three
        "2026-2025",
        "2026-2026",
        "1899",
        "2101",
        "0000",
        "1899-01",
        "2101-T1",
        "2101-W01",
        "1899-12-31",
        "2101-01-01",
        "tahun 2026",
        "Triwulan I 2026",
        "20261",
        "2026 - T1",
        "",
        "   ",
    ],
)
def test_wrong_codes_name_nothing(code: str) -> None:
    assert periods.parse(code) is None


@pytest.mark.parametrize("code", ["1900", "2100", "1900-01-01", "2100-12-31", "2100-W52"])
def test_the_first_and_last_plausible_years_are_read(code: str) -> None:
    assert _code(code).code == code


@pytest.mark.parametrize("frekuensi", sorted(periods.LAGS))
@pytest.mark.parametrize("year", [periods.FIRST_YEAR, 2024, 2026, periods.LAST_YEAR])
def test_every_owed_code_reads_back_as_itself(frekuensi: str, year: int) -> None:
    # a walidata moving a deadline writes the code the list shows; it must be read back
    for period in periods.periods_of_year(frekuensi, year):
        assert periods.parse(period.code) == period


def test_a_biennial_code_past_the_last_plausible_year_is_refused() -> None:
    assert periods.parse("2100-2101") is None


# --- what a resource covers -----------------------------------------------------------


@pytest.mark.parametrize("frekuensi", ["bulanan", "triwulanan", "semesteran", "harian"])
def test_a_years_table_covers_each_part_of_the_year(frekuensi: str) -> None:
    year = _code("2026")
    assert all(year.covers(p) for p in periods.periods_of_year(frekuensi, 2026))


def test_what_covers_what() -> None:
    assert _code("2026-T1").covers(_code("2026-02"))
    assert _code("2026-T1").covers(_code("2026-T1"))
    assert _code("2026-S1").covers(_code("2026-T2"))
    assert _code("2025-2026").covers(_code("2025"))
    assert _code("2025-2026").covers(_code("2026-T4"))
    # a part never covers the whole
    assert not _code("2026-T4").covers(_code("2026"))
    assert not _code("2026-12").covers(_code("2026-T4"))
    assert not _code("2026").covers(_code("2025-2026"))
    # nor a neighbour's part
    assert not _code("2026-T1").covers(_code("2026-04"))
    assert not _code("2026-C1").covers(_code("2026-T2"))  # C1 ends in April, T2 in June
    assert not _code("2025").covers(_code("2026-01"))


def test_a_year_covers_only_the_weeks_inside_it() -> None:
    year = _code("2026")
    assert not year.covers(_code("2026-W01"))  # starts 29 December 2025
    assert year.covers(_code("2026-W02"))
    assert not year.covers(_code("2026-W53"))  # ends 3 January 2027
    assert _code("2025-2026").covers(_code("2026-W01"))


# --- moving a deadline to another year, reading stored days ---------------------------


@pytest.mark.parametrize(
    ("day", "years", "moved"),
    [
        (date(2026, 4, 30), 1, date(2027, 4, 30)),
        (date(2026, 8, 15), 1, date(2027, 8, 15)),
        (date(2027, 2, 28), 1, date(2028, 2, 29)),  # February's end stays its end
        (date(2028, 2, 29), 1, date(2029, 2, 28)),
        (date(2028, 2, 29), 4, date(2032, 2, 29)),
        (date(2027, 1, 31), -1, date(2026, 1, 31)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
    ],
)
def test_a_deadline_shifted_by_years(day: date, years: int, moved: date) -> None:
    assert periods.shifted(day, years) == moved


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-09-30", date(2024, 9, 30)),
        ("2024-09-30T08:15:00", date(2024, 9, 30)),
        ("2024-09-30 08:15:00.123456", date(2024, 9, 30)),
        ("  2024-09-30 ", date(2024, 9, 30)),
        ("2024-02-30", None),
        ("30/09/2024", None),
        ("", None),
        ("belum", None),
    ],
)
def test_a_stored_day_is_read(text: str, day: date | None) -> None:
    assert periods.read_day(text) == day
