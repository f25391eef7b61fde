from __future__ import annotations

from datetime import date

import pytest

from ckanext.satudata_serang import vocabulary
from ckanext.satudata_serang.metadata import jadwal


def _interval(code: str):
    term = vocabulary.get("frekuensi").term(code)
    assert term is not None
    return term.attributes.get("interval")


@pytest.mark.parametrize(
    ("frekuensi", "period_end", "due"),
    [
        ("tahunan", date(2023, 12, 31), date(2024, 12, 31)),
        ("dua_tahunan", date(2023, 12, 31), date(2025, 12, 31)),
        ("semesteran", date(2024, 6, 30), date(2024, 12, 31)),
        ("triwulanan", date(2024, 3, 31), date(2024, 6, 30)),
        ("empat_bulanan", date(2024, 4, 30), date(2024, 8, 31)),
        ("bulanan", date(2024, 1, 31), date(2024, 2, 29)),
        ("bulanan", date(2024, 2, 29), date(2024, 3, 31)),
        ("bulanan", date(2024, 1, 15), date(2024, 2, 15)),
        ("mingguan", date(2024, 12, 29), date(2025, 1, 5)),
        ("harian", date(2024, 12, 31), date(2025, 1, 1)),
    ],
)
def test_next_update_is_one_interval_after_the_latest_period(frekuensi, period_end, due):
    assert jadwal.next_update_due(_interval(frekuensi), period_end) == due


def test_irregular_data_has_no_schedule():
    assert jadwal.next_update_due(_interval("ad_hoc"), date(2024, 12, 31)) is None


@pytest.mark.parametrize(
    ("mulai", "selesai", "akhir", "expected"),
    [
        (2019, 2023, None, date(2023, 12, 31)),
        (2019, None, None, date(2019, 12, 31)),
        (2019, 2024, date(2024, 9, 30), date(2024, 9, 30)),
        (None, None, None, None),
    ],
)
def test_latest_period_end(mulai, selesai, akhir, expected):
    assert jadwal.latest_period_end(mulai, selesai, akhir) == expected
