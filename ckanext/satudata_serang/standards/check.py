"""Checking one local file against a standard's schema with frictionless. Pure: the
caller gives a path on this machine (never a URL: frictionless would fetch it).

First our header check (names matched ignoring case, reported in Indonesian), then
frictionless validates the rows by column name (``schema_sync``) and stops after
``limit`` errors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .report import MAX_PROBLEMS, Result, as_found, match_header, result, unreadable
from .schema import expand

# Resource format (CKAN's, upper case) → frictionless format.
FORMATS = {"CSV": "csv", "TSV": "tsv", "XLSX": "xlsx", "XLS": "xls"}
CHUNK = 1024 * 1024


def file_format(resource_format: object, url: object) -> str | None:
    """The frictionless format to read the resource's file as: its format, else its
    URL's extension; None when it is no table format this check reads."""
    named = str(resource_format or "").strip().upper().lstrip(".")
    if named in FORMATS:
        return FORMATS[named]
    name = str(url or "").split("?", 1)[0].rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    return FORMATS.get(extension)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _resource(path: Path, fmt: str, schema: Any = None, detector: Any = None) -> Any:
    from frictionless import Resource

    options: dict[str, Any] = {"schema": schema, "detector": detector}
    # A name and its folder (basepath): frictionless refuses absolute paths.
    return Resource(
        path=path.name,
        basepath=str(path.parent),
        format=fmt,
        **{k: v for k, v in options.items() if v is not None},
    )


def _labels(path: Path, fmt: str) -> list[str]:
    resource = _resource(path, fmt)
    with resource:
        return [str(label) for label in resource.labels or []]


def validate(path: Path, fmt: str, skema: Mapping[str, Any], limit: int = MAX_PROBLEMS) -> Result:
    """The file's result against the schema (its stored form: code lists are
    expanded here)."""
    from frictionless import Detector, FrictionlessException, Schema

    digest = sha256_of(path)
    expanded = expand(skema)
    try:
        labels = _labels(path, fmt)
    except FrictionlessException:
        return unreadable(digest)
    if not any(label.strip() for label in labels):
        return unreadable(digest, "berkas-kosong")
    found, header = match_header(labels, expanded)
    adapted = as_found(expanded, found)
    if any(p.jenis == "kolom-ganda" for p in header) or not adapted["fields"]:
        return result(digest, 0, header, [], expanded, found, labels, limit)
    resource = _resource(path, fmt, Schema.from_descriptor(adapted), Detector(schema_sync=True))
    report = resource.validate(limit_errors=max(1, limit - len(header)))
    task = report.tasks[0]
    errors = [error.to_descriptor() for error in task.errors]
    rows = int(task.stats.get("rows") or 0)
    return result(digest, rows, header, errors, expanded, found, labels, limit)
