"""The daily reminder digest of the Daftar Data: each OPD's admins and editors (its
produsen) get one Indonesian email naming the periods of their OPD that

- are due soon (``akan_jatuh_tempo``): not delivered, the deadline within
  ``pengingat_hari`` days, today included;
- are late (``terlambat``);
- were returned by the walidata to be corrected (``dikembalikan``).

Each reminder (a period, its kind, an address and a ``tanda``) goes once: it is
recorded (satudata_daftar_pengingat) when its message was sent, and later digests
leave it out; an address with nothing new gets no email. The ``tanda`` of a due-soon
or late reminder is the deadline, so a deadline the walidata moves is news again; that
of a return is the return itself (the dataset and the moment it became perlu
perbaikan), so a period returned a second time is news again.

The job (``daily``) runs at 07:00 WIB in CKAN's worker (rq's scheduler) and arms the
next day's; ``arm`` queues it once per day however often it is called. Without a
worker, a cron may run the digest instead (``ingatkan`` in cli_pengingat.py). A
message that cannot be sent is logged and not recorded: the next run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from sqlalchemy.dialects.postgresql import insert

from .. import config
from ..ops.logs import event
from ..workflow import notify
from ..workflow.status import SINCE_FIELD
from . import registry, tracking
from .digest import (
    Digest,
    Owed,
    Sent,
    digests,
    job_id,
    next_morning,
    reminders_of,
    return_mark,
    variables,
)
from .models import Pengingat
from .periods import today as today_in_serang

log = logging.getLogger(__name__)

TEMPLATE = "daftar_pengingat.txt"
DAILY = "ckanext.satudata_serang.daftar.reminders.daily"
PRODUSEN = ("admin", "editor")  # the member capacities told


# --- Glue: what the portal holds, sending, the schedule ----------------------------------


def owed_periods(today: date) -> list[Owed]:
    """Every period of this year's and last year's Daftar Data (a year's data is due
    early the next) and where it stands today: older lists are history, not news."""
    entries = [e for e in registry.listing() if e.tahun >= today.year - 1]
    found = tracking.states(entries, today)
    returned = {d for item in found for s in item.states.values() if s.returned for d in s.datasets}
    since: dict[str, str] = {}
    if returned:
        packages = model.Session.query(model.Package).filter(model.Package.id.in_(returned))
        since = {p.id: str((p.extras or {}).get(SINCE_FIELD) or "") for p in packages}
    owed: list[Owed] = []
    for item in found:
        for row in item.entri.periode:
            state = item.states[row.id]
            mark = return_mark(state.datasets, since) if state.returned else ""
            owed.append(
                Owed(
                    row.id,
                    item.entri.organization_id,
                    item.entri.nama,
                    row.kode,
                    row.tenggat,
                    state,
                    mark,
                )
            )
    return owed


def produsen(organization_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """(name, email) of the active admins and editors with an email of each active OPD."""
    ids = list(set(organization_ids))
    if not ids:
        return {}
    rows = model.Session.execute(
        sa.select(model.Member.group_id, model.User)
        .join(model.User, model.User.id == model.Member.table_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(PRODUSEN),
            model.Member.group_id.in_(ids),
            model.Group.state == "active",
        )
        .order_by(model.User.name)
    )
    people: dict[str, list[notify.Person | None]] = {}
    for group_id, user in rows:
        person = notify.Person(user.id, user.display_name, user.email, user.state == "active")
        people.setdefault(group_id, []).append(person)
    return {group_id: notify.pick(found, None) for group_id, found in people.items()}


def already_sent(periode_ids: Iterable[str]) -> set[Sent]:
    ids = list(set(periode_ids))
    if not ids:
        return set()
    rows = model.Session.execute(
        sa.select(Pengingat.periode_id, Pengingat.jenis, Pengingat.penerima, Pengingat.tanda).where(
            Pengingat.periode_id.in_(ids)
        )
    )
    return {(p, j, r, t) for p, j, r, t in rows}


def _organizations(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    groups = model.Session.query(model.Group).filter(model.Group.id.in_(list(set(ids))))
    return {g.id: (g.name, g.title or "") for g in groups}


def compose(values: Mapping[str, Any]) -> tuple[str, str]:
    """Subject (prefixed with the site's title) and body: the template's blocks."""
    template = notify.templates().get_template(TEMPLATE)
    context = template.new_context(dict(values))
    subject = " ".join("".join(template.blocks["subject"](context)).split())
    body = "".join(template.blocks["body"](context))
    site_title = " ".join(config.site_title().split())
    return (f"[{site_title}] {subject}" if site_title else subject), body


def _record(digest: Digest) -> None:
    rows = [
        {"periode_id": p, "jenis": j, "penerima": r, "tanda": t} for p, j, r, t in digest.reminded()
    ]
    # a run started by hand alongside the job may have recorded the same ones
    model.Session.execute(insert(Pengingat).values(rows).on_conflict_do_nothing())
    model.Session.commit()


def run(today: date | None = None) -> int:
    """Send today's digests (``today``: a day in WIB, default today); the number of
    emails sent. Logs, never raises."""
    day = today or today_in_serang()
    try:
        days = config.reminder_days()
        owed = [o for o in owed_periods(day) if reminders_of(o, day, days)]
        people = produsen(o.organization_id for o in owed)
        to_send = digests(owed, people, already_sent(o.periode_id for o in owed), day, days)
        opds = _organizations(people)
        messages = [
            (d, *compose(variables(d, opds, config.site_url(), day, days))) for d in to_send
        ]
    except Exception:
        log.exception("Pengingat Daftar Data %s tidak dapat disusun", day)
        model.Session.rollback()
        return 0
    sent = 0
    for digest, subject, body in messages:
        try:
            tk.mail_recipient(digest.name, digest.email, subject, body)
        except Exception:
            log.exception("Pengingat Daftar Data ke %s gagal dikirim", digest.email)
            continue
        try:
            _record(digest)
        except Exception:  # sent but not recorded: it may go again tomorrow
            log.exception("Pengingat Daftar Data ke %s tidak dapat dicatat", digest.email)
            model.Session.rollback()
        sent += 1
    log.info("Pengingat Daftar Data %s: %d email dikirim", day, sent)
    event(log, "pengingat_terkirim", tanggal=day.isoformat(), terkirim=sent, disusun=len(messages))
    return sent


def arm(at: datetime | None = None) -> str | None:
    """Queue the digest for the next 07:00 WIB after ``at`` (default now); its job id,
    None if Redis cannot be reached (logged)."""
    slot = next_morning(at or datetime.now(UTC))
    found = job_id(slot)
    try:
        jobs.get_queue().enqueue_at(
            slot.astimezone(UTC), DAILY, job_id=found, meta={"title": "Pengingat Daftar Data"}
        )
    except Exception:
        log.exception("Pengingat Daftar Data tidak dapat diantrekan")
        return None
    return found


def daily() -> int:
    """The scheduled job: today's digests, then tomorrow's job."""
    try:
        return run()
    finally:
        arm()
