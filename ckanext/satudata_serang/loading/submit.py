"""Which resources are loaded into the DataStore, and the queueing of their loads.

ckanext-xloader decides when (a new resource through resource_create, a changed URL
or upload) and calls ``xloader_submit``; this module's chained ``xloader_submit``
queues the portal's own job (loading/job.py) instead of xloader's, with xloader's
task row. Resources added by package_create or package_update, which xloader never
submits, are submitted by the plugin's ``notify`` through ``submit_new``.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, cast

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs
from ckan.types import Action, Context, DataDict

from .. import config

log = logging.getLogger(__name__)

SKIPPED_URL_TYPES = ("datapusher", "xloader", "datastore")
QUEUED_STATES = ("queued", "started", "scheduled", "deferred")


def loadable(resource: dict[str, Any]) -> bool:
    """A resource whose file the portal loads (a table format, a real file)."""
    from ckanext.xloader.utils import XLoaderFormats

    if resource.get("url_type") in SKIPPED_URL_TYPES or not resource.get("url"):
        return False
    return bool(XLoaderFormats.is_it_an_xloader_format(resource.get("format") or ""))


def _waiting_job(resource_id: str) -> bool:
    """A load of the resource is still in the queue (a second would load the same)."""
    task = (
        model.Session.query(model.TaskStatus)
        .filter_by(entity_id=resource_id, task_type="xloader", key="xloader")
        .first()
    )
    if task is None or task.state != "pending":
        return False
    try:
        job_id = str((json.loads(task.value or "{}") or {}).get("job_id"))
        return jobs.job_from_id(job_id).get_status(refresh=True) == "queued"
    except Exception:
        return False


def queue(resource_id: str) -> str:
    """Queue a load of the resource; its task row says pending. Returns the job id."""
    from . import job

    if _waiting_job(resource_id):
        log.debug("Load of %s already waiting in the queue", resource_id)
        return ""
    job_id = f"satudata-muat-{resource_id}-{uuid.uuid4().hex[:8]}"
    job.write_task(resource_id, "pending", {"job_id": job_id, "langkah": "antre"})
    jobs.enqueue(
        job.run,
        [resource_id, job_id],
        title=f"Muat ke DataStore: {resource_id}",
        rq_kwargs={"timeout": config.loading_job_minutes() * 60, "job_id": job_id},
    )
    return job_id


@tk.chained_action
def xloader_submit(up_func: Action, context: Context, data_dict: DataDict) -> bool:
    """ckanext-xloader's xloader_submit (same callers, same rights: who may edit the
    resource's dataset), queueing the portal's load instead of xloader's.

    :param resource_id: the resource to load
    :returns: True when a load was queued (or one was already waiting)
    """
    tk.check_access("xloader_submit", context, data_dict)
    resource_id = str(tk.get_or_bust(dict(data_dict), "resource_id"))
    try:
        resource = tk.get_action("resource_show")(
            cast(Context, {**context, "ignore_auth": True}), {"id": resource_id}
        )
    except tk.ObjectNotFound:
        return False
    if context.get("defer_commit") and harvested(resource.get("package_id")):
        return False  # xloader's automatic submission of a harvested change
    from ckanext.xloader.interfaces import IXloader

    for plugin in p.PluginImplementations(IXloader):
        if not plugin.can_upload(resource_id):
            return False
    queue(resource_id)
    return True


def harvested(package_id: str | None) -> bool:
    """A dataset harvested from another catalog: its tables stay at their source (no
    download of every harvested file into this portal's DataStore)."""
    from ckanext.harvest.model import HarvestObject

    if not package_id:
        return False
    found = (
        model.Session.query(HarvestObject.id)
        .filter(HarvestObject.package_id == package_id, HarvestObject.current.is_(True))
        .first()
    )
    return found is not None


def submit_new(resource: model.Resource) -> None:
    """A resource just added inside package_create or package_update."""
    if resource.state == "deleted":
        return
    as_dict = resource.as_dict()
    if loadable(as_dict) and not harvested(resource.package_id):
        queue(resource.id)


_TOO_LARGE = "File upload too large"  # CKAN's uploader, not translatable there


def _upload_limit_in_words(error: tk.ValidationError) -> tk.ValidationError:
    messages = error.error_dict.get("upload")
    if isinstance(messages, list) and _TOO_LARGE in messages:
        limit = tk.config.get("ckan.max_resource_size")
        error.error_dict["upload"] = [
            tk._("The file is larger than the upload limit of {megabytes} MB.").format(
                megabytes=limit
            )
        ]
    return error


@tk.chained_action
def resource_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's resource_create; a file over the upload limit is refused in the user's
    language (CKAN's uploader says it in English only)."""
    try:
        return up_func(context, data_dict)
    except tk.ValidationError as error:
        raise _upload_limit_in_words(error) from None


@tk.chained_action
def resource_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's resource_update; a file over the upload limit is refused in the user's
    language."""
    try:
        return up_func(context, data_dict)
    except tk.ValidationError as error:
        raise _upload_limit_in_words(error) from None
