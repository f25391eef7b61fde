"""Taking a workflow step: check it, run the completeness rules on submit, change the
status through CKAN's own package_patch (so the index, private flag and activity
stream follow), and record the event, in one commit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ..model.workflow import CompletenessCheck, WorkflowEvent
from ..ops.logs import event as log_event
from ..standards import validation as standar_validation
from . import completeness, labels, notify, release, revisions, roles, schedule
from .states import NOTE_REQUIRED, Refusal, Role, Status, Step, next_status
from .status import CONTEXT_KEY, FIELD, of_package

log = logging.getLogger(__name__)

# The event of a publication scheduled for later (the status stays disetujui).
SCHEDULE_STEP = "jadwalkan"


@dataclass(frozen=True)
class Outcome:
    dataset: dict[str, Any]
    event: WorkflowEvent


def package_or_404(dataset_id: str) -> model.Package:
    package = model.Package.get(dataset_id)
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found."))
    return package


def mandatory_fields(dataset_type: str = "dataset") -> list[str]:
    schema = cast(dict[str, Any], tk.h.scheming_get_dataset_schema(dataset_type) or {})
    return [f["field_name"] for f in schema.get("dataset_fields", []) if f.get("required")]


def status_label(status: Status) -> str:
    return str(tk.h.satudata_vocabulary_label("status_verifikasi", status.value))


def _refusal_message(refusal: Refusal) -> str:
    if not refusal.expected:
        return tk._(
            "This step is not yours to take on a dataset whose status is {current}."
        ).format(current=status_label(refusal.current))
    return tk._(
        "This step cannot be taken while the status is {current}; it can be taken when the status is {expected}."
    ).format(
        current=status_label(refusal.current),
        expected=", ".join(status_label(s) for s in refusal.expected),
    )


def check_completeness(
    package: model.Package, actor_id: str | None, shown: dict[str, Any] | None = None
) -> completeness.Check:
    """Run the SDI completeness rules and keep the result (also when it fails).
    ``shown``: the dataset as package_show gives it now, if the caller has it."""
    dataset: dict[str, Any] = shown or tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": package.id}
    )
    result = completeness.check(
        dataset, mandatory_fields(package.type), standar_validation.states(package.id, dataset)
    )
    record = model.Session.get(CompletenessCheck, package.id) or CompletenessCheck(
        package_id=package.id
    )
    record.result = result.as_dict()
    record.score = result.score
    record.checked_by = actor_id
    record.checked = datetime.now(UTC)
    model.Session.add(record)
    return result


# In the action context: take the step without emails (the demo's sample data).
QUIET_KEY = "satudata_no_notification"


def _notify(context: Context, event: WorkflowEvent) -> None:
    if not context.get(QUIET_KEY):  # pyright: ignore[reportUnknownMemberType]
        notify.enqueue_for(event)


def _release_moment(value: object) -> datetime | None:
    """The future moment to publish at, None for now; a bad value is refused."""
    moment = release.parse(value, schedule.now())
    if isinstance(moment, release.BadReleaseDate):
        message = {
            "format": tk._(
                "The release date is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (WIB)."
            ),
            "too_far": tk._("The release date is more than two years away."),
        }[moment.reason]
        raise tk.ValidationError({"release_date": [message]})
    if moment is None or release.is_due(moment, schedule.now()):
        return None
    return moment


def take_step(
    context: Context,
    dataset_id: str,
    step: Step,
    note: str | None = None,
    release_date: object = None,
) -> Outcome:
    """Take ``step`` on the dataset as the context's user (auth already checked).
    ``release_date`` (publish only): a future moment keeps the dataset approved and
    schedules its publication."""
    actor = roles.user_of(context)
    package = package_or_404(dataset_id)
    current = of_package(package)
    note = (note or "").strip() or None
    if step in NOTE_REQUIRED and not note:
        raise tk.ValidationError({"catatan": [tk._("A note is required for this step.")]})
    found_roles = roles.roles_for(actor, package.owner_org)
    if (
        current is Status.DITAYANGKAN
        and step in (Step.APPROVE, Step.RETURN)
        and found_roles & {Role.WALIDATA, Role.SYSADMIN}
        and revisions.waiting(package.id) is not None
    ):
        # A published dataset with a produsen's revision waiting: the step decides it.
        dataset, event = revisions.decide(context, package, step is Step.APPROVE, note)
        _notify(context, event)
        _logged(event, package, actor)
        return Outcome(dataset=dataset, event=event)
    outcome = next_status(
        step,
        current,
        found_roles,
        data_prioritas=str(package.extras.get("data_prioritas")).lower() == "true",
        pembina_configured=roles.pembina_configured(),
    )
    if isinstance(outcome, Refusal):
        raise tk.ValidationError({FIELD: [_refusal_message(outcome)]})
    if step is Step.PUBLISH:
        release_at = _release_moment(release_date)
        if release_at is not None:
            return _schedule(context, package, actor, release_at, note)
    details: dict[str, Any] | None = None
    if step is Step.SUBMIT:
        result = check_completeness(package, actor.id if actor else None)
        details = {"kelengkapan": result.as_dict()}
        if not result.passed:
            model.Session.commit()  # the produsen sees what failed
            raise tk.ValidationError(
                {
                    "kelengkapan": [
                        tk._("Rule not met: {rule} {detail}")
                        .format(rule=r.rule, detail=f"({r.detail})" if r.detail else "")
                        .strip()
                        for r in result.failed_mandatory
                    ]
                }
            )
    event = WorkflowEvent(
        package_id=package.id,
        actor_id=actor.id if actor else None,
        step=step.value,
        from_status=current.value,
        to_status=outcome.value,
        note=note,
        details=details,
    )
    dataset = _apply(context, package, actor, event)
    _notify(context, event)
    _logged(event, package, actor)
    return Outcome(dataset=dataset, event=event)


def _logged(event: WorkflowEvent, package: model.Package, actor: model.User | None) -> None:
    log_event(
        log,
        "langkah_diambil",
        dataset=package.name,
        langkah=event.step,
        dari=event.from_status,
        ke=event.to_status,
        pengguna=actor.name if actor else None,
    )


def _apply(
    context: Context, package: model.Package, actor: model.User | None, event: WorkflowEvent
) -> dict[str, Any]:
    """Move the dataset to ``event.to_status`` and record the event, in one commit."""
    change: dict[str, Any] = {"id": package.id, FIELD: event.to_status}
    if package.state == "draft" and event.to_status != Status.DRAFT.value:
        change["state"] = "active"
    # The event joins the session first: package_patch's own commit then saves the
    # new status, the index row and the event together, and its rollback on a
    # validation error drops them together. (defer_commit is no help: CKAN 2.12's
    # package_update rolls its savepoint back when asked to defer the commit.)
    model.Session.add(event)
    if event.to_status != Status.DISETUJUI.value:
        schedule.drop(package.id)  # published now, or no longer approved
    update_context = cast(
        Context,
        {
            "user": actor.name if actor else context.get("user"),
            "ignore_auth": True,
            CONTEXT_KEY: event.to_status,
        },
    )
    dataset = tk.get_action("package_patch")(update_context, change)
    labels.refresh_activity(package)
    return dataset


def _schedule(
    context: Context,
    package: model.Package,
    actor: model.User | None,
    release_at: datetime,
    note: str | None,
) -> Outcome:
    """Keep the approved dataset as it is and publish it at ``release_at``."""
    event = WorkflowEvent(
        package_id=package.id,
        actor_id=actor.id if actor else None,
        step=SCHEDULE_STEP,
        from_status=Status.DISETUJUI.value,
        to_status=Status.DISETUJUI.value,
        note=note,
        details={"tayang_pada": release_at.isoformat()},
    )
    model.Session.add(event)
    schedule.put(package.id, release_at, actor.id if actor else None)
    model.Session.commit()
    schedule.arm(package.id, release_at)
    _notify(context, event)
    _logged(event, package, actor)
    dataset = tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": package.id}
    )
    return Outcome(dataset=dataset, event=event)


def publish_scheduled(package_id: str, scheduled_by: str | None, release_at: datetime) -> None:
    """Publish a dataset whose release moment has come (the worker's job). A dataset
    gone or no longer approved keeps its status; its schedule is dropped."""
    package = model.Package.get(package_id)
    current = of_package(package) if package is not None else None
    if package is None or package.state == "deleted" or current is not Status.DISETUJUI:
        schedule.drop(package_id)
        model.Session.commit()
        log.info("Scheduled publication of %s dropped: status %s", package_id, current)
        return
    actor = model.Session.get(model.User, scheduled_by) if scheduled_by else None
    event = WorkflowEvent(
        package_id=package.id,
        actor_id=actor.id if actor else None,
        step=Step.PUBLISH.value,
        from_status=current.value,
        to_status=Status.DITAYANGKAN.value,
        details={"terjadwal": release_at.isoformat()},
    )
    site_user = tk.get_action("get_site_user")(cast(Context, {"ignore_auth": True}), {})
    _apply(cast(Context, {"user": site_user["name"]}), package, actor, event)
    notify.enqueue_for(event)


def history(dataset_id: str) -> list[dict[str, Any]]:
    package = package_or_404(dataset_id)
    events = (
        model.Session.query(WorkflowEvent)
        .filter(WorkflowEvent.package_id == package.id)
        .order_by(WorkflowEvent.created)
        .all()
    )
    users = {
        u.id: u
        for u in model.Session.query(model.User).filter(
            model.User.id.in_({e.actor_id for e in events if e.actor_id})
        )
    }
    return [
        {
            "langkah": e.step,
            "dari": e.from_status,
            "ke": e.to_status,
            "oleh": users[e.actor_id].name if e.actor_id in users else None,
            "oleh_nama": users[e.actor_id].display_name if e.actor_id in users else None,
            "waktu": e.created.isoformat(),
            "catatan": e.note,
            "rincian": e.details,
        }
        for e in events
    ]


def override(context: Context, dataset_id: str, new_status: str, reason: str | None) -> Outcome:
    """A sysadmin sets any status, with a reason (recorded like every step)."""
    actor = roles.user_of(context)
    package = package_or_404(dataset_id)
    try:
        target = Status(str(new_status))
    except ValueError:
        raise tk.ValidationError(
            {"status": [tk._("Unknown status: {status}.").format(status=new_status)]}
        ) from None
    reason = (reason or "").strip()
    if not reason:
        raise tk.ValidationError({"alasan": [tk._("A reason is required for an override.")]})
    current = of_package(package)
    event = WorkflowEvent(
        package_id=package.id,
        actor_id=actor.id if actor else None,
        step="override",
        from_status=current.value,
        to_status=target.value,
        note=reason,
    )
    dataset = _apply(context, package, actor, event)
    return Outcome(dataset=dataset, event=event)
