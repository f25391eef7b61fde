"""CKAN's background worker as the tests run it."""

from __future__ import annotations

from ckan import model
from ckan.lib import jobs
from rq.job import Job


def run_jobs(func_name: str) -> list[Job]:
    """CKAN's worker in burst mode on the default queue, as `ckan jobs worker` runs
    (each job forked): the jobs of ``func_name`` queued so far run, jobs of other
    kinds (an email, a load, a check) are dropped first. Returns the jobs that ran."""
    queue = jobs.get_queue()
    ours: list[Job] = []
    for queued in queue.jobs:
        if queued.func_name == func_name:
            ours.append(queued)
        else:
            queued.delete()
    model.Session.remove()
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)
    model.Session.remove()
    return ours
