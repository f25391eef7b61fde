"""One harvest job, run by CKAN's background worker (rq) in one process: gather, then
fetch and import of every object, as ``ckan harvester run-test`` does, recorded in
ckanext-harvest's own tables so its pages (/harvest/<source>, the job reports) show
them. ckanext-harvest's gather and fetch consumers are not used: with redis-py 8 they
die after a few seconds idle (upstream issue 581).

Each job is a job of its own in the queue, with its own time limit
(``harvest_job_minutes``): a source that fails, hangs or answers too much stops its
own job, which is marked finished with the reason, and the next job runs.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs
from ckan.lib import search as ckan_search
from ckanext.harvest import queue as harvest_queue
from rq.timeouts import JobTimeoutException

from .. import config
from ..background import in_site_request
from ..ops.logs import event, ms_since
from .models import HarvestGatherError, HarvestJob, HarvestObject, HarvestObjectError

log = logging.getLogger(__name__)

NEW, RUNNING, FINISHED = "New", "Running", "Finished"


def rq_job_id(harvest_job_id: str) -> str:
    return f"satudata-panen-{harvest_job_id}"


def enqueue(harvest_job_id: str, source_title: str = "") -> None:
    """Queue the job for the worker (again: a job already waiting keeps its place and
    a second run of a finished job does nothing)."""
    jobs.enqueue(
        run,
        [harvest_job_id],
        title=f"Panen {source_title or harvest_job_id}",
        rq_kwargs={
            "timeout": config.harvest_job_minutes() * 60,
            "job_id": rq_job_id(harvest_job_id),
        },
    )


def is_queued(harvest_job_id: str) -> bool:
    try:
        found = jobs.job_from_id(rq_job_id(harvest_job_id))
    except KeyError:
        return False
    return found.get_status(refresh=True) in ("queued", "started", "scheduled", "deferred")


def run(harvest_job_id: str) -> None:
    """The worker's job: run the harvest job if it is still new."""
    with in_site_request():
        run_here(harvest_job_id)


def run_here(harvest_job_id: str) -> None:
    job = HarvestJob.get(harvest_job_id)
    if job is None or job.status != NEW:
        log.info(
            "Harvest job %s is not new (%s): nothing to run", harvest_job_id, job and job.status
        )
        return
    if not job.source.active:
        job.status = "Aborted"
        job.save()
        return
    job.status = RUNNING
    job.save()
    started = time.monotonic()
    event(log, "panen_mulai", job=harvest_job_id, sumber=job.source_id)
    try:
        harvester = harvest_queue.get_harvester(job.source.type)
        if harvester is None:
            HarvestGatherError.create(
                tk._("No harvester is enabled for sources of type {type}.").format(
                    type=job.source.type
                ),
                job,
            )
            return
        for object_id in _gather(harvester, job):
            _fetch_and_import(harvester, object_id)
    except JobTimeoutException:
        model.Session.rollback()
        HarvestGatherError.create(
            tk._("The harvest was stopped after {minutes} minutes, its time limit.").format(
                minutes=config.harvest_job_minutes()
            ),
            HarvestJob.get(harvest_job_id),
        )
        raise
    finally:
        finish(harvest_job_id)
        event(log, "panen_berakhir", job=harvest_job_id, durasi_ms=ms_since(started))


def _gather(harvester: Any, job: Any) -> list[str]:
    try:
        found = harvest_queue.gather_stage(harvester, job)
    except JobTimeoutException:
        raise
    except Exception as error:
        log.exception("Gather stage of harvest job %s failed", job.id)
        model.Session.rollback()
        HarvestGatherError.create(
            tk._("The harvest stopped while reading the source: {error}").format(error=error),
            HarvestJob.get(job.id),
        )
        return []
    return found if isinstance(found, list) else []


def _fetch_and_import(harvester: Any, object_id: str) -> None:
    """One record; whatever goes wrong with it is its error, the others go on."""
    harvest_object = HarvestObject.get(object_id)
    if harvest_object is None:
        return
    try:
        harvest_queue.fetch_and_import_stages(harvester, harvest_object)
    except JobTimeoutException:
        raise
    except Exception as error:
        log.exception("Harvest object %s failed", object_id)
        model.Session.rollback()
        harvest_object = HarvestObject.get(object_id)
        HarvestObjectError.create(
            tk._("The record could not be imported: {error}").format(error=error),
            harvest_object,
            "Import",
        )
        harvest_object.state = "ERROR"
        harvest_object.report_status = "errored"
        harvest_object.save()


def finish(harvest_job_id: str) -> None:
    """Mark the job finished (whatever happened) and any object left halfway as an
    error, and refresh the source's search entry (its last job)."""
    model.Session.rollback()
    job = HarvestJob.get(harvest_job_id)
    if job is None:
        return
    now = datetime.now(UTC).replace(tzinfo=None)  # ckanext-harvest keeps naive UTC
    model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_job_id == job.id,
        HarvestObject.state.notin_(["COMPLETE", "ERROR"]),
    ).update({"state": "ERROR", "report_status": "errored"}, synchronize_session=False)
    job.status = FINISHED
    job.gather_finished = job.gather_finished or now
    job.finished = now
    job.save()
    try:
        ckan_search.rebuild(job.source_id)
    except Exception:  # the job is finished either way; the page reads the database
        log.exception("Could not reindex harvest source %s", job.source_id)
