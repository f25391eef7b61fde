"""Where a harvested record lands: a dataset of the source's OPD, moved through the
verification workflow by the rules of decide.py, each write recorded in the
dataset's history as the step ``panen`` (who: CKAN's site user; what: the source,
the job, the record's identifier, the fields changed). Records gone from the source
are withdrawn, never deleted.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.types import Context

from ..model.workflow import Revision, WorkflowEvent
from ..workflow import labels, revisions, schedule, service
from ..workflow.edits import changed_fields
from ..workflow.states import Status
from ..workflow.status import CONTEXT_KEY, FIELD, of_package
from . import decide
from .decide import Action
from .models import (
    HarvestGatherError,
    HarvestObject,
    HarvestObjectError,
    HarvestObjectExtra,
)
from .records import (
    REMOVAL,
    TRUSTED,
    dataset_dict,
    existing_dataset,
    is_removal,
    is_trusted,
    previous_record,
    same_record,
    schema_fields,
    siblings,
)

log = logging.getLogger(__name__)

STEP = "panen"


class Harvester(Protocol):
    def _gen_new_name(self, title: str) -> str | None: ...


def _make_current(harvest_object: Any, package_id: str) -> None:
    siblings(harvest_object).update({"current": False}, synchronize_session=False)
    harvest_object.current = True
    harvest_object.package_id = package_id
    harvest_object.add()


# --- Writing --------------------------------------------------------------------------------


def _site_user() -> dict[str, Any]:
    return tk.get_action("get_site_user")(cast(Context, {"ignore_auth": True}), {})


def _show(package_id: str) -> dict[str, Any]:
    return tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": package_id}
    )


@dataclass
class Arrival:
    """One harvested record on its way in: its object, its source, and the portal's
    site user, who writes it (asked for once per record)."""

    harvest_object: Any
    source: Any
    site_user: dict[str, Any] = field(default_factory=_site_user)

    @property
    def source_name(self) -> str:
        return str(self.source.title or self.source.url)

    def context(self, status: Status | None = None) -> Context:
        """The action context of the site user; with ``status``, the step's status."""
        context: dict[str, Any] = {"user": self.site_user["name"], "ignore_auth": True}
        if status is not None:
            context[CONTEXT_KEY] = status.value
        return cast(Context, context)

    def record(
        self,
        package_id: str,
        from_status: Status,
        to_status: Status,
        note: str,
        step: str = STEP,
        **details: Any,
    ) -> WorkflowEvent:
        """The step in the dataset's history, with the source, job and record."""
        event = WorkflowEvent(
            package_id=package_id,
            actor_id=self.site_user["id"],
            step=step,
            from_status=from_status.value,
            to_status=to_status.value,
            note=note,
            details={
                "sumber": self.source_name,
                "sumber_id": self.source.id,
                "tugas": self.harvest_object.harvest_job_id,
                "guid": self.harvest_object.guid,
                TRUSTED: is_trusted(self.source),
                **details,
            },
        )
        model.Session.add(event)
        return event


def _messages(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [m for item in value for m in _messages(item)]
    if isinstance(value, dict):
        return [m for item in value.values() for m in _messages(item)]
    return [str(value)]


def _validation_message(title: str, error: tk.ValidationError) -> str:
    """Each field by its label in the form, with CKAN's messages (in the request's
    language, as the job runs in one)."""
    labels = {
        f["field_name"]: str(tk.h.scheming_language_text(f.get("label") or f["field_name"]))
        for f in schema_fields()
    }
    problems = sorted(
        f"{labels.get(field, field)}: {' '.join(dict.fromkeys(_messages(found)))}"
        for field, found in (error.error_dict or {}).items()
    )
    return tk._("The dataset {title} was not saved: {problems}").format(
        title=title, problems="; ".join(problems)
    )


def save(harvester: Harvester, harvest_object: Any, record: dict[str, Any]) -> Any:
    """Create, update or propose the record's dataset as decide.py says; True, or
    ``"unchanged"``, or False with an error on the object."""
    source = harvest_object.source
    package = existing_dataset(harvest_object)
    previous = previous_record(harvest_object)
    current = of_package(package) if package is not None else None
    decision = decide.on_record(
        current,
        trusted=is_trusted(source),
        changed=not same_record(previous.content if previous else None, harvest_object.content),
        reappeared=previous is not None and is_removal(previous),
    )
    title = str(record.get("title") or record.get("name") or harvest_object.guid)
    if decision.action is Action.UNCHANGED:
        return "unchanged"
    existing = _show(package.id) if package is not None else None
    data = dataset_dict(record, source, existing)
    if not data.get("owner_org"):
        HarvestObjectError.create(
            tk._("The harvest source has no OPD: choose the OPD its datasets belong to."),
            harvest_object,
            "Import",
        )
        return False
    arrival = Arrival(harvest_object, source)
    try:
        if decision.action is Action.CREATE:
            return _create(harvester, arrival, data, title, decision.status or Status.DIAJUKAN)
        assert package is not None and current is not None and existing is not None
        data.update(id=package.id, name=package.name)
        if decision.action is Action.REVISION:
            return _propose(arrival, package, existing, data)
        return _update(arrival, package, existing, data, current, decision.status or current)
    except tk.ValidationError as error:
        model.Session.rollback()
        HarvestObjectError.create(_validation_message(title, error), harvest_object, "Import")
        return False


def _create(
    harvester: Harvester, arrival: Arrival, data: dict[str, Any], title: str, status: Status
) -> bool:
    name = harvester._gen_new_name(str(data.get("name") or data.get("title") or ""))
    if not name:
        HarvestObjectError.create(
            tk._("The dataset {title} has no title to make its address from.").format(title=title),
            arrival.harvest_object,
            "Import",
        )
        return False
    data.update(id=str(uuid.uuid4()), name=name)
    # The object points at the dataset before it exists (as ckanext-harvest does), so
    # that the dataset is indexed with its harvest source.
    _make_current(arrival.harvest_object, data["id"])
    model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
    model.Session.flush()
    created = tk.get_action("package_create")(arrival.context(status), data)
    note = (
        tk._("Harvested from the trusted source {source} and published directly.")
        if status is Status.DITAYANGKAN
        else tk._("Harvested from the source {source}; waiting for the walidata's check.")
    ).format(source=arrival.source_name)
    arrival.record(data["id"], Status.DRAFT, status, note)
    package = model.Package.get(data["id"])
    if package is not None and status is Status.DIAJUKAN:
        # the walidata's review page shows the completeness check of what waits
        shown = created if isinstance(created, dict) else None
        service.check_completeness(package, arrival.site_user["id"], shown)
    model.Session.commit()
    return True


def _update(
    arrival: Arrival,
    package: model.Package,
    existing: dict[str, Any],
    data: dict[str, Any],
    current: Status,
    status: Status,
) -> bool:
    if status is not current and current is Status.DISETUJUI:
        schedule.drop(package.id)  # approved content changed: checked again
    _make_current(arrival.harvest_object, package.id)
    updated = tk.get_action("package_update")(
        arrival.context(status if status is not current else None), data
    )
    fields = changed_fields(existing, updated if isinstance(updated, dict) else existing)
    if status is not current or fields:
        note = tk._("Updated from the harvest source {source}.").format(source=arrival.source_name)
        arrival.record(package.id, current, status, note, kolom=fields)
    model.Session.commit()
    if status is not current:
        labels.refresh_activity(package)
    return True


def _propose(
    arrival: Arrival, package: model.Package, existing: dict[str, Any], data: dict[str, Any]
) -> bool:
    """A changed record of a published dataset from a source not trusted: kept as the
    dataset's waiting revision, files included; the public keeps the live version."""
    plugin = lib_plugins.lookup_package_plugin(package.type)
    check = cast(Context, {**arrival.context(), "model": model, "session": model.Session})
    check["package"] = package
    _valid, errors = lib_plugins.plugin_validate(
        plugin, check, data, plugin.update_package_schema(), "package_update"
    )
    if errors:
        raise tk.ValidationError(errors)
    waiting = revisions.waiting(package.id)
    if waiting is not None and waiting.created_by != arrival.site_user["id"]:
        # Someone's own proposal is never overwritten: the record fails for now and is
        # tried again by the next harvest (it is still new against the last one taken).
        author = model.User.get(waiting.created_by) if waiting.created_by else None
        HarvestObjectError.create(
            tk._(
                "The dataset {title} has a revision by {user} waiting for the walidata; the "
                "change from the source is tried again at the next harvest, once that "
                "revision is decided."
            ).format(
                title=package.title or package.name,
                user=author.display_name if author else "-",
            ),
            arrival.harvest_object,
            "Import",
        )
        return False
    revision = waiting or Revision(package_id=package.id, status=revisions.WAITING)
    revision.data = {k: v for k, v in data.items() if k not in ("id", "name")}
    revision.created_by = arrival.site_user["id"]
    revision.created = datetime.now(UTC)
    model.Session.add(revision)
    _make_current(arrival.harvest_object, package.id)
    model.Session.flush()
    note = tk._(
        "A change harvested from {source}; the published version stays until the walidata "
        "approves it."
    ).format(source=arrival.source_name)
    arrival.record(
        package.id,
        Status.DITAYANGKAN,
        Status.DITAYANGKAN,
        note,
        step=revisions.PROPOSED,
        revisi=revisions.describe(revision, existing),
    )
    model.Session.commit()
    return True


def withdraw(harvest_object: Any) -> bool:
    """The record is gone from the source: withdraw its dataset (ditarik) with a note,
    never delete it."""
    package = model.Package.get(harvest_object.package_id) if harvest_object.package_id else None
    if package is None or package.state == "deleted":
        return True
    current = of_package(package)
    target = decide.on_removal(current)
    if target is None:
        return True
    arrival = Arrival(harvest_object, harvest_object.source)
    note = tk._("No longer in the harvest source {source}: withdrawn, not deleted.").format(
        source=arrival.source_name
    )
    arrival.record(package.id, current, target, note, dihapus_di_sumber=True)
    schedule.drop(package.id)
    tk.get_action("package_patch")(arrival.context(target), {"id": package.id, FIELD: target.value})
    labels.refresh_activity(package)
    return True


def mark_removed(harvest_job: Any, guids_in_source: list[str]) -> list[str]:
    """Objects (to be imported) for the records this source made before and no longer
    lists. A source listing nothing at all is taken for a broken source: nothing is
    withdrawn, and the job says so."""
    source_id = harvest_job.source.id
    rows = model.Session.query(HarvestObject.guid, HarvestObject.package_id).filter(
        HarvestObject.harvest_source_id == source_id,
        HarvestObject.current.is_(True),
        HarvestObject.package_id.isnot(None),
    )
    known = {guid: package_id for guid, package_id in rows}
    gone = sorted(set(known) - set(guids_in_source))
    if not gone:
        return []
    if not guids_in_source:
        HarvestGatherError.create(
            tk._(
                "The source lists no datasets at all; the {count} datasets harvested from it "
                "before are kept as they are. If they really are gone, withdraw them by hand."
            ).format(count=len(gone)),
            harvest_job,
        )
        return []
    ids: list[str] = []
    for guid in gone:
        removal = HarvestObject(
            guid=guid,
            job=harvest_job,
            package_id=known[guid],
            extras=[HarvestObjectExtra(key="status", value=REMOVAL)],
        )
        model.Session.query(HarvestObject).filter(
            HarvestObject.harvest_source_id == source_id, HarvestObject.guid == guid
        ).update({"current": False}, synchronize_session=False)
        removal.save()
        ids.append(removal.id)
    return ids
