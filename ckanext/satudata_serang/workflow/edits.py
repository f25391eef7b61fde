"""Edits outside the workflow steps: who may change a dataset's metadata in which
status, and the log of direct edits by walidata and sysadmins."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ..model.workflow import WorkflowEvent
from .states import EDITABLE, Role, Status
from .status import FIELD, of_package

# Keys that change on every save or belong to CKAN, not to the dataset's content.
_NOT_CONTENT = frozenset(
    {"metadata_modified", "revision_id", "num_resources", "num_tags", "status_sejak",
     "jadwal_pemutakhiran_berikutnya", "relationships_as_object", "relationships_as_subject"}
)  # fmt: skip
CURATORS = frozenset({Role.WALIDATA, Role.SYSADMIN})


class EditRefused(Exception):
    def __init__(self, status: Status) -> None:
        super().__init__(status.value)
        self.status = status


def check_produsen_edit(package: model.Package, roles: set[Role]) -> None:
    """A produsen edits while the dataset is theirs to work on (draft, returned,
    withdrawn); during the walidata's check it is frozen. Curators edit any time."""
    if roles & CURATORS:
        return
    status = of_package(package)
    if status not in EDITABLE:
        raise EditRefused(status)


# Lists whose order means nothing (CKAN returns them in whatever order they were
# saved or merged): compared by their items' keys.
_UNORDERED = {"extras": "key", "tags": "name", "groups": "name"}


def _comparable(field: str, value: Any) -> Any:
    key = _UNORDERED.get(field)
    if key and isinstance(value, list):
        items = [item for item in value if isinstance(item, Mapping)]
        if len(items) == len(value):
            return sorted(items, key=lambda item: str(item.get(key)))
    return value


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The fields whose values differ (extras, tags and groups in any order)."""
    keys = (set(before) | set(after)) - _NOT_CONTENT
    return sorted(k for k in keys if _comparable(k, before.get(k)) != _comparable(k, after.get(k)))


def log_curation(package: model.Package, actor: model.User | None, fields: list[str]) -> None:
    """A walidata's or sysadmin's direct edit, kept in the dataset's history."""
    if not fields:
        return
    status = of_package(package).value
    model.Session.add(
        WorkflowEvent(
            package_id=package.id,
            actor_id=actor.id if actor else None,
            step="ubah",
            from_status=status,
            to_status=status,
            note=None,
            details={"kolom": fields},
        )
    )
    model.Session.commit()


def refusal_message(status: Status) -> str:
    label = str(tk.h.satudata_vocabulary_label(FIELD, status.value))
    return tk._(
        "The dataset cannot be changed while its status is {status}: the walidata is "
        "checking it or has approved it. Ask the walidata to return it if it needs changes."
    ).format(status=label)
