"""The walidata's review queue: a package_search as the caller (so permission labels
decide what is listed), filtered by status, OPD and waiting time."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from . import schedule
from .states import Status
from .status import FIELD, SINCE_FIELD

DEFAULT_STATUSES = (Status.DIAJUKAN, Status.PEMERIKSAAN_PEMBINA)
MAX_LIMIT = 100


def _int(data_dict: DataDict, key: str, default: int, low: int, high: int) -> int:
    raw = data_dict.get(key, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise tk.ValidationError({key: [tk._("Must be a whole number.")]}) from None
    if not low <= value <= high:
        raise tk.ValidationError(
            {key: [tk._("Must be between {low} and {high}.").format(low=low, high=high)]}
        )
    return value


def status_filter(data_dict: DataDict) -> str:
    status = data_dict.get("status")
    if not status:
        return f"{FIELD}:(" + " OR ".join(s.value for s in DEFAULT_STATUSES) + ")"
    try:
        return f'{FIELD}:"{Status(str(status)).value}"'
    except ValueError:
        raise tk.ValidationError(
            {"status": [tk._("Unknown status: {status}.").format(status=status)]}
        ) from None


def other_filters(data_dict: DataDict) -> list[str]:
    """The OPD and waiting-time filters: they narrow the counts per status too."""
    fq: list[str] = []
    organization = data_dict.get("organization")
    if organization:
        fq.append(f'organization:"{str(organization).replace(chr(34), "")}"')
    if data_dict.get("waiting_days") not in (None, ""):
        days = _int(data_dict, "waiting_days", 0, 0, 3650)
        fq.append(f"{SINCE_FIELD}:[* TO NOW-{days}DAYS]")
    return fq


def review_queue(context: Context, data_dict: DataDict) -> dict[str, Any]:
    limit = _int(data_dict, "limit", 20, 1, MAX_LIMIT)
    offset = _int(data_dict, "offset", 0, 0, 1_000_000)
    narrowing = other_filters(data_dict)
    search = tk.get_action("package_search")
    user_context = cast(
        Context, {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")}
    )
    found = search(
        cast(Context, dict(user_context)),
        {
            "fq": " AND ".join([status_filter(data_dict), *narrowing]),
            "rows": limit,
            "start": offset,
            "sort": f"{SINCE_FIELD} asc, metadata_modified asc",
            "include_private": True,
            "include_drafts": True,
        },
    )
    everything = search(
        cast(Context, dict(user_context)),
        {
            "rows": 0,
            "include_private": True,
            "include_drafts": True,
            "fq": " AND ".join([f"{FIELD}:[* TO *]", *narrowing]),
            "facet.field": [FIELD],
            "facet.limit": -1,
        },
    )
    per_status = {status.value: 0 for status in Status}
    per_status.update(everything.get("facets", {}).get(FIELD, {}))
    scheduled = schedule.release_moments([d["id"] for d in found["results"]])
    return {
        "count": found["count"],
        "results": [
            {
                "id": d["id"],
                "name": d["name"],
                "title": d.get("title"),
                "organization": (d.get("organization") or {}).get("name"),
                FIELD: d.get(FIELD),
                SINCE_FIELD: d.get(SINCE_FIELD),
                "jadwal_tayang": scheduled.get(d["id"]),
            }
            for d in found["results"]
        ],
        "per_status": per_status,
    }
