"""Workflow emails, end to end: the action queues a job, CKAN's own worker runs it (in
burst mode, forking as in production) and CKAN's mailer delivers to a real SMTP server
(aiosmtpd, tests/mail.py) started by the test."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories
from ckan.types import Context
from rq.job import Job

from ckanext.satudata_serang.model.workflow import WorkflowEvent
from ckanext.satudata_serang.workflow import notify, release, schedule
from ckanext.satudata_serang.workflow.notify import Person
from tests import sdi
from tests.mail import Inbox, server_down, smtp_server
from tests.sdi import act

pytestmark = pytest.mark.usefixtures("clean_db", "clean_queues")

JOB = f"{notify.__name__}.send_for_event"
LINK = "/dataset/puskesmas"


# --- A real SMTP server (tests/mail.py) ------------------------------------------------


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with smtp_server(monkeypatch) as box:
        yield box


def deliver() -> list[Job]:
    """Run CKAN's worker on the default queue until it is empty, on our jobs only: any
    other (an xloader job, should resource_create ever queue one) is dropped first."""
    queue = jobs.get_queue()
    ours: list[Job] = []
    for job in queue.jobs:
        if job.func_name == JOB:
            ours.append(job)
        else:
            job.delete()
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)
    return ours


# --- The portal's people -------------------------------------------------------------------


def _user(name: str) -> dict[str, Any]:
    return factories.User(name=name, email=f"{name}@serangkota.go.id")


@pytest.fixture
def people(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.walidata_users", ["walidata_bappeda"])
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.pembina_users", ["pembina_bps"])
    found = {
        key: _user(name)
        for key, name in {
            "produsen": "produsen_dinkes",
            "admin": "admin_dinkes",
            "walidata": "walidata_kominfo",
            "walidata_lain": "walidata_bappeda",
            "pembina": "pembina_bps",
            "lain": "produsen_dishub",
        }.items()
    }
    sdi.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        users=[
            {"name": "produsen_dinkes", "capacity": "editor"},
            {"name": "admin_dinkes", "capacity": "admin"},
        ],
    )
    sdi.Organization(name="dishub", users=[{"name": "produsen_dishub", "capacity": "admin"}])
    sdi.Organization(
        name="diskominfo",
        walidata=True,
        users=[{"name": "walidata_kominfo", "capacity": "member"}],
    )
    return found


def address(user: dict[str, Any]) -> str:
    return user["email"]


def _draft(produsen: dict[str, Any], **fields: Any) -> None:
    dataset = act(
        produsen,
        "package_create",
        **sdi.complete(name="puskesmas", title="Jumlah Puskesmas", owner_org="dinkes", **fields),
    )
    act(
        produsen,
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/p.csv",
        format="CSV",
    )


def _submitted(people: dict[str, dict[str, Any]], inbox: Inbox, **fields: Any) -> None:
    _draft(people["produsen"], **fields)
    act(people["produsen"], "satudata_submit", id="puskesmas")
    deliver()
    inbox.received.clear()


def _status() -> str:
    return tk.get_action("package_show")(cast(Context, {"ignore_auth": True}), {"id": "puskesmas"})[
        "status_verifikasi"
    ]


# --- Each step ------------------------------------------------------------------------------


def test_submit_tells_every_walidata(people, inbox):
    _draft(people["produsen"])
    act(people["produsen"], "satudata_submit", id="puskesmas")
    assert inbox.received == []  # queued, not sent in the request

    [job] = deliver()

    assert job.get_status() == "finished"
    assert inbox.addresses() == sorted(
        [address(people["walidata"]), address(people["walidata_lain"])]
    )
    message = inbox.to(address(people["walidata"]))
    assert message.sender.endswith("<satudata-test@serangkota.go.id>")
    assert message.subject == (
        "[Satu Data Kota Serang (uji)] Dataset diajukan untuk diperiksa: Jumlah Puskesmas"
    )
    assert message.body.startswith(f"Yth. {people['walidata']['fullname']},")
    assert "mengajukan dataset berikut kepada walidata" in message.body
    assert "OPD     : Dinas Kesehatan" in message.body
    assert "Status  : Draf → Diajukan ke Walidata" in message.body
    assert f"Oleh    : {people['produsen']['fullname']}" in message.body
    assert f"http://test.ckan.net{LINK}\n" in message.body


def test_return_tells_the_submitter_and_the_opd_admins_with_the_note(people, inbox):
    _submitted(people, inbox)

    act(people["walidata"], "satudata_return", id="puskesmas", note="Definisi belum jelas.")
    deliver()

    assert inbox.addresses() == sorted([address(people["produsen"]), address(people["admin"])])
    message = inbox.to(address(people["produsen"]))
    assert message.subject.endswith("Dataset perlu perbaikan: Jumlah Puskesmas")
    assert "Catatan:\nDefinisi belum jelas.\n" in message.body
    assert "Status  : Diajukan ke Walidata → Perlu Perbaikan" in message.body
    assert f"Oleh    : {people['walidata']['fullname']}" in message.body
    assert f"http://test.ckan.net{LINK}" in message.body
    assert "Catatan:\nDefinisi belum jelas." in inbox.to(address(people["admin"])).body


def test_approve_publish_and_withdraw_tell_the_submitter_and_the_opd_admins(people, inbox):
    _submitted(people, inbox)
    expected = sorted([address(people["produsen"]), address(people["admin"])])

    act(people["walidata"], "satudata_approve", id="puskesmas")
    deliver()
    assert inbox.addresses() == expected
    approved = inbox.to(address(people["admin"]))
    assert approved.subject.endswith("Dataset disetujui: Jumlah Puskesmas")
    assert "Status  : Diajukan ke Walidata → Disetujui" in approved.body
    assert "Catatan" not in approved.body
    inbox.received.clear()

    act(people["walidata_lain"], "satudata_publish", id="puskesmas")
    deliver()
    assert inbox.addresses() == expected
    published = inbox.to(address(people["produsen"]))
    assert published.subject.endswith("Dataset ditayangkan: Jumlah Puskesmas")
    assert "Status  : Disetujui → Ditayangkan" in published.body
    assert f"Oleh    : {people['walidata_lain']['fullname']}" in published.body
    inbox.received.clear()

    act(people["walidata"], "satudata_withdraw", id="puskesmas", note="Data ganda.")
    deliver()
    assert inbox.addresses() == expected
    withdrawn = inbox.to(address(people["produsen"]))
    assert withdrawn.subject.endswith("Dataset ditarik dari publik: Jumlah Puskesmas")
    assert "Status  : Ditayangkan → Ditarik" in withdrawn.body
    assert "Catatan:\nData ganda.\n" in withdrawn.body
    assert f"http://test.ckan.net{LINK}" in withdrawn.body


def test_approval_to_the_pembina_tells_the_pembina_too(people, inbox):
    _submitted(people, inbox, data_prioritas=True)

    act(people["walidata"], "satudata_approve", id="puskesmas", note="Sudah sesuai.")
    deliver()

    assert _status() == "pemeriksaan_pembina"
    assert inbox.addresses() == sorted(
        [address(people["produsen"]), address(people["admin"]), address(people["pembina"])]
    )
    message = inbox.to(address(people["pembina"]))
    assert message.subject.endswith("Dataset diteruskan ke Pembina Data: Jumlah Puskesmas")
    assert "Status  : Diajukan ke Walidata → Pemeriksaan Pembina Data" in message.body
    assert "Catatan:\nSudah sesuai.\n" in message.body
    inbox.received.clear()

    act(people["pembina"], "satudata_approve", id="puskesmas")  # the pembina's own approval
    deliver()
    # ... and the walidata, who publish it now.
    assert inbox.addresses() == sorted(
        address(people[key]) for key in ("produsen", "admin", "walidata", "walidata_lain")
    )
    assert "Dataset disetujui" in inbox.to(address(people["admin"])).subject
    to_walidata = inbox.to(address(people["walidata"]))
    assert "Pembina Data menyetujui dataset berikut" in to_walidata.body
    assert "Status  : Pemeriksaan Pembina Data → Disetujui" in to_walidata.body


def test_one_message_per_person_and_none_to_whoever_acted(people, inbox):
    """The OPD admin submits: on return they are submitter and admin, one message; a
    walidata that is also OPD admin is not told about their own step."""
    tk.get_action("member_create")(
        cast(Context, {"ignore_auth": True, "user": people["walidata"]["name"]}),
        {"id": "diskominfo", "object": "admin_dinkes", "object_type": "user", "capacity": "member"},
    )
    _draft(people["produsen"])
    act(people["admin"], "satudata_submit", id="puskesmas")
    deliver()
    # admin_dinkes is walidata now (member of diskominfo) but submitted: not told.
    assert inbox.addresses() == sorted(
        [address(people["walidata"]), address(people["walidata_lain"])]
    )
    inbox.received.clear()

    act(people["walidata"], "satudata_return", id="puskesmas", note="Lengkapi satuan.")
    deliver()
    assert inbox.addresses() == [address(people["admin"])]


def test_the_submitter_is_who_submitted_last(people, inbox):
    _submitted(people, inbox)
    act(people["walidata"], "satudata_return", id="puskesmas", note="Perbaiki.")
    act(people["admin"], "satudata_submit", id="puskesmas")
    act(people["walidata"], "satudata_approve", id="puskesmas")
    deliver()
    approved = [r for r in inbox.received if "Dataset disetujui" in r.subject]
    # produsen_dinkes no longer: the OPD admin submitted last (and is told once).
    assert sorted(a for r in approved for a in r.to) == [address(people["admin"])]


def test_a_decided_revision_tells_its_author_and_the_opd_admins(people, inbox):
    _draft(people["produsen"])
    act(people["admin"], "satudata_submit", id="puskesmas")
    act(people["walidata"], "satudata_approve", id="puskesmas")
    act(people["walidata"], "satudata_publish", id="puskesmas")
    deliver()
    inbox.received.clear()
    expected = sorted([address(people["produsen"]), address(people["admin"])])

    act(people["produsen"], "package_patch", id="puskesmas", title="Judul Keliru")
    deliver()
    inbox.received.clear()  # the walidata heard of it (see the test below)
    act(people["walidata"], "satudata_return", id="puskesmas", note="Judul tidak baku.")
    deliver()
    assert inbox.addresses() == expected  # the author, not the last submitter (admin)
    returned = inbox.to(address(people["produsen"]))
    assert returned.subject.endswith("Perubahan dataset dikembalikan: Jumlah Puskesmas")
    assert "Status  : Ditayangkan\n" in returned.body
    assert "Catatan:\nJudul tidak baku.\n" in returned.body
    inbox.received.clear()

    act(people["produsen"], "package_patch", id="puskesmas", title="Jumlah Puskesmas Aktif")
    deliver()
    inbox.received.clear()
    act(people["walidata"], "satudata_approve", id="puskesmas")
    deliver()
    assert inbox.addresses() == expected
    approved = inbox.to(address(people["admin"]))
    assert approved.subject.endswith("Perubahan dataset disetujui: Jumlah Puskesmas Aktif")


def test_a_proposed_revision_tells_the_walidata_once(people, inbox):
    _draft(people["produsen"])
    act(people["produsen"], "satudata_submit", id="puskesmas")
    act(people["walidata"], "satudata_approve", id="puskesmas")
    act(people["walidata"], "satudata_publish", id="puskesmas")
    deliver()
    inbox.received.clear()

    act(people["produsen"], "package_patch", id="puskesmas", notes="Catatan baru.")
    deliver()
    assert inbox.addresses() == sorted(
        [address(people["walidata"]), address(people["walidata_lain"])]
    )
    message = inbox.to(address(people["walidata"]))
    assert message.subject.endswith("Perubahan dataset menunggu pemeriksaan: Jumlah Puskesmas")
    assert "Versi yang tayang tetap terlihat publik" in message.body
    assert f"Oleh    : {people['produsen']['fullname']}" in message.body
    inbox.received.clear()

    # A second save replaces the waiting revision: no second message.
    act(people["produsen"], "package_patch", id="puskesmas", notes="Catatan baru lagi.")
    deliver()
    assert inbox.received == []


def test_a_scheduled_publication_tells_the_submitter_twice_when_scheduled_and_when_done(
    people, inbox
):
    _submitted(people, inbox)
    act(people["walidata"], "satudata_approve", id="puskesmas")
    deliver()
    inbox.received.clear()
    expected = sorted([address(people["produsen"]), address(people["admin"])])

    moment = datetime.now(UTC) + timedelta(seconds=1)
    act(people["walidata"], "satudata_publish", id="puskesmas", release_date=moment.isoformat())
    deliver()
    assert inbox.addresses() == expected
    scheduled = inbox.to(address(people["produsen"]))
    assert scheduled.subject.endswith("Dataset dijadwalkan tayang: Jumlah Puskesmas")
    assert f"dijadwalkan tayang pada {release.in_wib(moment)}" in " ".join(scheduled.body.split())
    assert f"Jadwal  : {release.in_wib(moment)}" in scheduled.body
    inbox.received.clear()

    time.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()) + 0.2)
    package_id = model.Package.get("puskesmas").id  # type: ignore[union-attr]
    schedule.publish_when_due(package_id)  # what the worker runs at the moment
    deliver()
    assert _status() == "ditayangkan"
    assert inbox.addresses() == expected
    published = inbox.to(address(people["admin"]))
    assert published.subject.endswith("Dataset ditayangkan: Jumlah Puskesmas")
    assert "ditayangkan sesuai jadwal" in published.body
    assert f"Oleh    : {people['walidata']['fullname']}" in published.body


# --- Failures never touch the step -------------------------------------------------------


def test_smtp_server_down_the_step_stands_and_the_failure_is_logged(
    people, inbox, monkeypatch, caplog
):
    _submitted(people, inbox)
    server_down(monkeypatch)

    result = act(people["walidata"], "satudata_return", id="puskesmas", note="Perbaiki.")
    assert result["status_verifikasi"] == "perlu_perbaikan"
    [job] = deliver()

    assert job.get_status() == "finished"  # the job itself did not fail
    assert inbox.received == []
    assert _status() == "perlu_perbaikan"
    event = model.Session.query(WorkflowEvent).filter(WorkflowEvent.step == "return").one()
    assert event.note == "Perbaiki."

    # The same job in this process, to read its log: one line per recipient. (The
    # migrations' env.py, run by clean_db, calls logging's fileConfig, which disables
    # every logger it does not name.)
    logger = logging.getLogger(notify.__name__)
    monkeypatch.setattr(logger, "disabled", False)
    monkeypatch.setattr(logger, "propagate", False)  # caplog's handler only, once
    logger.addHandler(caplog.handler)
    try:
        notify.send_for_event(event.id)
    finally:
        logger.removeHandler(caplog.handler)
    failures = [r for r in caplog.records if r.name == notify.__name__ and r.levelname == "ERROR"]
    assert len(failures) == 2
    assert all(event.id in r.getMessage() and "gagal" in r.getMessage() for r in failures)
    assert {address(people["produsen"]), address(people["admin"])} <= {
        word for r in failures for word in r.getMessage().split()
    }


def test_a_queue_that_cannot_be_reached_leaves_the_step_alone(people, inbox, monkeypatch):
    _draft(people["produsen"])

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("Redis tidak terjangkau")

    monkeypatch.setattr(tk, "enqueue_job", broken)
    result = act(people["produsen"], "satudata_submit", id="puskesmas")
    assert result["status_verifikasi"] == "diajukan"
    assert _status() == "diajukan"


def test_an_event_gone_meanwhile_is_only_logged(inbox):
    notify.send_for_event("tidak-ada")
    assert inbox.received == []


# --- Pure parts ------------------------------------------------------------------------------


def test_pick_skips_the_actor_the_inactive_the_addressless_and_repeats():
    people = [
        Person(id="1", name="Ani", email="ani@x.id", active=True),
        None,
        Person(id="2", name="Budi", email="", active=True),
        Person(id="3", name="Cici", email="cici@x.id", active=False),
        Person(id="4", name="Dodi", email="dodi@x.id", active=True),
        Person(id="1", name="Ani", email="ani@x.id", active=True),
        Person(id="5", name="Ani lagi", email=" ANI@x.id ", active=True),
        Person(id="6", name="Eka", email="eka@x.id", active=True),
    ]
    assert notify.pick(people, actor_id="4") == [("Ani", "ani@x.id"), ("Eka", "eka@x.id")]


def test_every_step_has_an_indonesian_message():
    variables = {
        "recipient": "Ani",
        "title": "Jumlah Puskesmas",
        "organization": "Dinas Kesehatan",
        "from_status": "diajukan",
        "to_status": "disetujui",
        "from_label": "Diajukan ke Walidata",
        "to_label": "Disetujui",
        "actor": "Budi",
        "note": "",
        "link": "http://portal/dataset/p",
        "site_title": "Satu Data",
        "release": "",
    }
    steps = notify.TO_THE_SUBMITTER | notify.TO_THE_WALIDATA | notify.REVISION_STEPS
    for step in sorted(steps):
        subject, body = notify.compose(step, variables)
        assert subject.startswith(("[Satu Data] Dataset ", "[Satu Data] Perubahan dataset "))
        assert "Jumlah Puskesmas" in subject
        assert "\n" not in subject
        assert body.startswith("Yth. Ani,\n\n")
        assert "http://portal/dataset/p\n" in body
        assert "Catatan" not in body
        assert "\n\n\n" not in body
