"""Jadwal pemutakhiran berikutnya: when the next update of a dataset is due.

The latest period ends on ``periode_akhir`` when given, else on 31 December of the last
year of data; the next update is due one frequency interval after that (data for 2023,
yearly: due 31 December 2024). Irregular (ad hoc) data has no schedule.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any


def latest_period_end(
    tahun_mulai: int | None, tahun_selesai: int | None, periode_akhir: date | None
) -> date | None:
    if periode_akhir is not None:
        return periode_akhir
    last_year = tahun_selesai or tahun_mulai
    return date(last_year, 12, 31) if last_year else None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; month ends stay month ends (31 Mar + 3 = 30 Jun)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    was_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last_day if was_month_end else min(day.day, last_day))


def next_update_due(interval: Mapping[str, Any] | None, period_end: date | None) -> date | None:
    if not interval or period_end is None:
        return None
    if "days" in interval:
        return period_end + timedelta(days=int(interval["days"]))
    if "months" in interval:
        return add_months(period_end, int(interval["months"]))
    return None
