"""The search document of one dataset: what CKAN would send to Solr, plus the parts
the PostgreSQL index stores in its own columns.

Pure logic: no CKAN imports. The CKAN glue (package_show, plugin hooks, permission
labels) lives in ``backend.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

# Keys of the flattened dict that never become exact-match tokens: whole documents and
# prose (matched through the text vector), and fields the index keeps as columns of
# their own. Every token is unnested when facets are counted, so fewer is faster.
_NOT_TOKENS = frozenset(
    {
        "data_dict",
        "validated_data_dict",
        "notes",
        "text",
        "title",
        "title_string",
        "res_name",
        "res_description",
        "res_url",
        "url",
        "license_title",
        "license_url",
        "id",
        "name",
        "metadata_created",
        "metadata_modified",
        "index_id",
    }
)
# Solr string fields refuse terms over 32 KB; we keep tokens short so the GIN index
# stays small. Longer values are still found by full text.
MAX_TOKEN_LENGTH = 256
TOKEN_SEPARATOR = ":"
_KEY_CHARS = re.compile(r"[^0-9A-Za-z_\-]")
_RESOURCE_FIELDS = (
    ("name", "res_name"),
    ("description", "res_description"),
    ("format", "res_format"),
    ("url", "res_url"),
    ("resource_type", "res_type"),
)
# Fields whose text goes to weight D of the full-text vector beside extras and
# custom scheming fields.
_NOT_TEXT = frozenset(
    {
        "id",
        "data_dict",
        "validated_data_dict",
        "title",
        "title_string",
        "notes",
        "tags",
        "site_id",
        "entity_type",
        "state",
        "capacity",
        "dataset_type",
        "type",
        "owner_org",
        "creator_user_id",
        "permission_labels",
        "metadata_created",
        "metadata_modified",
        "index_id",
        "res_url",
        "url",
        "private",
        "num_resources",
        "num_tags",
    }
)


@dataclass(frozen=True)
class IndexDocument:
    """One row of the PostgreSQL search index."""

    id: str
    name: str
    dataset_type: str
    state: str
    capacity: str
    permission_labels: tuple[str, ...]
    metadata_created: datetime | None
    metadata_modified: datetime | None
    title_sort: str
    tokens: tuple[str, ...]
    text_title: str
    text_tags: str
    text_notes: str
    text_other: str
    fields: dict[str, Any]


def token(field: str, value: object) -> str:
    """The exact-match token of ``field:value`` as stored in the index."""
    return f"{field}{TOKEN_SEPARATOR}{_scalar_text(value)}"


def flatten_dataset(
    pkg_dict: Mapping[str, Any],
    validated: Mapping[str, Any],
    *,
    site_id: str,
    vocabulary_name: Callable[[str], str],
    json_encoder: type[json.JSONEncoder] | None = None,
) -> dict[str, Any]:
    """Flatten a dataset the way CKAN's Solr indexer does (ckan/lib/search/index.py),
    so every field CKAN's Solr index has is searchable here too."""
    flat: dict[str, Any] = dict(pkg_dict)
    flat.pop("with_custom_schema", None)
    flat["data_dict"] = json.dumps(flat, default=str)
    flat["validated_data_dict"] = json.dumps(validated, cls=json_encoder, default=str)
    if flat.get("title"):
        flat["title_string"] = flat["title"]

    reserved = {"tags", "groups", "res_name", "res_description", "res_format", "res_url"}
    reserved.update(flat.keys())
    for extra in flat.pop("extras", None) or []:
        key = _KEY_CHARS.sub("", str(extra.get("key", "")))
        value = extra.get("value")
        if isinstance(value, list | tuple):
            value = " ".join(map(str, value))
        flat["extras_" + key] = value
        if key not in reserved:
            flat[key] = value

    plain_tags: list[str] = []
    for tag in flat.pop("tags", None) or []:
        if tag.get("vocabulary_id"):
            flat.setdefault("vocab_" + vocabulary_name(tag["vocabulary_id"]), []).append(
                tag["name"]
            )
        else:
            plain_tags.append(tag["name"])
    flat["tags"] = plain_tags

    groups = flat.pop("groups", None) or []
    flat["groups"] = [g["name"] for g in groups]
    flat["_group_titles"] = [g.get("title") or g["name"] for g in groups]
    flat["capacity"] = "private" if flat.get("private") else "public"
    organization = flat.get("organization") or None
    flat["organization"] = organization["name"] if organization else None
    flat["_organization_title"] = organization.get("title") if organization else None

    for resource in flat.pop("resources", None) or []:
        for source_key, index_key in _RESOURCE_FIELDS:
            flat.setdefault(index_key, []).append(resource.get(source_key) or "")
    flat.pop("relationships_as_subject", None)
    flat.pop("relationships_as_object", None)

    flat["entity_type"] = "package"
    flat["dataset_type"] = flat.get("type")
    flat["site_id"] = site_id
    for key in [k for k in flat if k.endswith("_date")]:
        flat[key] = _iso_date(flat[key])
        if flat[key] is None:
            del flat[key]
    if isinstance(flat.get("title"), str):
        flat["title"] = flat["title"].lstrip()
    return flat


def build_document(flat: Mapping[str, Any], permission_labels: Iterable[str]) -> IndexDocument:
    """Turn a flattened dataset (after plugins' before_dataset_index) into an index row."""
    fields = {k: v for k, v in flat.items() if not k.startswith("_")}
    tokens = sorted(
        {
            token(key, value)
            for key, raw in fields.items()
            if key not in _NOT_TOKENS
            for value in _values(raw)
            if len(_scalar_text(value)) <= MAX_TOKEN_LENGTH
        }
    )
    vocab_text = [
        _scalar_text(v) for k, raw in fields.items() if k.startswith("vocab_") for v in _values(raw)
    ]
    other_text = [
        _scalar_text(v)
        for k, raw in fields.items()
        if k not in _NOT_TEXT and not k.startswith("vocab_")
        for v in _values(raw)
        if isinstance(v, str) and not _looks_like_id(v)
    ]
    other_text += [
        str(t) for t in [flat.get("_organization_title"), *flat.get("_group_titles", [])] if t
    ]
    return IndexDocument(
        id=str(fields["id"]),
        name=str(fields.get("name") or ""),
        dataset_type=str(fields.get("dataset_type") or "dataset"),
        state=str(fields.get("state") or "active"),
        capacity=str(fields["capacity"]),
        permission_labels=tuple(sorted(set(permission_labels))),
        metadata_created=_timestamp(fields.get("metadata_created")),
        metadata_modified=_timestamp(fields.get("metadata_modified")),
        title_sort=str(fields.get("title") or fields.get("name") or "").strip().lower(),
        tokens=tuple(tokens),
        text_title=str(fields.get("title") or ""),
        text_tags=" ".join([*map(_scalar_text, _values(fields.get("tags"))), *vocab_text]),
        text_notes=str(fields.get("notes") or ""),
        text_other=" ".join(other_text),
        fields=fields,
    )


def _values(raw: object) -> list[object]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, list | tuple | set):
        return [v for v in raw if v is not None and v != "" and not isinstance(v, dict | list)]
    if isinstance(raw, dict):
        return []
    return [raw]


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_ID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _looks_like_id(value: str) -> bool:
    return bool(_ID_PATTERN.match(value))


def _iso_date(value: object) -> str | None:
    """A ``*_date`` value as Solr stores it: ISO 8601 in UTC, or None if unparseable."""
    parsed = _timestamp(value)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if parsed else None


def _timestamp(value: object) -> datetime | None:
    """A timezone-aware datetime (naive values are UTC), or None if unparseable."""
    if isinstance(value, datetime):
        parsed: datetime = value
    elif not value:
        return None
    else:
        try:
            parsed = parse_date(str(value))
        except (ParserError, OverflowError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
