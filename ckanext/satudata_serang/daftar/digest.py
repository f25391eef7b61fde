"""What the daily Daftar Data digest says, and to whom (reminders.py sends it): the
reminders of each period owed, each address's new ones, the template's variables.
Pure: no CKAN.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from ..workflow.release import WIB, tanggal
from . import periods
from .fulfilment import PeriodState, State

JOB_PREFIX = "satudata-pengingat-"
MORNING = time(7, 0)  # WIB


class Jenis(StrEnum):
    AKAN_JATUH_TEMPO = "akan_jatuh_tempo"
    TERLAMBAT = "terlambat"
    DIKEMBALIKAN = "dikembalikan"


@dataclass(frozen=True)
class Owed:
    """A period an OPD owes and where it stands."""

    periode_id: str
    organization_id: str
    nama: str  # nama data
    kode: str
    tenggat: date
    state: PeriodState
    returned_as: str = ""  # the tanda of its latest return (``return_mark``)


@dataclass(frozen=True)
class Reminder:
    owed: Owed
    jenis: Jenis
    tanda: str


# (periode_id, jenis, penerima: the address in lower case, tanda): Pengingat's key
Sent = tuple[str, str, str, str]


@dataclass(frozen=True)
class Digest:
    """One email: everything new for one address."""

    name: str
    email: str
    reminders: tuple[Reminder, ...]

    def reminded(self) -> list[Sent]:
        return [key(r, self.email) for r in self.reminders]


def key(reminder: Reminder, email: str) -> Sent:
    return (reminder.owed.periode_id, reminder.jenis.value, email.strip().lower(), reminder.tanda)


def return_mark(datasets: Sequence[str], since: Mapping[str, str]) -> str:
    """What identifies the latest return among the returned datasets covering a period:
    the dataset and the moment its status became perlu perbaikan."""
    if not datasets:
        return ""
    moment, dataset = max((since.get(d, ""), d) for d in datasets)
    return f"{dataset}@{moment}"


def reminders_of(owed: Owed, today: date, days: int) -> list[Reminder]:
    """What there is to say about a period today (said or not before)."""
    found: list[Reminder] = []
    deadline = owed.tenggat.isoformat()
    state = owed.state.state
    if state is State.BELUM and today <= owed.tenggat <= today + timedelta(days=days):
        found.append(Reminder(owed, Jenis.AKAN_JATUH_TEMPO, deadline))
    if state is State.TERLAMBAT:
        found.append(Reminder(owed, Jenis.TERLAMBAT, deadline))
    if owed.state.returned:
        found.append(Reminder(owed, Jenis.DIKEMBALIKAN, owed.returned_as))
    return found


def digests(
    owed: Iterable[Owed],
    people: Mapping[str, Sequence[tuple[str, str]]],
    sent: Set[Sent],
    today: date,
    days: int,
) -> list[Digest]:
    """The emails to send: for each (name, email) of ``people`` (by OPD id) the
    reminders of their OPDs not in ``sent``, in deadline order; none for an address
    with nothing new. An address of several OPDs gets one email for all of them."""
    by_address: dict[str, tuple[str, str, list[Reminder]]] = {}
    for item in sorted(owed, key=lambda o: (o.tenggat, o.nama.lower(), o.kode)):
        found = reminders_of(item, today, days)
        for name, email in people.get(item.organization_id, ()):
            address = email.strip().lower()
            new = [r for r in found if key(r, address) not in sent]
            if new:
                by_address.setdefault(address, (name, email, []))[2].extend(new)
    return [Digest(name, email, tuple(found)) for name, email, found in by_address.values()]


def label(kode: str) -> str:
    period = periods.parse(kode)
    return period.label if period else kode


def shown(digest: Digest) -> list[Reminder]:
    """The reminders the email lists: a late period returned is listed once, as
    returned (its deadline marked as passed)."""
    returned = {r.owed.periode_id for r in digest.reminders if r.jenis is Jenis.DIKEMBALIKAN}
    return [
        r
        for r in digest.reminders
        if not (r.jenis is Jenis.TERLAMBAT and r.owed.periode_id in returned)
    ]


def variables(
    digest: Digest, opds: Mapping[str, tuple[str, str]], site_url: str, today: date, days: int
) -> dict[str, Any]:
    """The template's variables; ``opds`` gives each OPD's (name, title) by id."""
    listed = shown(digest)
    sections: dict[str, dict[str, Any]] = {}
    for reminder in listed:
        owed = reminder.owed
        name, title = opds.get(owed.organization_id, (owed.organization_id, ""))
        section = sections.setdefault(
            owed.organization_id,
            {
                "title": title or name,
                "link": f"{site_url}/daftar-data/opd/{name}",
                **{jenis.value: [] for jenis in Jenis},
            },
        )
        section[reminder.jenis.value].append(
            {
                "nama": owed.nama,
                "label": label(owed.kode),
                "tenggat": tanggal(owed.tenggat),
                "lewat": owed.tenggat < today,
            }
        )
    return {
        "recipient": digest.name,
        "hari": tanggal(today),
        "hari_pengingat": days,
        "opd": list(sections.values()),
        "jumlah": {j.value: sum(r.jenis is j for r in listed) for j in Jenis},
    }


def next_morning(moment: datetime) -> datetime:
    """The first 07:00 WIB after ``moment`` (aware)."""
    local = moment.astimezone(WIB)
    slot = datetime.combine(local.date(), MORNING, WIB)
    if slot <= local:
        slot = datetime.combine(local.date() + timedelta(days=1), MORNING, WIB)
    return slot


def job_id(slot: datetime) -> str:
    return f"{JOB_PREFIX}{slot.astimezone(WIB).strftime('%Y%m%d')}"
