"""Pending revisions: a produsen's edit to a published dataset waits for the walidata
while the published version stays live; approving applies it, returning keeps the
live version and tells the produsen why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.types import Context

from ..model.workflow import Revision, WorkflowEvent
from . import notify, roles
from .edits import changed_fields
from .status import CONTEXT_KEY, of_package

WAITING = "menunggu"
# The history's step for a produsen's proposed change (each save of it).
PROPOSED = "revisi_diajukan"
APPROVED = "disetujui"
RETURNED = "dikembalikan"


def waiting(package_id: str) -> Revision | None:
    return (
        model.Session.query(Revision)
        .filter(Revision.package_id == package_id, Revision.status == WAITING)
        .one_or_none()
    )


def _live(package: model.Package) -> dict[str, Any]:
    return tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": package.id}
    )


def _same_resources(live: dict[str, Any], proposed: dict[str, Any]) -> bool:
    if "resources" not in proposed:
        return True
    keys = ("id", "url", "name", "format", "description")
    simplify = lambda resources: [  # noqa: E731
        {k: r.get(k) for k in keys} for r in resources or [] if isinstance(r, dict)
    ]
    return simplify(live.get("resources")) == simplify(proposed.get("resources"))


def propose(context: Context, package: model.Package, data_dict: dict[str, Any]) -> dict[str, Any]:
    """Validate the edit as package_update would, and keep it as the dataset's waiting
    revision (replacing an earlier one). Returns the live dataset with the revision."""
    live = _live(package)
    if not _same_resources(live, data_dict):
        raise tk.ValidationError(
            {
                "resources": [
                    tk._(
                        "The data files of a published dataset cannot be changed by the "
                        "producer directly. Ask the walidata to withdraw the dataset, then "
                        "change the files and submit it again."
                    )
                ]
            }
        )
    plugin = lib_plugins.lookup_package_plugin(package.type)
    check_context = cast(Context, {**context, "package": package})
    _data, errors = lib_plugins.plugin_validate(
        plugin, check_context, data_dict, plugin.update_package_schema(), "package_update"
    )
    if errors:
        raise tk.ValidationError(errors)
    user = roles.user_of(context)
    proposed = {k: v for k, v in data_dict.items() if k != "resources"}
    earlier = waiting(package.id)
    revision = earlier or Revision(package_id=package.id, status=WAITING)
    revision.data = proposed
    revision.created_by = user.id if user else None
    revision.created = datetime.now(UTC)
    model.Session.add(revision)
    model.Session.flush()  # the revision's id, for its description
    status = of_package(package).value
    description = describe(revision, live)
    event = WorkflowEvent(
        package_id=package.id,
        actor_id=user.id if user else None,
        step=PROPOSED,
        from_status=status,
        to_status=status,
        details={"revisi": description},
    )
    model.Session.add(event)
    model.Session.commit()
    if earlier is None:  # the walidata hear of a revision once, not of every later save
        notify.enqueue_for(event)
    return {**live, "revisi_menunggu": description}


def describe(revision: Revision, live: dict[str, Any] | None = None) -> dict[str, Any]:
    """The revision with its field-by-field difference from the live version."""
    package = model.Package.get(revision.package_id)
    live = live if live is not None else (_live(package) if package else {})
    proposed = {**live, **revision.data}
    author = model.Session.get(model.User, revision.created_by) if revision.created_by else None
    return {
        "id": revision.id,
        "status": revision.status,
        "dibuat": revision.created.isoformat(),
        "oleh": author.name if author else None,
        "catatan": revision.note,
        "perubahan": [
            {"kolom": field, "lama": live.get(field), "baru": proposed.get(field)}
            for field in changed_fields(live, proposed)
            if field in revision.data
        ],
    }


def decide(
    context: Context, package: model.Package, approve: bool, note: str | None
) -> tuple[dict[str, Any], WorkflowEvent]:
    """Apply (approve) or return the waiting revision; recorded in the history."""
    revision = waiting(package.id)
    if revision is None:
        raise tk.ValidationError({"revisi": [tk._("This dataset has no revision waiting.")]})
    actor = roles.user_of(context)
    status = of_package(package).value
    event = WorkflowEvent(
        package_id=package.id,
        actor_id=actor.id if actor else None,
        step="revisi_disetujui" if approve else "revisi_dikembalikan",
        from_status=status,
        to_status=status,
        note=note,
        details={"revisi": describe(revision)},
    )
    revision.status = APPROVED if approve else RETURNED
    revision.decided_by = actor.id if actor else None
    revision.decided = datetime.now(UTC)
    revision.note = note
    model.Session.add(event)
    if not approve:
        model.Session.commit()
        return _live(package), event
    live = _live(package)
    applied = tk.get_action("package_update")(
        cast(
            Context,
            {"user": actor.name if actor else None, "ignore_auth": True, CONTEXT_KEY: status},
        ),
        {**live, **revision.data, "id": package.id},
    )
    return applied, event
