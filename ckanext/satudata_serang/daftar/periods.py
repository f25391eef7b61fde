"""The periods a Daftar Data entry owes in its year, their codes and their deadlines.
Pure: no CKAN.

An entry of the year Y owes the data of every period of its frekuensi that ends in Y:
tahunan ``2026``; semesteran ``2026-S1``/``S2``; empat bulanan (caturwulan)
``2026-C1``…``C3``; triwulanan ``2026-T1``…``T4``; bulanan ``2026-01``…``12``;
mingguan the ISO weeks of the ISO week-year ``2026-W01``… (W01 may start in late
December, the last may end in early January); harian ``2026-03-15``; dua tahunan ``2025-2026``
(the two years ending in Y); ad hoc: the year itself, due at its end. A period's data
is due (tenggat) a lag after the period ends (``LAGS``: a quarter's data a month
later, a year's three months later); the walidata may move any deadline.

The same codes name what a resource holds (its ``periode_data``): a resource covers
a period when its span contains the period's (a year's table covers its months).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..metadata.jadwal import add_months
from ..workflow.release import MONTHS as BULAN
from ..workflow.release import WIB, tanggal

ROMAWI = ("I", "II", "III", "IV")

# (unit, count) after the period's end; every frekuensi of the vocabulary has one
LAGS: dict[str, tuple[str, int]] = {
    "harian": ("days", 1),
    "mingguan": ("days", 7),
    "bulanan": ("months", 1),
    "triwulanan": ("months", 1),
    "empat_bulanan": ("months", 1),
    "semesteran": ("months", 2),
    "tahunan": ("months", 3),
    "dua_tahunan": ("months", 3),
    "ad_hoc": ("days", 0),
}
# the parts of a year: letter in the code, months each, name in the label
_PARTS = {"S": (6, "Semester"), "C": (4, "Caturwulan"), "T": (3, "Triwulan")}
_BY_FREKUENSI = {"semesteran": "S", "empat_bulanan": "C", "triwulanan": "T"}

_YEAR = re.compile(r"([0-9]{4})\Z")
_TWO_YEARS = re.compile(r"([0-9]{4})-([0-9]{4})\Z")
_PART = re.compile(r"([0-9]{4})-([SCT])([1-4])\Z")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})\Z")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})\Z")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    code: str
    label: str

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and self.end >= other.end


def _year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year), f"Tahun {year}")


def _part(year: int, letter: str, number: int) -> Period:
    months, name = _PARTS[letter]
    first = (number - 1) * months + 1
    last = first + months - 1
    end = date(year, last, calendar.monthrange(year, last)[1])
    return Period(
        date(year, first, 1), end, f"{year}-{letter}{number}", f"{name} {ROMAWI[number - 1]} {year}"
    )


def _month(year: int, month: int) -> Period:
    end = date(year, month, calendar.monthrange(year, month)[1])
    return Period(date(year, month, 1), end, f"{year}-{month:02d}", f"{BULAN[month - 1]} {year}")


def _week(year: int, week: int) -> Period:
    start = date.fromisocalendar(year, week, 1)
    return Period(
        start, start + timedelta(days=6), f"{year}-W{week:02d}", f"Minggu ke-{week} {year}"
    )


def _day(day: date) -> Period:
    return Period(day, day, day.isoformat(), tanggal(day))


def _two_years(last: int) -> Period:
    return Period(
        date(last - 1, 1, 1), date(last, 12, 31), f"{last - 1}-{last}", f"Tahun {last - 1}–{last}"
    )


def weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar().week


def periods_of_year(frekuensi: str, year: int) -> list[Period]:
    """The periods an entry of ``frekuensi`` owes in ``year``, in time order
    (KeyError for a frekuensi the portal does not know)."""
    if frekuensi not in LAGS:
        raise KeyError(frekuensi)
    if frekuensi in _BY_FREKUENSI:
        letter = _BY_FREKUENSI[frekuensi]
        return [_part(year, letter, n) for n in range(1, 12 // _PARTS[letter][0] + 1)]
    if frekuensi == "bulanan":
        return [_month(year, m) for m in range(1, 13)]
    if frekuensi == "mingguan":
        return [_week(year, w) for w in range(1, weeks_in(year) + 1)]
    if frekuensi == "harian":
        first = date(year, 1, 1)
        return [
            _day(first + timedelta(days=n)) for n in range(366 if calendar.isleap(year) else 365)
        ]
    if frekuensi == "dua_tahunan":
        return [_two_years(year)]
    return [_year(year)]  # tahunan, ad hoc


def default_deadline(frekuensi: str, period: Period) -> date:
    """The day the period's data is due, ``LAGS`` after the period ends."""
    unit, count = LAGS[frekuensi]
    if unit == "months":
        return add_months(period.end, count)
    return period.end + timedelta(days=count)


def parse(code: str) -> Period | None:
    """The period a code names, or None (not a code, or no such day, week or part)."""
    text = code.strip().upper()
    try:
        if found := _YEAR.match(text):
            year = int(found[1])
            return _year(year) if _plausible(year) else None
        if found := _TWO_YEARS.match(text):
            first, last = int(found[1]), int(found[2])
            return _two_years(last) if last == first + 1 and _plausible(last) else None
        if found := _PART.match(text):
            year, letter, number = int(found[1]), found[2], int(found[3])
            if not _plausible(year) or number > 12 // _PARTS[letter][0]:
                return None
            return _part(year, letter, number)
        if found := _MONTH.match(text):
            year, month = int(found[1]), int(found[2])
            return _month(year, month) if _plausible(year) and 1 <= month <= 12 else None
        if found := _WEEK.match(text):
            year, week = int(found[1]), int(found[2])
            return _week(year, week) if _plausible(year) and 1 <= week <= weeks_in(year) else None
        if found := _DAY.match(text):
            day = date(int(found[1]), int(found[2]), int(found[3]))
            return _day(day) if _plausible(day.year) else None
    except ValueError:
        return None
    return None


def _plausible(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def shifted(day: date, years: int) -> date:
    """The same day ``years`` later; a month's last day stays its last day."""
    return add_months(day, 12 * years)


def read_day(text: str) -> date | None:
    """A day stored as ISO text (2024-09-30, or a timestamp starting so)."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def today() -> date:
    """Today in Kota Serang (deadlines are days in WIB)."""
    return datetime.now(WIB).date()
