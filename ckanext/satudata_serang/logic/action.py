"""Actions of this extension."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from ..daftar.actions import (
    satudata_compliance,
    satudata_daftar_create,
    satudata_daftar_delete,
    satudata_daftar_list,
    satudata_daftar_salin,
    satudata_daftar_show,
    satudata_daftar_tautkan,
    satudata_daftar_update,
)
from ..dcat.catalog import (
    dcat_catalog_search,
    dcat_catalog_show,
    dcat_dataset_show,
    dcat_datasets_list,
)
from ..harvest import actions as harvest_actions
from ..harvest.actions import (
    harvest_send_job_to_gather_queue,
    harvest_source_list,
    package_create,
)
from ..loading.submit import resource_create, resource_update, xloader_submit
from ..standards.actions import (
    satudata_standar_cabut,
    satudata_standar_create,
    satudata_standar_list,
    satudata_standar_show,
    satudata_standar_terbitkan,
    satudata_standar_update,
    satudata_validasi_jalankan,
    satudata_validasi_show,
)
from ..workflow import completeness_record, edits, queue, revisions, roles, service
from ..workflow.states import Status, Step
from ..workflow.status import CONTEXT_KEY, FIELD, of_package

__all__ = [
    "datastore_create",
    "dcat_catalog_search",
    "dcat_catalog_show",
    "dcat_dataset_show",
    "dcat_datasets_list",
    "harvest_send_job_to_gather_queue",
    "harvest_source_list",
    "member_list",
    "package_create",
    "package_update",
    "resource_create",
    "resource_update",
    "satudata_approve",
    "satudata_completeness_show",
    "satudata_compliance",
    "satudata_daftar_create",
    "satudata_daftar_delete",
    "satudata_daftar_list",
    "satudata_daftar_salin",
    "satudata_daftar_show",
    "satudata_daftar_tautkan",
    "satudata_daftar_update",
    "satudata_publish",
    "satudata_return",
    "satudata_review_history",
    "satudata_review_queue",
    "satudata_revision_show",
    "satudata_set_status",
    "satudata_standar_cabut",
    "satudata_standar_create",
    "satudata_standar_list",
    "satudata_standar_show",
    "satudata_standar_terbitkan",
    "satudata_standar_update",
    "satudata_submit",
    "satudata_validasi_jalankan",
    "satudata_validasi_show",
    "satudata_withdraw",
    "tag_autocomplete",
    "tag_list",
    "tag_search",
    "xloader_submit",
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
    outcome = service.take_step(
        context, dataset_id, step, data_dict.get("note"), data_dict.get("release_date")
    )
    details = outcome.event.details or {}
    return {
        "id": outcome.dataset["id"],
        "name": outcome.dataset["name"],
        "status_verifikasi": outcome.event.to_status,
        "status_sebelumnya": outcome.event.from_status,
        "catatan": outcome.event.note,
        "kelengkapan": details.get("kelengkapan"),
        "jadwal_tayang": details.get("tayang_pada"),
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
    the API, DCAT and the national portal see it — now, or at ``release_date``.

    With a future ``release_date`` the dataset stays disetujui and CKAN's background
    worker publishes it at that moment (the schedule is kept in the database, so a
    restart does not lose it). Publishing again replaces the schedule; publishing
    without a date, withdrawing or an override cancels it.

    Who: the walidata or a sysadmin.

    :param id: the dataset's id or name
    :param release_date: optional; ``YYYY-MM-DD`` (00:00 WIB) or
        ``YYYY-MM-DDTHH:MM[:SS][±HH:MM]`` (WIB when no offset); a moment already past
        publishes now; at most two years ahead
    :returns: id, name, status_verifikasi, status_sebelumnya, jadwal_tayang (the
        scheduled moment in UTC, ISO 8601; null when published now)
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


@tk.chained_action
def package_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's package_update (and so package_patch and every resource change), with
    the workflow's rules for people editing through the API or the forms:

    - a produsen may change the dataset while it is draft, perlu_perbaikan or
      ditarik; while the walidata checks or has approved it, the change is refused
      with a ValidationError naming the status;
    - a produsen's change to a published dataset becomes its waiting revision
      (validated now, applied when the walidata approves it); the result is the live
      dataset with ``revisi_menunggu``;
    - walidata and sysadmin edits apply directly and are logged in the dataset's
      history.

    Writes by the workflow itself and by background jobs (``ignore_auth``, or as
    CKAN's site user) pass unlogged.
    """
    if context.get(CONTEXT_KEY) or context.get("ignore_auth"):  # pyright: ignore[reportUnknownMemberType]
        return up_func(context, data_dict)
    package = model.Package.get(str(data_dict.get("id") or data_dict.get("name") or ""))
    if package is None:
        return up_func(context, data_dict)
    if harvest_actions.is_source(data_dict, package):
        # a harvest source is no dataset of the workflow (harvest/actions.py)
        return harvest_actions.write_source("package_update", up_func, context, data_dict, package)
    tk.check_access("package_update", context, data_dict)
    user_obj = roles.user_of(context)
    found = roles.roles_for(user_obj, package.owner_org)
    if not found & edits.CURATORS and of_package(package) is Status.DITAYANGKAN:
        # The public keeps the published version until the walidata approves.
        return revisions.propose(context, package, dict(data_dict))
    try:
        edits.check_produsen_edit(package, found)
    except edits.EditRefused as refused:
        raise tk.ValidationError({FIELD: [edits.refusal_message(refused.status)]}) from None
    if not found & edits.CURATORS or roles.is_site_user(user_obj):
        # A background job (xloader marking a file loaded) is no curation to log.
        return up_func(context, data_dict)
    before = tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False},  # pyright: ignore[reportArgumentType]
        {"id": package.id},
    )
    result = up_func(context, data_dict)
    after = result if isinstance(result, dict) else before
    edits.log_curation(package, user_obj, edits.changed_fields(before, after))
    return result


def satudata_set_status(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Override a dataset's verification status (any status to any status), with a
    reason that is recorded in its history like every step.

    Who: sysadmins only.

    :param id: the dataset's id or name
    :param status: the new status (draft, diajukan, perlu_perbaikan,
        pemeriksaan_pembina, disetujui, ditayangkan, ditarik)
    :param reason: why (required)
    :returns: id, name, status_verifikasi, status_sebelumnya, catatan
    """
    dataset_id = str(tk.get_or_bust(data_dict, "id"))
    tk.check_access("satudata_set_status", context, data_dict)
    outcome = service.override(
        context, dataset_id, str(data_dict.get("status") or ""), data_dict.get("reason")
    )
    return {
        "id": outcome.dataset["id"],
        "name": outcome.dataset["name"],
        "status_verifikasi": outcome.event.to_status,
        "status_sebelumnya": outcome.event.from_status,
        "catatan": outcome.event.note,
    }


@tk.side_effect_free
def satudata_review_queue(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The datasets waiting for a check, across every OPD, oldest first.

    Who: walidata, pembina and sysadmins (each sees what their permission labels
    allow: the pembina only what waits for them).

    :param status: a status to list (default: diajukan and pemeriksaan_pembina)
    :param organization: an OPD's name, to list only its datasets
    :param waiting_days: only datasets in their status for at least this many days
    :param limit: page size (default 20, at most 100)
    :param offset: start of the page (default 0)
    :returns: ``count``, ``results`` (id, name, title, organization, status_verifikasi,
        status_sejak, jadwal_tayang: the scheduled release, if any), and
        ``per_status``: how many datasets are in each status (within the
        organization and waiting_days filters)
    """
    tk.check_access("satudata_review_queue", context, data_dict)
    return queue.review_queue(context, data_dict)


@tk.side_effect_free
def satudata_revision_show(context: Context, data_dict: DataDict) -> dict[str, Any] | None:
    """The revision of a published dataset waiting for the walidata, with the
    field-by-field difference from the live version (``perubahan``: kolom, lama,
    baru); null when none waits. ``satudata_approve`` applies it,
    ``satudata_return`` (with a note) sends it back.

    Who: members of the dataset's OPD, walidata, pembina, sysadmins.

    :param id: the dataset's id or name
    """
    dataset_id = str(tk.get_or_bust(data_dict, "id"))
    tk.check_access("satudata_review_history", context, data_dict)
    package = service.package_or_404(dataset_id)
    waiting = revisions.waiting(package.id)
    return revisions.describe(waiting) if waiting else None


@tk.chained_action
@tk.side_effect_free
def member_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's member_list, without the datasets the caller may not see (CKAN lists
    every dataset of an OPD, unpublished ones included)."""
    members = up_func(context, data_dict)
    user = context.get("user")
    visible = []
    for member in members:
        object_id, object_type = member[0], member[1]
        if object_type == "package":
            check = cast(Context, {"user": user})
            try:
                tk.check_access("package_show", check, {"id": object_id})
            except tk.NotAuthorized:
                continue
        visible.append(member)
    return visible


def _visible_tags(context: Context) -> set[str]:
    """The free tags of the datasets the caller may see (from the search index)."""
    found = tk.get_action("package_search")(
        cast(Context, {"user": context.get("user")}),
        {
            "rows": 0,
            "facet.field": ["tags"],
            "facet.limit": -1,
            "include_private": True,
            "include_drafts": True,
        },
    )
    return set(found.get("facets", {}).get("tags", {}))


def _tag_name(tag: Any) -> str:
    return str(tag.get("name") if isinstance(tag, dict) else tag)


def _visible_only(context: Context, tags: list[Any]) -> list[Any]:
    visible = _visible_tags(context)
    return [tag for tag in tags if _tag_name(tag) in visible]


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's tag_list, without the tags only unpublished datasets carry (CKAN reads
    the tag table directly). Vocabulary tags are unchanged."""
    tags = up_func(context, data_dict)
    return tags if data_dict.get("vocabulary_id") else _visible_only(context, tags)


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's tag_search, limited like tag_list."""
    result = up_func(context, data_dict)
    if data_dict.get("vocabulary_id"):
        return result
    results = _visible_only(context, result.get("results", []))
    return {**result, "count": len(results), "results": results}


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's tag_autocomplete, limited like tag_list."""
    names = up_func(context, data_dict)
    return names if data_dict.get("vocabulary_id") else _visible_only(context, names)


@tk.side_effect_free
def satudata_completeness_show(context: Context, data_dict: DataDict) -> dict[str, Any] | None:
    """The result of the dataset's last SDI completeness check (run on every submit);
    null when it was never checked.

    Who: members of the dataset's OPD, walidata, pembina, sysadmins, for a dataset
    they may see.

    :param id: the dataset's id or name
    :returns: ``lulus``, ``skor`` (0-100), ``aturan`` (each rule: ``aturan`` code,
        ``label``, ``wajib``, ``lulus``, ``rincian``, ``rincian_label``),
        ``diperiksa`` (ISO time), ``diperiksa_oleh`` (user name) and
        ``diperiksa_oleh_nama``
    """
    dataset_id = str(tk.get_or_bust(data_dict, "id"))
    tk.check_access("satudata_completeness_show", context, data_dict)
    return completeness_record.show(dataset_id)
