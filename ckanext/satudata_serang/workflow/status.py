"""The status a dataset has while CKAN validates it: the one the workflow action is
setting (carried in the context), else the stored one, else draft."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ckan.types import Context

from .states import Status, parse

__all__ = ["CONTEXT_KEY", "FIELD", "SINCE_FIELD", "Status", "effective", "of_package", "since"]

FIELD = "status_verifikasi"
SINCE_FIELD = "status_sejak"
# Set only by the workflow actions (and the sysadmin override): the new status.
CONTEXT_KEY = "satudata_status"


def of_package(package: Any) -> Status:
    extras = getattr(package, "extras", None) or {}
    return parse(extras.get(FIELD))


def effective(context: Context) -> Status:
    new = context.get(CONTEXT_KEY)  # pyright: ignore[reportUnknownMemberType]
    if new:
        return parse(new)
    package = context.get("package")
    return of_package(package) if package is not None else Status.DRAFT


def since(context: Context) -> str:
    package = context.get("package")
    stored = (getattr(package, "extras", None) or {}).get(SINCE_FIELD) if package else None
    if context.get(CONTEXT_KEY) or not stored:  # pyright: ignore[reportUnknownMemberType]
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(stored)
