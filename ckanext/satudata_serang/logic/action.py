"""Actions of this extension."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ..workflow import service
from ..workflow.states import Step

__all__ = [
    "datastore_create",
    "satudata_approve",
    "satudata_publish",
    "satudata_return",
    "satudata_review_history",
    "satudata_submit",
    "satudata_withdraw",
]


@tk.chained_action
def datastore_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's datastore_create, run as the site user when a background job calls it
    without one.

    ckanext-xloader 2.6.0 writes typed rows with a context that names no user; with
    the activity plugin enabled the write then fails ("user_id: User not found") and
    the load falls back to untyped text columns. Who may call it is unchanged: the
    caller already passed ``ignore_auth``, and a context with a user is left alone.
    """
    if context.get("ignore_auth") and not context.get("user"):
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context["user"] = site_user["name"]
    return up_func(context, data_dict)


def _step(step: Step, context: Context, data_dict: DataDict) -> dict[str, Any]:
    dataset_id = str(tk.get_or_bust(data_dict, "id"))
    tk.check_access(f"satudata_{step.value}", context, data_dict)
    outcome = service.take_step(context, dataset_id, step, data_dict.get("note"))
    return {
        "id": outcome.dataset["id"],
        "name": outcome.dataset["name"],
        "status_verifikasi": outcome.event.to_status,
        "status_sebelumnya": outcome.event.from_status,
        "catatan": outcome.event.note,
        "kelengkapan": (outcome.event.details or {}).get("kelengkapan"),
    }


def satudata_submit(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Submit a dataset to the walidata (draft, perlu_perbaikan or ditarik → diajukan).

    Runs the SDI completeness rules first; a mandatory rule that fails refuses the
    submit (ValidationError listing the rules) and the result is kept either way.
    Who: a produsen (editor or admin) of the dataset's OPD, or a sysadmin.

    :param id: the dataset's id or name
    :returns: id, name, status_verifikasi, status_sebelumnya, kelengkapan
    """
    return _step(Step.SUBMIT, context, data_dict)


def satudata_return(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return a submitted dataset to its produsen for correction (→ perlu_perbaikan).

    Who: the walidata (diajukan), a pembina (pemeriksaan_pembina), or a sysadmin.

    :param id: the dataset's id or name
    :param note: what must be corrected (required)
    :returns: id, name, status_verifikasi, status_sebelumnya, catatan
    """
    return _step(Step.RETURN, context, data_dict)


def satudata_approve(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Approve a submitted dataset: → disetujui, or → pemeriksaan_pembina when it is
    data prioritas and pembina are configured (their approval then → disetujui).

    Who: the walidata (diajukan), a pembina (pemeriksaan_pembina), or a sysadmin.

    :param id: the dataset's id or name
    :param note: optional note
    :returns: id, name, status_verifikasi, status_sebelumnya
    """
    return _step(Step.APPROVE, context, data_dict)


def satudata_publish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Publish an approved dataset (disetujui → ditayangkan): from now on the public,
    the API, DCAT and the national portal see it.

    Who: the walidata or a sysadmin.

    :param id: the dataset's id or name
    :returns: id, name, status_verifikasi, status_sebelumnya
    """
    return _step(Step.PUBLISH, context, data_dict)


def satudata_withdraw(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Withdraw a published (or approved) dataset from the public (→ ditarik); the
    produsen may correct and submit it again.

    Who: the walidata or a sysadmin.

    :param id: the dataset's id or name
    :param note: why (required)
    :returns: id, name, status_verifikasi, status_sebelumnya, catatan
    """
    return _step(Step.WITHDRAW, context, data_dict)


@tk.side_effect_free
def satudata_review_history(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The dataset's verification history, oldest first: step, from → to, who, when,
    note (and the completeness result of each submit).

    Who: members of the dataset's OPD, walidata, pembina, sysadmins.

    :param id: the dataset's id or name
    """
    dataset_id = str(tk.get_or_bust(data_dict, "id"))
    tk.check_access("satudata_review_history", context, data_dict)
    return service.history(dataset_id)
