"""Web pages of the workflow: the buttons on a dataset page post here."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context
from flask import Blueprint
from werkzeug.wrappers.response import Response

workflow = Blueprint("satudata_workflow", __name__)

STEPS = {
    "ajukan": "satudata_submit",
    "kembalikan": "satudata_return",
    "setujui": "satudata_approve",
    "tayangkan": "satudata_publish",
    "tarik": "satudata_withdraw",
}


def _done(step: str) -> str:
    return {
        "ajukan": tk._("The dataset has been submitted to the walidata."),
        "kembalikan": tk._("The dataset has been returned to its producer for correction."),
        "setujui": tk._("The dataset has been approved."),
        "tayangkan": tk._("The dataset is now published."),
        "tarik": tk._("The dataset has been withdrawn from the public."),
    }[step]


def _messages(errors: dict[str, Any]) -> str:
    parts: list[str] = []
    for value in errors.values():
        parts += [str(v) for v in (value if isinstance(value, list) else [value])]
    return " ".join(parts)


@workflow.route("/dataset/<id>/alur/<step>", methods=["POST"])
def take_step(id: str, step: str) -> Response:
    """One workflow step from a dataset page's button; the outcome is flashed."""
    action = STEPS.get(step)
    if action is None:
        return tk.abort(404)
    context = cast(Context, {"user": tk.current_user.name if tk.current_user else ""})
    try:
        tk.get_action(action)(context, {"id": id, "note": tk.request.form.get("note", "")})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("You may not take this step on this dataset."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found."))
    except tk.ValidationError as error:
        tk.h.flash_error(_messages(cast(dict[str, Any], error.error_dict)))
    else:
        tk.h.flash_success(_done(step))
    return tk.redirect_to("dataset.read", id=id)
