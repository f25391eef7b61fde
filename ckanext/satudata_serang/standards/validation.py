"""Validation of resources against their standard: the records, when a check is
queued, and the background job that runs it.

A check is queued when a resource with a standard gets a new file (upload or URL) or
another standard, from the dataset's ``after_dataset_create``/``after_dataset_update``
(which every resource change goes through) and on request. The job is queued only
once the change is committed, so the worker reads what the produsen saved. Uploads
are read from the portal's storage; a link is downloaded through the SSRF-safe
fetch of the harvesters, within the loading limits.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs, uploader
from rq.timeouts import JobTimeoutException
from sqlalchemy import event
from sqlalchemy.orm import Session

from .. import background, config
from ..harvest.safety import Allowlist, Limits, Refused, fetch
from ..loading import messages as loading_messages
from ..ops.logs import event as log_event
from ..ops.logs import ms_since
from . import check, messages, registry, rule, schema
from .models import ANTRI, BERJALAN, GAGAL, GALAT, LULUS, Validasi, now
from .report import Result

log = logging.getLogger(__name__)

_PENDING = "satudata_validasi_menunggu_commit"


def _path(resource: Mapping[str, Any]) -> Path:
    return Path(uploader.get_resource_uploader(dict(resource)).get_path(str(resource["id"])))


def fingerprint(resource: Mapping[str, Any]) -> str:
    """What identifies the resource's current file without reading it: an upload's
    size and modification time in the storage, a link's URL."""
    if resource.get("url_type") == "upload":
        try:
            stat = _path(resource).stat()
        except OSError:
            return "unggah:hilang"
        return f"unggah:{stat.st_size}:{stat.st_mtime_ns}"
    return f"tautan:{resource.get('url') or ''}"


def _resources(package: model.Package) -> list[dict[str, Any]]:
    return [r.as_dict() for r in package.resources if r.state == "active"]


def _dataset(package: model.Package) -> dict[str, Any]:
    return {rule.FIELD: package.extras.get(rule.FIELD), "resources": _resources(package)}


# --- queueing ----------------------------------------------------------------------


def _enqueue_pending(session: Session) -> None:
    waiting = session.info.get(_PENDING)
    ids = sorted(waiting or ())
    if waiting:
        waiting.clear()
    for resource_id in ids:
        try:
            enqueue(resource_id)
        except Exception:
            # The change is saved; its record says antri and "check again" queues it.
            log.exception("Could not queue the check of resource %s", resource_id)


def _drop_pending(session: Session) -> None:
    waiting = session.info.get(_PENDING)
    if waiting:
        waiting.clear()


def _enqueue_after_commit(resource_id: str) -> None:
    """Queue the check when the session's transaction commits (never on rollback)."""
    session = model.Session()
    if _PENDING not in session.info:
        session.info[_PENDING] = set()
        event.listen(session, "after_commit", _enqueue_pending)
        event.listen(session, "after_rollback", _drop_pending)
    session.info[_PENDING].add(resource_id)


def enqueue(resource_id: str) -> None:
    jobs.enqueue(
        run,
        [resource_id],
        title=f"Validasi standar data: {resource_id}",
        rq_kwargs={"timeout": config.loading_job_minutes() * 60},
    )


def _queue(record: Validasi | None, resource: Mapping[str, Any], standar: str) -> Validasi:
    """The resource's record, reset to antri for ``standar`` and its current file."""
    parsed = schema.parse_ref(standar)
    assert parsed is not None
    if record is None:
        record = Validasi(resource_id=str(resource["id"]), package_id=str(resource["package_id"]))
        model.Session.add(record)
    record.kode, record.versi = parsed
    record.status = ANTRI
    record.sidik = fingerprint(resource)
    record.sha256 = record.baris = record.jumlah_galat = record.laporan = record.pesan = None
    record.diantrekan_pada = now()
    record.diperiksa_pada = None
    return record


def dataset_changed(package_id: str) -> None:
    """After the dataset or one of its resources changed (inside that transaction):
    queue a check of each resource whose standard or file is new; forget the
    results of resources that no longer follow a standard."""
    package = model.Package.get(package_id)
    if package is None:
        return
    dataset = _dataset(package)
    records = {
        r.resource_id: r
        for r in model.Session.scalars(sa.select(Validasi).where(Validasi.package_id == package.id))
    }
    for resource in dataset["resources"]:
        record = records.get(resource["id"])
        standar = rule.effective_standard(resource, dataset)
        if standar is None:
            if record is not None:
                model.Session.delete(record)
            continue
        if (
            record is not None
            and record.standar == standar
            and record.sidik == fingerprint(resource)
        ):
            continue
        _queue(record, resource, standar)
        _enqueue_after_commit(resource["id"])


def request(resource_id: str) -> Validasi | None:
    """Check the resource again now (its file and standard as they are); None when
    it follows no standard. Commits."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active" or resource.package is None:
        return None
    as_dict = resource.as_dict()
    standar = rule.effective_standard(as_dict, _dataset(resource.package))
    if standar is None:
        return None
    record = _queue(model.Session.get(Validasi, resource_id), as_dict, standar)
    model.Session.commit()
    enqueue(resource_id)
    return record


# --- the job -------------------------------------------------------------------------


def run(resource_id: str) -> None:
    """The worker's job."""
    with background.in_site_request():
        run_here(resource_id)


@contextmanager
def _file(resource: Mapping[str, Any]) -> Iterator[Path]:
    limit = config.loading_max_bytes()
    if resource.get("url_type") == "upload":
        path = _path(resource)
        if not path.is_file():
            raise _Galat("berkas_hilang")
        if path.stat().st_size > limit:
            raise _Galat("terlalu_besar", mb=limit // (1024 * 1024))
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="satudata-validasi-") as target:
        try:
            fetch(
                str(resource.get("url") or ""),
                Limits(max_bytes=limit, seconds=config.loading_download_seconds()),
                Allowlist.parse(config.loading_allowed_hosts()),
                sink=target.write,
            )
        except Refused as refused:
            # the loading's words for it (translated: the job runs in a site request)
            raise _Galat("unduh", alasan=loading_messages.refused(refused)) from None
        target.flush()
        yield Path(target.name)


class _Galat(Exception):
    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.text = messages.galat(code, **values)


def _check(resource: Mapping[str, Any], record: Validasi) -> Result:
    standar = registry.find(record.standar)
    if standar is None:
        raise _Galat("standar_hilang", standar=record.standar)
    fmt = check.file_format(resource.get("format"), resource.get("url"))
    if fmt is None:
        raise _Galat("format", format=resource.get("format"))
    with _file(resource) as path:
        return check.validate(path, fmt, standar.skema)


def run_here(resource_id: str) -> None:
    record = model.Session.get(Validasi, resource_id)
    resource = model.Resource.get(resource_id)
    if record is None or record.status != ANTRI:
        return  # done by an earlier job, or no longer wanted
    if resource is None or resource.state != "active":
        model.Session.delete(record)
        model.Session.commit()
        return
    as_dict = resource.as_dict()
    queued_for = (record.standar, record.sidik)
    record.status = BERJALAN
    model.Session.commit()
    started = time.monotonic()
    outcome: Result | str
    try:
        outcome = _check(as_dict, record)
    except _Galat as problem:
        outcome = problem.text
    except JobTimeoutException:
        outcome = messages.galat("batas_waktu", menit=config.loading_job_minutes())
    except Exception:
        log.exception("Validating resource %s against its standard failed", resource_id)
        outcome = messages.galat("sistem")
    model.Session.remove()
    _keep(resource_id, queued_for, outcome)
    log_event(
        log,
        "validasi_selesai",
        resource=resource_id,
        standar=queued_for[0],
        hasil=outcome.status if isinstance(outcome, Result) else GALAT,
        durasi_ms=ms_since(started),
    )


def _keep(resource_id: str, queued_for: tuple[str, str], outcome: Result | str) -> None:
    """Write the result, unless the resource got another file or standard meanwhile
    (its newer check is queued)."""
    record = model.Session.get(Validasi, resource_id)
    if record is None or (record.standar, record.sidik) != queued_for:
        return
    if isinstance(outcome, str):
        record.status, record.pesan = GALAT, outcome
    else:
        record.status = LULUS if outcome.status == LULUS else GAGAL
        record.sha256 = outcome.sha256
        record.baris = outcome.baris
        record.jumlah_galat = outcome.jumlah_galat
        record.laporan = outcome.laporan()
    record.diperiksa_pada = now()
    model.Session.commit()


# --- reading -------------------------------------------------------------------------


def _current(record: Validasi, resource: Mapping[str, Any]) -> bool:
    """The result was made of the file the resource has now (an upload's content is
    compared by its sha256)."""
    if record.sidik != fingerprint(resource):
        return False
    if record.status != LULUS or resource.get("url_type") != "upload":
        return True
    try:
        return check.sha256_of(_path(resource)) == record.sha256
    except OSError:
        return False


def states(package_id: str, dataset: Mapping[str, Any]) -> dict[str, rule.ValidationState]:
    """Each resource's last validation, for the completeness check of ``dataset``
    (the dataset as package_show gives it)."""
    resources = {str(r.get("id")): r for r in dataset.get("resources") or []}
    found = {}
    for record in model.Session.scalars(
        sa.select(Validasi).where(Validasi.package_id == package_id)
    ):
        resource = resources.get(record.resource_id)
        if resource is not None:
            found[record.resource_id] = rule.ValidationState(
                status=record.status, standar=record.standar, current=_current(record, resource)
            )
    return found


def as_dict(record: Validasi) -> dict[str, Any]:
    """A resource's validation as the API gives it."""
    return {
        "resource_id": record.resource_id,
        "package_id": record.package_id,
        "standar": record.standar,
        "kode": record.kode,
        "versi": record.versi,
        "status": record.status,
        "sha256": record.sha256,
        "baris": record.baris,
        "jumlah_galat": record.jumlah_galat,
        "laporan": record.laporan or [],
        "pesan": record.pesan,
        "diantrekan_pada": record.diantrekan_pada.isoformat(),
        "diperiksa_pada": record.diperiksa_pada.isoformat() if record.diperiksa_pada else None,
    }
