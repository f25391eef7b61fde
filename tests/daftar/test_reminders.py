"""The daily reminder digest of the Daftar Data, end to end: entries and datasets made
through the portal's actions, the job run by CKAN's own worker (forked, as in
production) on frozen days, and CKAN's mailer delivering to a real SMTP server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories
from click.testing import CliRunner
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from rq.registry import ScheduledJobRegistry

from ckanext.satudata_serang.daftar import cli_pengingat, reminders
from ckanext.satudata_serang.daftar.digest import JOB_PREFIX
from ckanext.satudata_serang.daftar.models import Pengingat
from tests import mail, sdi
from tests.daftar.portal import dataset, entry, people
from tests.jobs import run_jobs
from tests.mail import Inbox
from tests.sdi import act

pytestmark = pytest.mark.usefixtures("clean_queues")

JOB = f"{reminders.__name__}.run"
# 07:05 WIB: the morning the job runs
MONDAY = "2026-04-20 00:05:00"
# the SMTP server's event loop keeps real time
IGNORE = ["asyncio", "aiosmtpd"]
SUBJECT = "[Satu Data Kota Serang (uji)] Pengingat Daftar Data: "
PAGE = "/daftar-data/opd/disdukcapil"


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY, ignore=IGNORE) as frozen:
        assert isinstance(frozen, FrozenDateTimeFactory)
        yield frozen


@pytest.fixture
def opd(reset_db: Callable[[], None], clock: FrozenDateTimeFactory) -> dict[str, Any]:
    """portal.people(), and in DISDUKCAPIL also an editor without an email and a
    member (capacity member: reads, does not produce)."""
    reset_db()
    found = people()
    tanpa = factories.User(name="editor_tanpa_email", email="tanpa@disdukcapil.test")
    user = model.User.get(tanpa["id"])
    assert user is not None
    user.email = None
    model.Session.commit()
    anggota = factories.User(name="anggota_disdukcapil", email="anggota@disdukcapil.test")
    for name, role in ((tanpa["name"], "editor"), (anggota["name"], "member")):
        sdi.system("organization_member_create", id="disdukcapil", username=name, role=role)
    return {**found, "anggota": anggota}


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with mail.smtp_server(monkeypatch) as box:
        yield box


@pytest.fixture(autouse=True)
def no_reminder_jobs() -> Iterator[None]:
    """The daily job re-arms itself: no test leaves one for the tests after it."""
    _drop_scheduled()
    yield
    _drop_scheduled()


def _drop_scheduled() -> None:
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    for job_id in registry.get_job_ids():
        if job_id.startswith(JOB_PREFIX):
            registry.remove(job_id, delete_job=True)


def digest(clock: FrozenDateTimeFactory, inbox: Inbox, moment: str) -> int:
    """Move to ``moment`` (UTC), queue the digest, let CKAN's worker run it; the
    number of emails it says it sent (the inbox keeps only this run's)."""
    clock.move_to(moment)
    inbox.received.clear()
    tk.enqueue_job(reminders.run, title="Pengingat Daftar Data")
    [job] = run_jobs(JOB)
    assert job.get_status() == "finished"
    return cast(int, job.return_value())


def recorded() -> int:
    return model.Session.scalar(sa.select(sa.func.count()).select_from(Pengingat)) or 0


def _lines(body: str) -> list[str]:
    return [line.strip() for line in body.splitlines() if line.strip()]


# --- What the digest says, and to whom --------------------------------------------------


def test_the_digest_names_what_is_due_soon_late_and_returned_to_each_opds_produsen(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    walidata = opd["walidata"]
    quarterly = entry(walidata, frekuensi="triwulanan")  # T1 due 30 April: in 10 days
    entry(walidata, nama="Jumlah kelahiran", tahun=2025)  # due 31 March: late
    semesters = entry(walidata, nama="Jumlah perkawinan", frekuensi="semesteran")
    dataset(opd["disdukcapil"], semesters["id"], "perlu_perbaikan", ["2026-S1"], name="kawin")
    # late and returned: listed once, as returned
    returned_late = entry(walidata, nama="Jumlah perceraian", tahun=2025)
    dataset(opd["disdukcapil"], returned_late["id"], "perlu_perbaikan", ["2025"], name="cerai")
    delivered = entry(walidata, nama="Jumlah akta kematian", tahun=2025)
    dataset(opd["disdukcapil"], delivered["id"], "ditayangkan", ["2025"], name="akta")
    submitted = entry(walidata, nama="Jumlah KTP elektronik", tahun=2025)
    dataset(opd["disdukcapil"], submitted["id"], "diajukan", ["2025"], name="ktp")
    entry(walidata, nama="Kunjungan puskesmas", organization="DINKES", tahun=2025)
    assert [p["status"] for p in quarterly["periode"]] == ["belum"] * 4

    assert digest(clock, inbox, MONDAY) == 3

    # the admin and the editor of each OPD; not the member, the editor without an
    # email, the walidata, nor a user of no OPD
    assert inbox.addresses() == sorted(
        [opd["produsen"]["email"], opd["admin"]["email"], opd["lain"]["email"]]
    )
    message = inbox.to(opd["produsen"]["email"])
    assert message.subject == SUBJECT + "1 akan jatuh tempo, 1 terlambat, 2 dikembalikan"
    assert message.body.startswith(f"Yth. {opd['produsen']['fullname']},")
    lines = _lines(message.body)
    assert lines[1:] == [
        "Berikut data dalam Daftar Data yang perlu Anda perhatikan per 20 April 2026.",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Akan jatuh tempo dalam 14 hari ke depan; mohon unggah datanya dan",
        "ajukan kepada walidata sebelum tenggat:",
        "- Jumlah penduduk menurut kecamatan, Triwulan I 2026 (tenggat 30 April 2026)",
        "Terlambat: tenggatnya sudah lewat dan datanya belum diterima walidata; mohon segera",
        "unggah dan ajukan kepada walidata:",
        "- Jumlah kelahiran, Tahun 2025 (tenggat 31 Maret 2026)",
        "Dikembalikan walidata untuk diperbaiki; mohon perbaiki sesuai catatan walidata, lalu",
        "ajukan kembali:",
        "- Jumlah perceraian, Tahun 2025 (tenggat 31 Maret 2026, sudah lewat)",
        "- Jumlah perkawinan, Semester I 2026 (tenggat 31 Agustus 2026)",
        "Daftar Data Dinas Kependudukan dan Pencatatan Sipil:",
        f"{tk.config['ckan.site_url'].rstrip('/')}{PAGE}",
        "--",
        "Email ini dikirim otomatis setiap hari, hanya bila ada hal baru untuk diingatkan.",
    ]
    assert inbox.to(opd["admin"]["email"]).body == message.body.replace(
        opd["produsen"]["fullname"], opd["admin"]["fullname"]
    )
    other = inbox.to(opd["lain"]["email"])
    assert other.subject == SUBJECT + "1 terlambat"
    assert "- Kunjungan puskesmas, Tahun 2025 (tenggat 31 Maret 2026)" in other.body
    assert "/daftar-data/opd/dinkes" in other.body
    assert "Jumlah" not in other.body


def test_nothing_to_say_sends_nothing(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    entry(opd["walidata"])  # 2026's data, due 31 March 2027
    done = entry(opd["walidata"], nama="Jumlah kelahiran", tahun=2025)
    dataset(opd["disdukcapil"], done["id"], "ditayangkan", ["2025"])

    assert digest(clock, inbox, MONDAY) == 0
    assert inbox.received == []
    assert recorded() == 0


# --- Never the same reminder twice ------------------------------------------------------


def test_a_reminder_goes_once_however_often_the_digest_runs(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    entry(opd["walidata"], frekuensi="triwulanan")
    entry(opd["walidata"], nama="Jumlah kelahiran", tahun=2025)
    assert digest(clock, inbox, MONDAY) == 2

    assert digest(clock, inbox, "2026-04-20 09:00:00") == 0  # the same day again
    assert digest(clock, inbox, "2026-04-21 00:05:00") == 0  # the next morning
    assert inbox.received == []


def test_a_period_due_soon_is_told_again_once_when_it_becomes_late(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    entry(opd["walidata"], frekuensi="triwulanan")
    assert digest(clock, inbox, "2026-04-15 00:05:00") == 0  # 30 April: 15 days ahead
    assert digest(clock, inbox, "2026-04-16 00:05:00") == 2  # 14 days ahead
    assert "1 akan jatuh tempo" in inbox.to(opd["produsen"]["email"]).subject

    assert digest(clock, inbox, "2026-04-30 00:05:00") == 0  # due today: not late yet
    assert digest(clock, inbox, "2026-05-01 00:05:00") == 2
    late = inbox.to(opd["produsen"]["email"])
    assert late.subject == SUBJECT + "1 terlambat"
    assert "- Jumlah penduduk menurut kecamatan, Triwulan I 2026 (tenggat 30 April 2026)" in (
        late.body
    )
    assert digest(clock, inbox, "2026-05-02 00:05:00") == 0


def test_a_period_returned_a_second_time_is_told_again(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    made = entry(opd["walidata"], nama="Jumlah perkawinan", frekuensi="semesteran")
    found = dataset(opd["disdukcapil"], made["id"], "diajukan", ["2026-S1"], name="kawin")
    act(opd["walidata"], "satudata_return", id="kawin", note="Kolom kecamatan kosong.")
    assert digest(clock, inbox, MONDAY) == 2
    assert inbox.to(opd["admin"]["email"]).subject == SUBJECT + "1 dikembalikan"
    assert digest(clock, inbox, "2026-04-21 00:05:00") == 0

    clock.move_to("2026-04-22 03:00:00")
    sdi.set_status(found["id"], "diajukan")  # corrected and submitted again
    assert digest(clock, inbox, "2026-04-23 00:05:00") == 0
    clock.move_to("2026-04-24 03:00:00")
    act(opd["walidata"], "satudata_return", id="kawin", note="Masih kosong.")

    assert digest(clock, inbox, "2026-04-25 00:05:00") == 2
    again = inbox.to(opd["produsen"]["email"])
    assert again.subject == SUBJECT + "1 dikembalikan"
    assert "- Jumlah perkawinan, Semester I 2026 (tenggat 31 Agustus 2026)" in again.body
    assert digest(clock, inbox, "2026-04-26 00:05:00") == 0


# --- Sending fails ----------------------------------------------------------------------


def test_an_smtp_server_that_is_down_records_nothing_and_the_next_run_sends(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry(opd["walidata"], nama="Jumlah kelahiran", tahun=2025)
    mail.server_down(monkeypatch)
    clock.move_to(MONDAY)
    tk.enqueue_job(reminders.run)
    [job] = run_jobs(JOB)
    assert (job.get_status(), job.return_value()) == ("finished", 0)  # logged, not raised
    assert recorded() == 0

    with mail.smtp_server(monkeypatch) as inbox:
        assert digest(clock, inbox, "2026-04-21 00:05:00") == 2
        assert inbox.addresses() == sorted([opd["produsen"]["email"], opd["admin"]["email"]])
        assert "Jumlah kelahiran, Tahun 2025" in inbox.to(opd["admin"]["email"]).body


# --- The daily job ----------------------------------------------------------------------


def scheduled() -> list[str]:
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    return sorted(i for i in registry.get_job_ids() if i.startswith(JOB_PREFIX))


def test_arming_twice_queues_one_job_for_the_next_morning(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    entry(opd["walidata"], nama="Jumlah kelahiran", tahun=2025)
    first = reminders.arm()
    assert reminders.arm() == first == "satudata-pengingat-20260421"  # 07:05: today's passed
    assert scheduled() == [first]

    clock.move_to("2026-04-21 00:00:30")  # 07:00:30 WIB
    model.Session.remove()
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True, with_scheduler=True)
    model.Session.remove()

    assert inbox.addresses() == sorted([opd["produsen"]["email"], opd["admin"]["email"]])
    assert scheduled() == ["satudata-pengingat-20260422"]  # the job armed the next one


def test_the_commands_run_the_digest_as_of_a_day_and_arm_the_job(
    opd: dict[str, Any], clock: FrozenDateTimeFactory, inbox: Inbox
) -> None:
    entry(opd["walidata"], frekuensi="triwulanan")
    runner = CliRunner()

    early = runner.invoke(cli_pengingat.ingatkan, ["--tanggal", "2026-04-01"])
    assert early.exit_code == 0, early.output
    assert early.output == "0 email pengingat Daftar Data dikirim.\n"
    on_time = runner.invoke(cli_pengingat.ingatkan, ["--tanggal", "2026-04-20"])
    assert on_time.output == "2 email pengingat Daftar Data dikirim.\n"
    assert "per 20 April 2026" in inbox.to(opd["admin"]["email"]).body

    armed = runner.invoke(cli_pengingat.jadwal_pengingat, [])
    assert armed.exit_code == 0, armed.output
    assert armed.output == "Pengingat harian Daftar Data dipasang (satudata-pengingat-20260421).\n"
    assert scheduled() == ["satudata-pengingat-20260421"]
