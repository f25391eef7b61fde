"""Statistics tables read from the DataStore under the reader's own rights (CKAN's
datastore_info and datastore_search: an unpublished table stays invisible to those
who may not see its dataset)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import vocabulary
from . import series

MAX_ROWS = 20_000  # larger tables are not statistics tables to pivot on a page


@dataclass(frozen=True)
class Table:
    resource_id: str
    roles: series.Roles
    records: list[dict[str, Any]]
    too_large: bool = False


def _unit_label(code: str) -> str:
    return vocabulary.get("satuan").label(code) if code else ""


def table_of(context: Context, resource: dict[str, Any]) -> Table | None:
    """The resource as a time series, or None when it is none (raises NotAuthorized
    when the reader may not see it)."""
    if not resource.get("datastore_active"):
        return None
    try:
        info = tk.get_action("datastore_info")(cast(Context, dict(context)), {"id": resource["id"]})
    except tk.ObjectNotFound:
        return None
    roles = series.roles(info.get("fields", []), _unit_label)
    if roles is None:
        return None
    columns = [roles.period, *([roles.region] if roles.region else [])]
    columns += [i.id for i in roles.indicators]
    found = tk.get_action("datastore_search")(
        cast(Context, dict(context)),
        {
            "resource_id": resource["id"],
            "fields": columns,
            "limit": MAX_ROWS + 1,
            "include_total": False,
        },
    )
    records = found.get("records", [])
    if len(records) > MAX_ROWS:
        return Table(resource["id"], roles, [], too_large=True)
    return Table(resource["id"], roles, records)
