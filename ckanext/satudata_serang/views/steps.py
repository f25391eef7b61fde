"""Web pages of the workflow: the buttons on a dataset page and on its review page
post here."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context
from flask import Blueprint
from flask_babel import format_date
from werkzeug.wrappers.response import Response

workflow = Blueprint("satudata_workflow", __name__)

STEPS = {
    "ajukan": "satudata_submit",
    "kembalikan": "satudata_return",
    "setujui": "satudata_approve",
    "tayangkan": "satudata_publish",
    "tarik": "satudata_withdraw",
}
# The hidden form field that brings the reviewer back to the dataset's review page
# (the only other place a step may return to: never a URL from the form).
BACK_FIELD = "kembali"
BACK_TO_REVIEW = "periksa"
# Kota Serang's time (no daylight saving): what a release date means.
WIB = timezone(timedelta(hours=7), "WIB")


def _done(step: str) -> str:
    return {
        "ajukan": tk._("The dataset has been submitted to the walidata."),
        "kembalikan": tk._("The dataset has been returned to its producer for correction."),
        "setujui": tk._("The dataset has been approved."),
        "tayangkan": tk._("The dataset is now published."),
        "tarik": tk._("The dataset has been withdrawn from the public."),
    }[step]


def _scheduled(release_at: str) -> str:
    """The flash message of a publication scheduled for ``release_at`` (ISO, UTC)."""
    local = datetime.fromisoformat(release_at).astimezone(WIB)
    return tk._("The dataset will be published on {date} at {time} WIB.").format(
        date=format_date(local.date(), "long"), time=local.strftime("%H.%M")
    )


def messages(errors: dict[str, Any]) -> str:
    """A ValidationError's messages as one sentence for a flash message."""
    parts: list[str] = []
    for value in errors.values():
        parts += [str(v) for v in (value if isinstance(value, list) else [value])]
    return " ".join(parts)


def _data(step: str, id: str) -> dict[str, Any]:
    form = tk.request.form
    data: dict[str, Any] = {"id": id, "note": form.get("note", "")}
    release_date = str(form.get("release_date") or "").strip()
    if step == "tayangkan" and release_date:
        data["release_date"] = release_date
    return data


@workflow.route("/dataset/<id>/alur/<step>", methods=["POST"])
def take_step(id: str, step: str) -> Response:
    """One workflow step from a dataset page's or review page's button; the outcome
    is flashed. Publishing takes an optional ``release_date`` (WIB). Who may take
    which step is the step action's auth."""
    action = STEPS.get(step)
    if action is None:
        return tk.abort(404)
    context = cast(Context, {"user": tk.current_user.name if tk.current_user else ""})
    data = _data(step, id)
    try:
        result = tk.get_action(action)(context, data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not take this step on this dataset."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found."))
    except tk.ValidationError as error:
        tk.h.flash_error(messages(cast(dict[str, Any], error.error_dict)))
    else:
        release_at = result.get("jadwal_tayang") if isinstance(result, dict) else None
        tk.h.flash_success(_scheduled(str(release_at)) if release_at else _done(step))
    if tk.request.form.get(BACK_FIELD) == BACK_TO_REVIEW:
        return tk.redirect_to("satudata_review.dataset", id=id)
    return tk.redirect_to("dataset.read", id=id)
