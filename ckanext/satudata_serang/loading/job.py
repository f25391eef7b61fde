"""The background job that loads a resource's file into the DataStore, in place of
ckanext-xloader's (see docs/design/issue6-loading-research.md).

Kept from xloader: its task row (task_status ``xloader``/``xloader``: pending,
running, complete, error; value ``{"job_id": …}``), so ``xloader_status``, its
DataStore tab and ``ckan xloader submit`` keep working. Different: the file is read
here (uploads from the storage, links through the SSRF-safe download), any table is
replaced all or nothing, the task row is written in this process (no web server
needed), and what happened is stored as codes the resource page shows in the
reader's language (the error's ``message`` in the site's, for xloader's tab).
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import uploader
from ckan.types import Context
from rq.timeouts import JobTimeoutException

from .. import background, config
from ..harvest.safety import Allowlist, Limits, Refused, fetch
from ..ops.logs import event, ms_since
from . import load, messages
from .store import LockBusy
from .table import TableProblem

log = logging.getLogger(__name__)

TASK = {"entity_type": "resource", "task_type": "xloader", "key": "xloader"}
WAIT_FOR_RESOURCE_SECONDS = 10


class LoadProblem(Exception):
    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code, values)
        self.code = code
        self.values = values


def _site_context() -> Context:
    user = tk.get_action("get_site_user")(cast(Context, {"ignore_auth": True}), {})
    return cast(Context, {"user": user["name"], "ignore_auth": True})


def write_task(
    resource_id: str, state: str, value: dict[str, Any], error: dict[str, Any] | None = None
) -> None:
    """The xloader task row of the resource, in its own transaction."""
    session = model.meta.create_local_session()
    try:
        context = cast(Context, {"session": session, "ignore_auth": True})
        task: dict[str, Any] = {
            **TASK,
            "entity_id": resource_id,
            "state": state,
            "value": json.dumps(value),
            "error": json.dumps(error or {}),
            "last_updated": datetime.now(UTC).replace(tzinfo=None).isoformat(),
        }
        try:
            existing = tk.get_action("task_status_show")(
                context, {"entity_id": resource_id, "task_type": "xloader", "key": "xloader"}
            )
            task["id"] = existing["id"]
        except tk.ObjectNotFound:
            pass
        tk.get_action("task_status_update")(context, task)
    finally:
        session.close()


def run(resource_id: str, job_id: str) -> None:
    """The worker's job."""
    with background.in_site_request():
        run_here(resource_id, job_id)


def run_here(resource_id: str, job_id: str) -> None:
    value: dict[str, Any] = {"job_id": job_id, "langkah": "antre", "detik": {}}
    began = [time.monotonic()]

    def progress(step: str) -> None:
        """Record the step beginning now, and how long the previous one took."""
        now = time.monotonic()
        value["detik"][value["langkah"]] = round(now - began[0], 3)
        began[0] = now
        value["langkah"] = step
        write_task(resource_id, "running", value)

    started = time.monotonic()
    event(log, "muat_mulai", resource=resource_id, job=job_id)
    write_task(resource_id, "running", value)
    try:
        resource = _resource(resource_id)
        if resource is None:
            write_task(
                resource_id, "complete", {**value, "langkah": "selesai", "dilewati": "hilang"}
            )
            return
        with _file(resource, progress) as path:
            pooled = _connection()
            try:
                loaded = load.load_file(
                    pooled.driver_connection,
                    resource_id,
                    path,
                    progress,
                    described(resource),
                    swapped=lambda: _mark_active(resource),
                )
            finally:
                pooled.close()
        _default_views(resource["id"])
        write_task(
            resource_id, "complete", {**value, "langkah": "selesai", "hasil": loaded.as_dict()}
        )
    except TableProblem as problem:
        _fail(resource_id, value, problem.code, problem.values)
    except LoadProblem as problem:
        _fail(resource_id, value, problem.code, problem.values)
    except LockBusy:
        _fail(resource_id, value, "tabel_sibuk", {})
    except Refused as refused:
        _fail(
            resource_id, value, "unduh_" + refused.reason, refused.params, messages.refused(refused)
        )
    except JobTimeoutException:
        _fail(resource_id, value, "batas_waktu", {"menit": config.loading_job_minutes()})
    except Exception:
        log.exception("Loading resource %s into the DataStore failed", resource_id)
        _fail(resource_id, value, "galat_sistem", {})
    finally:
        # one line per job with its duration; a failed one also has its muat_gagal
        event(log, "muat_berakhir", resource=resource_id, job=job_id, durasi_ms=ms_since(started))


def _fail(
    resource_id: str,
    value: dict[str, Any],
    code: str,
    values: dict[str, Any],
    message: str | None = None,
) -> None:
    text = message or messages.problem(code, values)
    log.info("Resource %s not loaded: %s %s", resource_id, code, values)
    event(
        log,
        "muat_gagal",
        resource=resource_id,
        job=value["job_id"],
        kode=code,
        langkah=value["langkah"],
    )
    write_task(resource_id, "error", value, {"message": text, "kode": code, **_plain(values)})


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(values, default=str))


def _resource(resource_id: str) -> dict[str, Any] | None:
    """The resource, waiting a little for the transaction that created it."""
    deadline = time.monotonic() + WAIT_FOR_RESOURCE_SECONDS
    while True:
        try:
            resource = tk.get_action("resource_show")(_site_context(), {"id": resource_id})
        except tk.ObjectNotFound:
            if time.monotonic() > deadline:
                return None
            model.Session.remove()
            time.sleep(0.5)
            continue
        return resource if resource.get("state", "active") == "active" else None


@contextmanager
def _file(resource: dict[str, Any], progress: load.Progress) -> Iterator[Path]:
    """The resource's file on disk: the stored upload, or the link downloaded."""
    limit = config.loading_max_bytes()
    if resource.get("url_type") == "upload":
        path = Path(uploader.get_resource_uploader(resource).get_path(resource["id"]))
        if not path.is_file():
            raise LoadProblem("berkas_hilang")
        if path.stat().st_size > limit:
            raise LoadProblem("terlalu_besar", mb=limit // (1024 * 1024))
        yield path
        return
    progress("unduh")
    with tempfile.NamedTemporaryFile(prefix="satudata-muat-", suffix=".data") as target:
        fetch(
            resource["url"],
            Limits(max_bytes=limit, seconds=config.loading_download_seconds()),
            Allowlist.parse(config.loading_allowed_hosts()),
            sink=target.write,
        )
        target.flush()
        yield Path(target.name)


def described(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Data Dictionary that came with the resource (``kamus_data``: a list of
    {"id", "info"}, as JSON text or as a list), by column: used for columns that have
    none yet (a harvested table, the demo's samples)."""
    raw = resource.get("kamus_data")
    try:
        columns = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {}
    if not isinstance(columns, list):
        return {}
    return {
        str(c["id"]): dict(c["info"])
        for c in columns
        if isinstance(c, dict) and "id" in c and isinstance(c.get("info"), dict)
    }


def _connection() -> Any:
    """A pooled connection to the DataStore's write database (its psycopg2 connection
    is ``driver_connection``)."""
    from ckanext.datastore.backend.postgres import get_write_engine

    return get_write_engine().raw_connection()


def _default_views(resource_id: str) -> None:
    """The preview views a DataStore table allows (datatables_view), as xloader's
    hook made them; a view that exists already is not made twice."""
    context = _site_context()
    resource = tk.get_action("resource_show")(context, {"id": resource_id})
    dataset = tk.get_action("package_show")(context, {"id": resource["package_id"]})
    tk.get_action("resource_create_default_resource_views")(
        context, {"resource": resource, "package": dataset, "create_datastore_views": True}
    )


def _mark_active(resource: dict[str, Any]) -> None:
    """The DataStore flag on the resource, as datastore_create sets it."""
    if resource.get("datastore_active") and resource.get(
        "datastore_contains_all_records_of_source_file"
    ):
        return
    tk.get_action("resource_patch")(
        _site_context(),
        {
            "id": resource["id"],
            "datastore_active": True,
            "datastore_contains_all_records_of_source_file": True,
        },
    )
