"""Harvested records as this portal reads them: the source's settings (``terpercaya``,
``bawaan``), which record is which dataset, whether a record changed, and the dataset
dict a record becomes. A record is matched to its dataset by the source and the
record's identifier (guid) through ckanext-harvest's own objects, so a re-harvest
updates instead of duplicating, and a record that comes back after being withdrawn
finds its dataset."""

from __future__ import annotations

import json
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model

from ..workflow.status import FIELD, SINCE_FIELD
from .models import HarvestObject

TRUSTED = "terpercaya"
DEFAULTS = "bawaan"
REMOVAL = "delete"  # ckanext-harvest's extra status of a record gone from the source

# Never taken from a harvested record: the portal decides them.
_NOT_HARVESTED = frozenset(
    {"id", "owner_org", "organization", "private", "state", "type", "creator_user_id",
     "metadata_created", "metadata_modified", "revision_id", "num_resources", "num_tags",
     "relationships_as_object", "relationships_as_subject", "isopen", "license_title",
     "license_url", "tracking_summary", FIELD, SINCE_FIELD, "jadwal_pemutakhiran_berikutnya",
     "revisi_menunggu", "kelengkapan", "harvest_object_id", "harvest_source_id",
     "harvest_source_title", "groups"}
)  # fmt: skip
_NOT_HARVESTED_IN_RESOURCES = frozenset(
    {"id", "package_id", "revision_id", "url_type", "datastore_active", "position", "state",
     "created", "metadata_modified", "last_modified", "cache_url", "cache_last_updated",
     "tracking_summary", "datastore_contains_all_records_of_source_file"}
)  # fmt: skip


def source_config(source: Any) -> dict[str, Any]:
    try:
        found = json.loads(source.config or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def is_trusted(source: Any) -> bool:
    return source_config(source).get(TRUSTED) is True


def is_removal(harvest_object: Any) -> bool:
    return any(e.key == "status" and e.value == REMOVAL for e in harvest_object.extras)


def _canonical(value: Any) -> Any:
    """The record with list order ignored (an RDF graph has no order)."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


# Not part of what the source says: the gather stage makes up a free name each time.
_VOLATILE = frozenset({"name"})


def _comparable(content: str) -> Any:
    record = json.loads(content)
    if isinstance(record, dict):
        record = {k: v for k, v in record.items() if k not in _VOLATILE}
    return _canonical(record)


def same_record(earlier: str | None, now: str | None) -> bool:
    if earlier is None or now is None:
        return False
    try:
        return _comparable(earlier) == _comparable(now)
    except ValueError:
        return earlier == now


def siblings(harvest_object: Any) -> Any:
    """Earlier objects of the same record (same source and guid)."""
    return model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_source_id == harvest_object.harvest_source_id,
        HarvestObject.guid == harvest_object.guid,
        HarvestObject.id != harvest_object.id,
    )


def existing_dataset(harvest_object: Any) -> model.Package | None:
    """The dataset this record made before, if it still exists (withdrawn included)."""
    rows = (
        siblings(harvest_object)
        .filter(HarvestObject.package_id.isnot(None))
        .order_by(HarvestObject.gathered.desc())
        .all()
    )
    for row in rows:
        package = model.Package.get(row.package_id)
        if package is not None and package.state != "deleted":
            return package
    return None


def previous_record(harvest_object: Any) -> Any:
    """The record as last harvested successfully (a removal included)."""
    return (
        siblings(harvest_object)
        .filter(HarvestObject.state == "COMPLETE")
        .order_by(HarvestObject.gathered.desc())
        .first()
    )


def _resources(
    harvested: list[dict[str, Any]], existing: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """Harvested resources with the ids of the same resources already here (by URI,
    then by URL), so files keep their id, views and datastore table."""
    by_uri = {r["uri"]: r["id"] for r in existing or [] if r.get("uri")}
    by_url = {r["url"]: r["id"] for r in existing or [] if r.get("url")}
    taken: set[str] = set()
    result: list[dict[str, Any]] = []
    for resource in harvested:
        if not isinstance(resource, dict):
            continue
        clean = {k: v for k, v in resource.items() if k not in _NOT_HARVESTED_IN_RESOURCES}
        known = by_uri.get(resource.get("uri") or "") or by_url.get(resource.get("url") or "")
        if known and known not in taken:
            clean["id"] = known
            taken.add(known)
        result.append(clean)
    return result


def _extras(harvested: Any) -> list[dict[str, Any]]:
    """Free extras of the record, except those naming a field of the schema or one
    the portal decides (a record cannot set its own verification status)."""
    fields = {f["field_name"] for f in schema_fields()}
    return [
        {"key": e["key"], "value": e.get("value")}
        for e in harvested or []
        if isinstance(e, dict)
        and isinstance(e.get("key"), str)
        and e["key"] not in fields
        and e["key"] not in _NOT_HARVESTED
        and not e["key"].startswith("harvest_")
    ]


def schema_fields() -> list[dict[str, Any]]:
    schema = cast(dict[str, Any], tk.h.scheming_get_dataset_schema("dataset") or {})
    return list(schema.get("dataset_fields", []))


def dataset_dict(
    record: dict[str, Any], source: Any, existing: dict[str, Any] | None
) -> dict[str, Any]:
    """The harvested record as this portal's dataset: in the source's OPD, with the
    source's default values (``bawaan``) for what the record leaves empty."""
    data = {k: v for k, v in record.items() if k not in _NOT_HARVESTED}
    data["extras"] = _extras(record.get("extras"))
    if not data["extras"]:
        data.pop("extras")
    for key, value in (source_config(source).get(DEFAULTS) or {}).items():
        if data.get(key) in (None, "", []):
            data[key] = value
    data["resources"] = _resources(
        record.get("resources") or [], existing.get("resources") if existing else None
    )
    data["type"] = "dataset"
    owner = model.Package.get(source.id)
    data["owner_org"] = owner.owner_org if owner is not None else None
    return data
