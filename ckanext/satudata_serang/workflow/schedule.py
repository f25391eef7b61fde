"""Scheduled publication: the walidata approves and names a release moment; CKAN's
background worker publishes the dataset then.

The schedule is a row in satudata_publication_schedule; the job queued for the
moment (rq's scheduler, which ``ckan jobs worker`` runs) only wakes the worker. So a
restart loses nothing: ``arm_all`` queues a job again for every row (``ckan satudata
prepare`` does it on every start, ``ckan satudata jadwal-tayang`` on demand), a
moment passed while the worker was down publishes at once, and a job whose row has
gone (the dataset was published meanwhile, withdrawn or returned) does nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from ckan import model
from ckan.lib import jobs

from ..model.workflow import PublicationSchedule
from . import release

log = logging.getLogger(__name__)

JOB = "ckanext.satudata_serang.workflow.schedule.publish_when_due"


def job_id(package_id: str) -> str:
    return f"satudata-tayang-{package_id}"


def now() -> datetime:
    return datetime.now(UTC)


def of(package_id: str) -> PublicationSchedule | None:
    return model.Session.get(PublicationSchedule, package_id)


def release_moments(package_ids: list[str]) -> dict[str, str]:
    """The scheduled release (ISO) of each of these datasets that has one."""
    if not package_ids:
        return {}
    rows = model.Session.query(PublicationSchedule).filter(
        PublicationSchedule.package_id.in_(package_ids)
    )
    return {row.package_id: row.release_at.isoformat() for row in rows}


def put(package_id: str, release_at: datetime, actor_id: str | None) -> PublicationSchedule:
    """Keep (or move) the dataset's release moment; committed by the caller."""
    row = of(package_id) or PublicationSchedule(package_id=package_id)
    row.release_at = release_at
    row.scheduled_by = actor_id
    row.created = now()
    model.Session.add(row)
    return row


def drop(package_id: str) -> None:
    """Forget the schedule (in the caller's transaction): the dataset is published
    now or leaves ``disetujui``."""
    row = of(package_id)
    if row is not None:
        model.Session.delete(row)


def arm(package_id: str, release_at: datetime) -> bool:
    """Queue the wake-up job for the moment (replacing an earlier one). A queue that
    cannot be reached is logged: the row stays, and the next ``arm_all`` queues it."""
    try:
        jobs.get_queue().enqueue_at(
            release_at,
            JOB,
            package_id,
            job_id=job_id(package_id),
            meta={"title": f"Tayang terjadwal {package_id}"},
        )
    except Exception:  # Redis down must not undo a committed step
        log.exception("Could not queue the scheduled publication of %s", package_id)
        return False
    return True


def every_schedule() -> list[PublicationSchedule]:
    """Every scheduled publication, soonest first."""
    return model.Session.query(PublicationSchedule).order_by(PublicationSchedule.release_at).all()


def arm_all(rows: list[PublicationSchedule] | None = None) -> int:
    """Queue a wake-up for every scheduled dataset (or for ``rows``); returns how many
    were queued."""
    chosen = every_schedule() if rows is None else rows
    return sum(arm(row.package_id, row.release_at) for row in chosen)


def publish_when_due(package_id: str) -> None:
    """The job: publish the dataset if its moment has come and it is still approved."""
    from . import service  # service takes the step; it imports this module

    row = of(package_id)
    if row is None:
        log.info("No schedule for %s any more: nothing to publish", package_id)
        return
    if not release.is_due(row.release_at, now()):
        arm(package_id, row.release_at)  # moved later meanwhile
        return
    service.publish_scheduled(package_id, row.scheduled_by, row.release_at)
