"""Scheduled publication: the walidata approves and names a moment; CKAN's own worker
(rq's scheduler included, as `ckan jobs worker` runs it) publishes the dataset then,
and a queue that lost its jobs is re-armed from the database."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.cli.cli import ckan as ckan_command
from ckan.lib import jobs
from ckan.tests import factories
from ckan.types import Context
from rq.registry import ScheduledJobRegistry

from ckanext.satudata_serang.model.workflow import PublicationSchedule
from ckanext.satudata_serang.workflow import release, schedule
from tests import sdi
from tests.sdi import act

pytestmark = pytest.mark.usefixtures("clean_db", "clean_queues", "no_scheduled_jobs")

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


# --- Reading a release date (pure) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-12-01", datetime(2026, 11, 30, 17, 0, tzinfo=UTC)),  # 00:00 WIB
        ("2026-12-01T08:00", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),  # WIB
        ("2026-12-01T08:00:30+07:00", datetime(2026, 12, 1, 1, 0, 30, tzinfo=UTC)),
        ("2026-12-01T01:00Z", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
        (" 2026-12-01 08:00 ", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
    ],
)
def test_a_release_date_is_read_in_wib_unless_it_says_otherwise(given, expected):
    assert release.parse(given, NOW) == expected


@pytest.mark.parametrize("given", [None, "", "   "])
def test_no_release_date_means_now(given):
    assert release.parse(given, NOW) is None


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("besok", "format"),
        ("2026-13-01", "format"),
        ("01/12/2026", "format"),
        ("2029-01-01", "too_far"),
    ],
)
def test_a_bad_release_date_says_why(given, reason):
    assert release.parse(given, NOW) == release.BadReleaseDate(reason)


def test_a_moment_is_written_as_people_in_serang_read_it():
    assert release.in_wib(datetime(2026, 12, 1, 1, 5, tzinfo=UTC)) == (
        "1 Desember 2026 pukul 08.05 WIB"
    )
    assert release.in_wib(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == (
        "1 Januari 2027 pukul 00.00 WIB"
    )


# --- Through CKAN and its worker -----------------------------------------------------------


@pytest.fixture
def people() -> dict[str, dict[str, Any]]:
    produsen = factories.User(name="produsen_dinkes")
    walidata = factories.User(name="walidata_kominfo")
    sdi.Organization(name="dinkes", users=[{"name": produsen["name"], "capacity": "editor"}])
    sdi.Organization(
        name="diskominfo", walidata=True, users=[{"name": walidata["name"], "capacity": "member"}]
    )
    return {"produsen": produsen, "walidata": walidata}


@pytest.fixture
def approved(people: dict[str, dict[str, Any]]) -> dict[str, Any]:
    dataset = act(
        people["produsen"], "package_create", **sdi.complete(name="puskesmas", owner_org="dinkes")
    )
    act(
        people["produsen"],
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/p.csv",
        format="CSV",
    )
    act(people["produsen"], "satudata_submit", id="puskesmas")
    act(people["walidata"], "satudata_approve", id="puskesmas")
    return dataset


@pytest.fixture
def no_scheduled_jobs() -> None:
    """clean_queues leaves rq's scheduled jobs: drop those of earlier tests."""
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    for job_id in registry.get_job_ids():
        registry.remove(job_id, delete_job=True)


def status() -> str:
    shown = tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": "puskesmas"}
    )
    return str(shown["status_verifikasi"])


def public() -> bool:
    try:
        act(None, "package_show", id="puskesmas")
    except tk.NotAuthorized:
        return False
    found = act(None, "package_search", q="name:puskesmas")
    return bool(found["count"])


def run_worker() -> None:
    """CKAN's worker in burst mode with rq's scheduler, as `ckan jobs worker` starts it:
    due scheduled jobs are queued first, then every queued job runs (forked)."""
    model.Session.remove()
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True, with_scheduler=True)
    model.Session.remove()


def wait_until(moment: datetime) -> None:
    time.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()) + 0.3)


def soon(seconds: float = 2.0) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def scheduled_job_ids() -> list[str]:
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    return list(registry.get_job_ids())


def test_a_future_release_keeps_the_dataset_approved_until_the_worker_publishes_it(
    people, approved
):
    moment = soon()
    result = act(
        people["walidata"], "satudata_publish", id="puskesmas", release_date=moment.isoformat()
    )
    assert result["status_verifikasi"] == "disetujui"
    assert datetime.fromisoformat(result["jadwal_tayang"]) == moment
    assert status() == "disetujui"
    assert not public()
    history = act(people["walidata"], "satudata_review_history", id="puskesmas")
    assert history[-1]["langkah"] == "jadwalkan"
    assert datetime.fromisoformat(history[-1]["rincian"]["tayang_pada"]) == moment
    assert scheduled_job_ids() == [schedule.job_id(approved["id"])]

    run_worker()  # before the moment: nothing happens
    assert status() == "disetujui"
    assert not public()

    wait_until(moment)
    run_worker()
    assert status() == "ditayangkan"
    assert public()
    last = act(people["walidata"], "satudata_review_history", id="puskesmas")[-1]
    assert (last["langkah"], last["dari"], last["ke"]) == ("publish", "disetujui", "ditayangkan")
    assert last["oleh"] == "walidata_kominfo"  # who decided, not the worker
    assert model.Session.get(PublicationSchedule, approved["id"]) is None


def test_a_queue_that_lost_its_jobs_is_rearmed_from_the_database(people, approved, cli):
    """A restart with an empty Redis: the database still holds the schedule; `ckan
    satudata jadwal-tayang` (run by `ckan satudata prepare` on every start) re-arms
    it, and a moment passed while nothing ran publishes at once."""
    moment = soon()
    act(people["walidata"], "satudata_publish", id="puskesmas", release_date=moment.isoformat())
    # Redis restarted without its data: the wake-up job is gone (only ours is
    # dropped, the suite may share a Redis database with others).
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    registry.remove(schedule.job_id(approved["id"]), delete_job=True)
    assert scheduled_job_ids() == []

    wait_until(moment)
    run_worker()
    assert status() == "disetujui"  # the queue knew nothing of it

    output = cli.invoke(ckan_command, ["satudata", "jadwal-tayang"])
    assert output.exit_code == 0, output.output
    assert "puskesmas" in output.output
    assert "1 dari 1 penayangan terjadwal diantrekan" in output.output
    run_worker()
    assert status() == "ditayangkan"
    assert public()


def test_withdrawing_an_approved_dataset_cancels_its_schedule(people, approved):
    moment = soon()
    act(people["walidata"], "satudata_publish", id="puskesmas", release_date=moment.isoformat())
    act(people["walidata"], "satudata_withdraw", id="puskesmas", note="Angka 2023 belum final.")
    assert model.Session.get(PublicationSchedule, approved["id"]) is None
    wait_until(moment)
    run_worker()
    assert status() == "ditarik"
    assert not public()


def test_publishing_now_replaces_the_schedule_and_the_late_job_does_nothing(people, approved):
    moment = soon()
    act(people["walidata"], "satudata_publish", id="puskesmas", release_date=moment.isoformat())
    act(people["walidata"], "satudata_publish", id="puskesmas")
    assert status() == "ditayangkan"
    wait_until(moment)
    run_worker()
    steps = [
        e["langkah"] for e in act(people["walidata"], "satudata_review_history", id="puskesmas")
    ]
    assert steps == ["submit", "approve", "jadwalkan", "publish"]


def test_a_later_release_moves_the_schedule(people, approved):
    first, later = soon(1), soon(60)
    act(people["walidata"], "satudata_publish", id="puskesmas", release_date=first.isoformat())
    act(people["walidata"], "satudata_publish", id="puskesmas", release_date=later.isoformat())
    row = model.Session.get(PublicationSchedule, approved["id"])
    assert row is not None and row.release_at == later
    wait_until(first)
    run_worker()
    assert status() == "disetujui"
    assert scheduled_job_ids() == [schedule.job_id(approved["id"])]


def test_a_release_date_already_past_publishes_now(people, approved):
    result = act(people["walidata"], "satudata_publish", id="puskesmas", release_date="2026-01-01")
    assert result["status_verifikasi"] == "ditayangkan"
    assert result["jadwal_tayang"] is None
    assert public()


@pytest.mark.parametrize("given", ["besok pagi", "2026-02-30", "2099-01-01"])
def test_a_bad_release_date_is_refused_and_nothing_changes(people, approved, given):
    with pytest.raises(tk.ValidationError) as refused:
        act(people["walidata"], "satudata_publish", id="puskesmas", release_date=given)
    assert "release_date" in refused.value.error_dict
    assert status() == "disetujui"
    assert model.Session.get(PublicationSchedule, approved["id"]) is None
    assert scheduled_job_ids() == []


def test_only_an_approved_dataset_can_be_scheduled(people, approved):
    act(people["walidata"], "satudata_withdraw", id="puskesmas", note="Ditarik dulu.")
    with pytest.raises(tk.ValidationError) as refused:
        act(
            people["walidata"],
            "satudata_publish",
            id="puskesmas",
            release_date=soon(60).isoformat(),
        )
    assert "status_verifikasi" in refused.value.error_dict
    assert model.Session.get(PublicationSchedule, approved["id"]) is None


def test_a_produsen_cannot_schedule(people, approved):
    with pytest.raises(tk.NotAuthorized):
        act(
            people["produsen"],
            "satudata_publish",
            id="puskesmas",
            release_date=soon(60).isoformat(),
        )
    assert model.Session.get(PublicationSchedule, approved["id"]) is None
