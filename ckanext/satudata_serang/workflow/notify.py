"""Email about each workflow step, sent by a background job after the step committed.

Who is told (``recipients``):

- submit, and a produsen's new revision of a published dataset (revisi_diajukan):
  every walidata (members of the organizations flagged walidata and the users of
  ``ckanext.satudata_serang.walidata_users``);
- return, approve, publish, withdraw, and a publication scheduled for later
  (jadwalkan): the user who last submitted the dataset and the admins of its OPD; an
  approval that sends the dataset to the pembina data (→ pemeriksaan_pembina) tells
  the configured pembina too, and the pembina's approval (→ disetujui) tells the
  walidata too, who publish it;
- a revision of a published dataset approved or returned (revisi_disetujui,
  revisi_dikembalikan): the produsen who proposed it and the admins of its OPD.

Other events (ubah, override) send nothing.

Each address gets one message; users without an email, deleted (or not yet active)
users and the user who took the step are left out: they know what they did.

The texts are Indonesian Jinja templates (templates/emails/satudata/<step>.txt), not
gettext strings: a job runs outside any request, so gettext would answer in English,
and the portal's readers are Indonesian. Status labels come from the status_verifikasi
vocabulary.

Sending goes through CKAN's mailer (``smtp.server``, ``smtp.mail_from``…). Nothing here
ever raises into the workflow: the step is already committed when the job is queued, a
queue that cannot be reached is logged, and a message that cannot be sent is logged
(with the event id) while the others still go.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

import ckan.plugins.toolkit as tk
import jinja2
import sqlalchemy as sa
from ckan import model

from .. import config, vocabulary
from ..model.workflow import WorkflowEvent
from . import release, roles
from .states import Status, Step

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "emails" / "satudata"
STATUS_VOCABULARY = "status_verifikasi"
# Events recorded by revisions.decide.
REVISION_STEPS = frozenset({"revisi_disetujui", "revisi_dikembalikan"})
# Recorded by revisions.propose and service._schedule.
REVISION_PROPOSED = "revisi_diajukan"
SCHEDULED = "jadwalkan"
TO_THE_WALIDATA = frozenset({Step.SUBMIT, REVISION_PROPOSED})
TO_THE_SUBMITTER = frozenset({Step.RETURN, Step.APPROVE, Step.PUBLISH, Step.WITHDRAW, SCHEDULED})


@dataclass(frozen=True)
class Person:
    """A user as far as mail goes."""

    id: str
    name: str
    email: str | None
    active: bool


@dataclass(frozen=True)
class Message:
    name: str
    email: str
    subject: str
    body: str


# --- Pure parts ----------------------------------------------------------------------


def pick(people: Iterable[Person | None], actor_id: str | None) -> list[tuple[str, str]]:
    """(name, email) of each person to tell, in order: one per address, skipping the
    missing, the inactive, those without an email and the actor."""
    chosen: list[tuple[str, str]] = []
    seen: set[str] = set()
    for person in people:
        if person is None or not person.active or person.id == actor_id:
            continue
        email = (person.email or "").strip()
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        chosen.append((person.name, email))
    return chosen


@cache
def templates() -> jinja2.Environment:
    """The portal's email templates (templates/emails/satudata/)."""
    # Plain text: nothing to escape (and nothing escaped by mistake in a title).
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def compose(step: str, variables: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of the message about ``step`` (its template's ``subject``
    block and the whole rendered template)."""
    template = templates().get_template(f"{step}.txt")
    context = template.new_context(variables)
    subject = "".join(template.blocks["subject"](context))
    body = template.render(variables)
    site_title = _one_line(str(variables.get("site_title") or ""))
    subject = _one_line(subject)  # one header line
    return (f"[{site_title}] {subject}" if site_title else subject), body


def _one_line(text: str) -> str:
    return " ".join(text.split())


def status_label(code: str) -> str:
    return vocabulary.get(STATUS_VOCABULARY).label(code)


# --- Glue: who, what, sending ----------------------------------------------------------


def _person(user: model.User | None) -> Person | None:
    if user is None:
        return None
    return Person(
        id=user.id,
        name=user.display_name,
        email=user.email,
        active=user.state == "active",
    )


def _users(query: Any) -> list[Person | None]:
    return [_person(user) for user in cast(list[model.User], query.order_by(model.User.name))]


def walidata_people() -> list[Person | None]:
    """Members (any capacity) of the organizations flagged walidata and the users
    named in ``walidata_users``."""
    members = sa.select(model.Member.table_id).where(
        model.Member.table_name == "user",
        model.Member.state == "active",
        model.Member.group_id.in_(roles.walidata_organizations()),
    )
    query = model.Session.query(model.User).filter(
        sa.or_(model.User.id.in_(members), model.User.name.in_(config.walidata_users()))
    )
    return _users(query)


def pembina_people() -> list[Person | None]:
    names = config.pembina_users()
    return _users(model.Session.query(model.User).filter(model.User.name.in_(names)))


def opd_admins(owner_org: str | None) -> list[Person | None]:
    if not owner_org:
        return []
    admins = sa.select(model.Member.table_id).where(
        model.Member.table_name == "user",
        model.Member.state == "active",
        model.Member.capacity == "admin",
        model.Member.group_id == owner_org,
    )
    return _users(model.Session.query(model.User).filter(model.User.id.in_(admins)))


def submitter(event: WorkflowEvent) -> Person | None:
    """Who took the dataset's latest submit up to this event."""
    latest = (
        model.Session.query(WorkflowEvent)
        .filter(
            WorkflowEvent.package_id == event.package_id,
            WorkflowEvent.step == Step.SUBMIT.value,
            WorkflowEvent.created <= event.created,
        )
        .order_by(WorkflowEvent.created.desc())
        .first()
    )
    if latest is None or not latest.actor_id:
        return None
    return _person(model.User.get(latest.actor_id))


def revision_author(event: WorkflowEvent) -> Person | None:
    """Who proposed the revision an event decided (its details name them)."""
    revision = (event.details or {}).get("revisi") or {}
    name = revision.get("oleh") if isinstance(revision, dict) else None
    return _person(model.User.get(str(name))) if name else None


def recipients(event: WorkflowEvent) -> list[tuple[str, str]]:
    """(name, email) of everyone to tell about ``event`` (see the module's doc)."""
    if event.step in TO_THE_WALIDATA:
        return pick(walidata_people(), event.actor_id)
    package = model.Package.get(event.package_id)
    admins = opd_admins(package.owner_org if package else None)
    if event.step in REVISION_STEPS:
        return pick([revision_author(event), *admins], event.actor_id)
    if event.step not in TO_THE_SUBMITTER:
        return []
    people = [submitter(event), *admins]
    if event.to_status == Status.PEMERIKSAAN_PEMBINA.value:
        people += pembina_people()
    if event.step == Step.APPROVE and event.from_status == Status.PEMERIKSAAN_PEMBINA.value:
        people += walidata_people()
    return pick(people, event.actor_id)


def release_moment(event: WorkflowEvent) -> str:
    """The scheduled release of a jadwalkan or scheduled publish event, in WIB."""
    details = event.details or {}
    moment = details.get("tayang_pada") or details.get("terjadwal")
    return release.in_wib(datetime.fromisoformat(str(moment))) if moment else ""


def dataset_link(package: model.Package) -> str:
    """The dataset page's absolute address. CKAN's url_for makes a request context of
    its own outside requests (ckan.root_path included); the fallback needs none."""
    dataset_type = package.type or "dataset"
    try:
        return tk.url_for(f"{dataset_type}.read", id=package.name, _external=True)
    except Exception:
        return f"{config.site_url()}/{dataset_type}/{package.name}"


def messages(event: WorkflowEvent) -> list[Message]:
    package = model.Package.get(event.package_id)
    if package is None:
        return []
    organization = model.Group.get(package.owner_org) if package.owner_org else None
    actor = model.User.get(event.actor_id) if event.actor_id else None
    variables: dict[str, Any] = {
        "site_title": config.site_title(),
        "title": _one_line(package.title or package.name),
        "organization": _one_line(organization.title or organization.name) if organization else "-",
        "from_status": event.from_status,
        "to_status": event.to_status,
        "from_label": status_label(event.from_status),
        "to_label": status_label(event.to_status),
        "note": event.note or "",
        "actor": actor.display_name if actor else "-",
        "link": dataset_link(package),
        "release": release_moment(event),
    }
    built: list[Message] = []
    for name, email in recipients(event):
        subject, body = compose(event.step, {**variables, "recipient": name})
        built.append(Message(name=name, email=email, subject=subject, body=body))
    return built


def send_for_event(event_id: str) -> None:
    """The background job: email everyone concerned by the event. Logs, never raises."""
    try:
        event = model.Session.get(WorkflowEvent, event_id)
        if event is None:  # the dataset was purged meanwhile
            log.warning("Notifikasi alur kerja: peristiwa %s tidak ditemukan", event_id)
            return
        to_send = messages(event)
    except Exception:
        log.exception("Notifikasi alur kerja: email peristiwa %s tidak dapat disusun", event_id)
        return
    for message in to_send:
        try:
            tk.mail_recipient(message.name, message.email, message.subject, message.body)
        except Exception:
            log.exception(
                "Notifikasi alur kerja: email peristiwa %s ke %s gagal dikirim",
                event_id,
                message.email,
            )
        else:
            log.info("Notifikasi alur kerja: peristiwa %s dikirim ke %s", event_id, message.email)


def enqueue_for(event: WorkflowEvent) -> None:
    """Queue the emails about ``event`` (already committed); a queue that cannot be
    reached is logged and the step stands."""
    event_id = "?"
    try:
        event_id = event.id
        tk.enqueue_job(
            send_for_event,
            [event_id],
            title=f"Notifikasi {event.step} dataset {event.package_id}",
        )
    except Exception:
        log.exception("Notifikasi alur kerja: peristiwa %s tidak dapat diantrekan", event_id)
