"""What the loading tests do and look at, as an OPD's produsen and the public would:
upload a file, let CKAN's worker run, read the DataStore back."""

from __future__ import annotations

from io import BytesIO
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers
from ckan.types import Context
from rq.job import Job
from werkzeug.datastructures import FileStorage

from ckanext.satudata_serang.loading import job as loading_job
from tests import sdi
from tests.sdi import system

LOAD_JOB = f"{loading_job.__name__}.run"


def people() -> dict[str, Any]:
    """An OPD with a produsen (editor), and a dataset of theirs being prepared."""
    produsen = factories.User(name="produsen_dinkes")
    sdi.Organization(name="dinkes", users=[{"name": produsen["name"], "capacity": "editor"}])
    dataset = sdi.Dataset(
        context={"user": produsen["name"]},
        status_verifikasi="draft",
        name="penduduk-per-kecamatan",
        owner_org="dinkes",
    )
    return {"produsen": produsen, "dataset": dataset}


def upload(
    user: dict[str, Any], dataset: dict[str, Any], filename: str, content: bytes, **fields: Any
) -> dict[str, Any]:
    """resource_create with a file, as the produsen's form does."""
    stream = FileStorage(BytesIO(content), filename, "upload")
    data = {"package_id": dataset["id"], "url": filename, "name": filename, **fields}
    data.setdefault("format", filename.rsplit(".", 1)[-1].upper())
    return ckan_helpers.call_action(
        "resource_create", cast(Context, {"user": user["name"]}), upload=stream, **data
    )


def replace_file(
    user: dict[str, Any], resource: dict[str, Any], filename: str, content: bytes
) -> Any:
    stream = FileStorage(BytesIO(content), filename, "upload")
    return ckan_helpers.call_action(
        "resource_patch",
        cast(Context, {"user": user["name"]}),
        id=resource["id"],
        url=filename,
        upload=stream,
    )


def run_loads() -> list[Job]:
    """CKAN's worker in burst mode on the default queue, as `ckan jobs worker` runs
    (each job forked); the loads queued so far run, other jobs are dropped."""
    queue = jobs.get_queue()
    ours: list[Job] = []
    for queued in queue.jobs:
        if queued.func_name == LOAD_JOB:
            ours.append(queued)
        else:
            queued.delete()
    model.Session.remove()
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)
    model.Session.remove()
    return ours


def status(resource_id: str) -> dict[str, Any]:
    return system("xloader_status", resource_id=resource_id)


def records(resource_id: str, **params: Any) -> list[dict[str, Any]]:
    found = tk.get_action("datastore_search")(
        cast(Context, {"ignore_auth": True}), {"resource_id": resource_id, "limit": 1000, **params}
    )
    return [{k: v for k, v in r.items() if k != "_id"} for r in found["records"]]


def columns(resource_id: str) -> dict[str, str]:
    info = tk.get_action("datastore_info")(
        cast(Context, {"ignore_auth": True}), {"id": resource_id}
    )
    return {f["id"]: f["type"] for f in info["fields"] if f["id"] != "_id"}
