"""The walidata's pages: the review queue across every OPD and a dataset's review page.

Who may open them is CKAN's auth of ``satudata_review_queue`` (walidata, pembina and
sysadmins); what each of them sees is what their permission labels allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.pagination import Page
from ckan.types import Context
from flask import Blueprint
from werkzeug.wrappers.response import Response

from ..workflow.queue import DEFAULT_STATUSES
from ..workflow.states import Status
from ..workflow.status import FIELD, SINCE_FIELD
from .steps import messages

review = Blueprint("satudata_review", __name__)

PAGE_SIZE = 20
# The queue's tabs, in the order a dataset goes through them (draft last: the
# walidata never sees an OPD's drafts, a sysadmin does).
TABS = (
    Status.DIAJUKAN,
    Status.PEMERIKSAAN_PEMBINA,
    Status.DISETUJUI,
    Status.PERLU_PERBAIKAN,
    Status.DITAYANGKAN,
    Status.DITARIK,
    Status.DRAFT,
)
FILTERS = ("status", "organization", "waiting_days")
BULK_STEPS = {"setujui": "satudata_approve", "tayangkan": "satudata_publish"}


@dataclass(frozen=True)
class Row:
    """One dataset of the queue as the table shows it."""

    id: str
    name: str
    title: str
    organization: str
    status: str
    since: datetime | None
    days: int | None
    release_at: str | None = None  # a scheduled publication (ISO)


def _context() -> Context:
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    return cast(Context, {"user": user})


def _reviewer_only(came_from: str) -> Response | None:
    """None for a walidata, pembina or sysadmin; anonymous visitors go to the login
    page (and come back), anyone else gets CKAN's 403 page."""
    try:
        tk.check_access("satudata_review_queue", _context())
    except tk.NotAuthorized as error:
        if not tk.current_user.is_authenticated:
            return tk.redirect_to(tk.h.url_for("user.login", came_from=came_from))
        return tk.abort(403, str(error))
    return None


def _filters(values: Mapping[str, Any]) -> dict[str, str]:
    """The queue's filters present in a query string or form."""
    found = {key: str(values.get(key) or "").strip() for key in FILTERS}
    return {key: value for key, value in found.items() if value}


def _queue_url(filters: Mapping[str, str], page: int | None = None, **changes: str) -> str:
    params: dict[str, Any] = {**filters, **changes}
    if page and page > 1:
        params["page"] = page
    return tk.h.url_for("satudata_review.queue", **{k: v for k, v in params.items() if v})


def _since(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rows(results: list[dict[str, Any]], titles: Mapping[str, str]) -> list[Row]:
    now = datetime.now(UTC)
    rows: list[Row] = []
    for result in results:
        since = _since(result.get(SINCE_FIELD))
        organization = str(result.get("organization") or "")
        rows.append(
            Row(
                id=result["id"],
                name=result["name"],
                title=result.get("title") or result["name"],
                organization=titles.get(organization, organization),
                status=str(result.get(FIELD) or Status.DRAFT.value),
                since=since,
                days=(now - since).days if since else None,
                release_at=result.get("jadwal_tayang"),
            )
        )
    return rows


def _organizations(context: Context) -> list[dict[str, Any]]:
    """Every OPD (name and title) by title; CKAN hands out full records in batches."""
    found: list[dict[str, Any]] = []
    while True:
        batch = tk.get_action("organization_list")(
            cast(Context, dict(context)),
            {
                "all_fields": True,
                "include_dataset_count": False,
                "include_extras": False,
                "include_users": False,
                "sort": "title asc",
                "offset": len(found),
            },
        )
        if not batch:
            return found
        found += [{"name": o["name"], "title": o.get("title") or o["name"]} for o in batch]


def _tabs(per_status: Mapping[str, int], filters: Mapping[str, str]) -> list[dict[str, Any]]:
    """The status tabs with their counts; the first lists everything waiting."""
    current = filters.get("status", "")
    waiting = sum(int(per_status.get(s.value, 0)) for s in DEFAULT_STATUSES)
    tabs = [("", tk._("Waiting for review"), waiting)] + [
        (
            s.value,
            str(tk.h.satudata_vocabulary_label("status_verifikasi", s.value)),
            int(per_status.get(s.value, 0)),
        )
        for s in TABS
    ]
    return [
        {
            "status": status,
            "label": label,
            "count": count,
            "active": status == current,
            "url": _queue_url(filters, status=status),
        }
        for status, label, count in tabs
    ]


@review.route("/walidata/antrean")
def queue() -> str | Response:
    """The review queue across every OPD: counts per status, filters by status, OPD
    and waiting time, oldest first, 20 a page.

    Who: walidata, pembina and sysadmins (CKAN's auth of satudata_review_queue).
    """
    refused = _reviewer_only(tk.h.url_for("satudata_review.queue"))
    if refused is not None:
        return refused
    context = _context()
    filters = _filters(tk.request.args)
    page_number = tk.h.get_page_number(tk.request.args)
    action = tk.get_action("satudata_review_queue")
    error = None
    try:
        found = action(
            cast(Context, dict(context)),
            {**filters, "limit": PAGE_SIZE, "offset": (page_number - 1) * PAGE_SIZE},
        )
    except tk.ValidationError as refused_filter:
        error = messages(cast(dict[str, Any], refused_filter.error_dict))
        found = {**action(cast(Context, dict(context)), {"limit": 1}), "count": 0, "results": []}
    organizations = _organizations(context)
    titles = {o["name"]: o["title"] for o in organizations}
    rows = _rows(found["results"], titles)
    page = Page(
        collection=rows,
        page=page_number,
        url=partial(_queue_url, filters),
        item_count=found["count"],
        items_per_page=PAGE_SIZE,
        presliced_list=True,
    )
    return tk.render(
        "satudata/review/queue.html",
        {
            "rows": rows,
            "count": found["count"],
            "page": page,
            "tabs": _tabs(found["per_status"], filters),
            "filters": filters,
            "organizations": organizations,
            "error": error,
        },
    )


def _title(context: Context, dataset_id: str) -> str:
    """The dataset's title, if the user may see it; else the id they sent."""
    try:
        shown = tk.get_action("package_show")(cast(Context, dict(context)), {"id": dataset_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return dataset_id
    return str(shown.get("title") or shown.get("name") or dataset_id)


def _take(action: str, dataset_id: str) -> str | None:
    """Take one step as the current user: None when done, else why not. A refused
    step leaves nothing behind for the next one to commit."""
    try:
        tk.get_action(action)(_context(), {"id": dataset_id})
    except tk.ValidationError as error:
        reason = messages(cast(dict[str, Any], error.error_dict))
    except tk.NotAuthorized:
        reason = tk._("You may not take this step on this dataset.")
    except tk.ObjectNotFound:
        reason = tk._("Dataset not found.")
    else:
        return None
    model.Session.rollback()
    return reason


def _report(step: str, done: int, failures: list[tuple[str, str]]) -> None:
    if done:
        summary = (
            tk.ungettext("{count} dataset approved.", "{count} datasets approved.", done)
            if step == "setujui"
            else tk.ungettext("{count} dataset published.", "{count} datasets published.", done)
        )
        tk.h.flash_success(summary.format(count=done))
    for title, reason in failures:
        failed = (
            tk._("{title} was not approved: {reason}")
            if step == "setujui"
            else tk._("{title} was not published: {reason}")
        )
        tk.h.flash_error(failed.format(title=title, reason=reason))


@review.route("/walidata/antrean/massal", methods=["POST"])
def bulk() -> Response:
    """Approve (``langkah=setujui``) or publish (``langkah=tayangkan``) the datasets
    ticked in the queue (``id``, several), each on its own: one refused does not stop
    or undo the others. The outcome is flashed; back to the queue with its filters.

    Who: walidata, pembina and sysadmins; each step is then checked per dataset by
    the step's own auth.
    """
    refused = _reviewer_only(tk.h.url_for("satudata_review.queue"))
    if refused is not None:
        return refused
    form = tk.request.form
    back = _queue_url(_filters(form), tk.h.get_page_number(form))
    step = str(form.get("langkah") or "")
    action = BULK_STEPS.get(step)
    if action is None:
        tk.h.flash_error(tk._("Choose whether to approve or to publish the datasets."))
        return tk.redirect_to(back)
    ids = list(dict.fromkeys(i.strip() for i in form.getlist("id") if i.strip()))
    if not ids:
        tk.h.flash_error(tk._("Tick at least one dataset first."))
        return tk.redirect_to(back)
    failures: list[tuple[str, str]] = []
    for dataset_id in ids:
        reason = _take(action, dataset_id)
        if reason is not None:
            failures.append((_title(_context(), dataset_id), reason))
    _report(step, len(ids) - len(failures), failures)
    return tk.redirect_to(back)


# Keys of a dataset dict whose form field has another name (for the label only).
FORM_FIELDS = {"tags": "tag_string"}


def _field_label(field: Mapping[str, Any] | None, name: str) -> str:
    return str(tk.h.scheming_language_text(field["label"])) if field else name


def _changes(revision: Mapping[str, Any] | None, schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The waiting revision's changes, each with its schema field (None for a key
    the form does not have: shown as plain text) and label."""
    if not revision:
        return []
    fields = {f["field_name"]: f for f in schema.get("dataset_fields", [])}
    changes: list[dict[str, Any]] = []
    for change in revision.get("perubahan", []):
        name = change["kolom"]
        field = fields.get(name)
        label = _field_label(field or fields.get(FORM_FIELDS.get(name, "")), name)
        changes.append({**change, "field": field, "label": label})
    return changes


def _author(revision: Mapping[str, Any] | None) -> str:
    """Who proposed the revision, by the name people know them by."""
    name = str((revision or {}).get("oleh") or "")
    user = model.User.get(name) if name else None
    return user.display_name if user else name


@review.route("/dataset/<id>/periksa")
def dataset(id: str) -> str | Response:
    """A dataset's review page: metadata, resources, completeness, the waiting
    revision's changes, the history and the steps the reviewer may take now (they
    post to the workflow's take_step and come back here).

    Who: walidata, pembina and sysadmins who may see the dataset (its permission
    labels): satudata_review_queue and package_show, else 403 (404 if unknown).
    """
    refused = _reviewer_only(tk.h.url_for("satudata_review.dataset", id=id))
    if refused is not None:
        return refused
    context = _context()
    try:
        pkg = tk.get_action("package_show")(cast(Context, dict(context)), {"id": id})
        revision = tk.get_action("satudata_revision_show")(
            cast(Context, dict(context)), {"id": pkg["id"]}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not review this dataset."))
    schema = cast(dict[str, Any], tk.h.scheming_get_dataset_schema(pkg["type"]) or {})
    return tk.render(
        "satudata/review/dataset.html",
        {
            "pkg": pkg,
            "pkg_dict": pkg,
            "schema": schema,
            "revision": revision,
            "revision_author": _author(revision),
            "changes": _changes(revision, schema),
        },
    )
