"""The demo's Daftar Data (demo/daftar.py): the current year's entries with
fulfilled, submitted, returned and late periods, whatever day the demo starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ckan.tests import factories

from ckanext.satudata_serang.demo import seed
from tests.sdi import act


@pytest.fixture
def walidata(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    seed.seed_organizations()
    user = factories.User(name="walidata_demo")
    act(factories.Sysadmin(), "member_create", id="diskominfo", object=user["name"], object_type="user", capacity="member")  # fmt: skip
    return user


@pytest.mark.parametrize("day", ["2026-12-01 10:00:00", "2027-01-02 10:00:00"])
def test_the_demo_shows_every_kind_of_period_any_day_of_the_year(
    walidata: dict[str, Any], day: str
) -> None:
    import freezegun

    with freezegun.freeze_time(day):
        first = seed.seed_daftar()
        again = seed.seed_daftar()
        found = act(walidata, "satudata_compliance")

    assert (first.created, again.created, again.updated) == (9, 0, 0)
    assert found["tahun"] == int(day[:4])
    city = found["kota"]
    assert city["terpenuhi"] > 0 and city["diajukan"] > 0 and city["terlambat"] > 0, city
    assert len(found["opd"]) == 8
    with freezegun.freeze_time(day):
        returned = [
            p
            for e in act(walidata, "satudata_daftar_list", organization="BAPENDA")
            for p in e["periode"]
            if p["dikembalikan"]
        ]
    assert len(returned) == 1
