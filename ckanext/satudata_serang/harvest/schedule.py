"""Harvest sources run on their frequency (DAILY, WEEKLY, …; MANUAL: only when
started), by CKAN's worker.

A check job (rq's scheduler, which ``ckan jobs worker`` runs) wakes every
``harvest_check_minutes``: it creates a job for every active source that is due
(ckanext-harvest's ``next_run``), queues every new job the queue lost, closes jobs
left running by a worker that died, and queues the next check. The check is queued
for the next whole slot of the interval, under that slot's id, so however often it
is armed (by itself, by ``ckan satudata panen jadwal`` run by ``ckan satudata
prepare`` on every start) there is one check per slot. Everything it needs is in
the database: an emptied Redis loses nothing but the wake-up, which prepare re-arms.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from ckan.types import Context
from ckanext.harvest.logic import HarvestJobExists

from .. import background, config
from . import runner
from .models import HarvestGatherError, HarvestJob, HarvestSource

log = logging.getLogger(__name__)

CHECK = "ckanext.satudata_serang.harvest.schedule.check"
CHECK_PREFIX = "satudata-panen-periksa-"
INTERVALS = {
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "BIWEEKLY": timedelta(weeks=2),
    "MONTHLY": timedelta(days=30),
    "ALWAYS": timedelta(0),
}


def now() -> datetime:
    return datetime.now(UTC)


def _naive(moment: datetime) -> datetime:
    """ckanext-harvest keeps naive UTC times."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def next_slot(moment: datetime, minutes: int) -> datetime:
    """The start of the next whole interval after ``moment`` (UTC). Pure."""
    step = minutes * 60
    epoch = int(moment.timestamp())
    return datetime.fromtimestamp((epoch // step + 1) * step, UTC)


def check_job_id(slot: datetime) -> str:
    return f"{CHECK_PREFIX}{slot.strftime('%Y%m%dT%H%M')}"


def arm(at: datetime | None = None) -> str | None:
    """Queue the check for the next slot; its job id, None if Redis cannot be
    reached (logged: the next prepare arms it)."""
    slot = next_slot(at or now(), config.harvest_check_minutes())
    job_id = check_job_id(slot)
    try:
        jobs.get_queue().enqueue_at(
            slot, CHECK, job_id=job_id, meta={"title": "Periksa jadwal panen"}
        )
    except Exception:
        log.exception("Could not queue the harvest schedule check")
        return None
    return job_id


def due_sources(moment: datetime) -> list[Any]:
    return (
        model.Session.query(HarvestSource)
        .filter(
            HarvestSource.active.is_(True),
            HarvestSource.frequency != "MANUAL",
            sa.or_(HarvestSource.next_run.is_(None), HarvestSource.next_run <= _naive(moment)),
        )
        .order_by(HarvestSource.created)
        .all()
    )


def start_due(moment: datetime) -> list[str]:
    """A job for every source due now (harvest_job_create: queued by its chained
    harvest_send_job_to_gather_queue); the source's next run moves on."""
    site_user = tk.get_action("get_site_user")(cast(Context, {"ignore_auth": True}), {})
    started: list[str] = []
    for source in due_sources(moment):
        interval = INTERVALS.get(source.frequency or "", timedelta(days=1))
        try:
            created = tk.get_action("harvest_job_create")(
                cast(
                    Context, {"user": site_user["name"], "model": model, "session": model.Session}
                ),
                {"source_id": source.id, "run": True},
            )
            started.append(str(created["id"]))
        except HarvestJobExists:
            log.info("Source %s still has a job waiting or running", source.id)
        except Exception:  # one source's trouble must not stop the others
            log.exception("Could not start a job for harvest source %s", source.id)
            model.Session.rollback()
        again = model.Session.get(HarvestSource, source.id) or source
        again.next_run = _naive(moment + interval)
        again.save()
    return started


def requeue_new() -> list[str]:
    """Queue again the new jobs the queue does not hold (Redis emptied, a start that
    could not reach it)."""
    waiting = model.Session.query(HarvestJob).filter(HarvestJob.status == runner.NEW).all()
    queued: list[str] = []
    for job in waiting:
        if job.source is None or not job.source.active or runner.is_queued(job.id):
            continue
        runner.enqueue(job.id, job.source.title or "")
        queued.append(job.id)
    return queued


def close_stale(moment: datetime) -> list[str]:
    """Jobs still "Running" well past the time limit: their worker died (killed,
    restarted) without finishing them."""
    limit = timedelta(minutes=config.harvest_job_minutes() + 10)
    stale = (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.status == runner.RUNNING, HarvestJob.created < _naive(moment - limit))
        .all()
    )
    closed: list[str] = []
    for job in stale:
        if runner.is_queued(job.id):
            continue
        HarvestGatherError.create(
            tk._(
                "The harvest did not finish: the worker stopped while it ran. It was closed "
                "by the scheduled check."
            ),
            job,
        )
        runner.finish(job.id)
        closed.append(job.id)
    return closed


def check() -> dict[str, Any]:
    """The periodic job: close, start, requeue, and arm the next check."""
    moment = now()
    try:
        with background.in_site_request():
            return {
                "ditutup": close_stale(moment),
                "dimulai": start_due(moment),
                "diantrekan": requeue_new(),
            }
    finally:
        arm(moment)
