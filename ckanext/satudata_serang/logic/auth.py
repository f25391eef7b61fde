"""Auth functions of this extension's actions; the role rules live in workflow/roles.py
and workflow/states.py."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.logic.auth import get_package_object
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from ..daftar.auth import (
    satudata_compliance,
    satudata_daftar_create,
    satudata_daftar_dasbor,
    satudata_daftar_delete,
    satudata_daftar_list,
    satudata_daftar_salin,
    satudata_daftar_show,
    satudata_daftar_tautkan,
    satudata_daftar_update,
)
from ..harvest import access as harvest_access
from ..harvest.access import (
    harvest_job_abort,
    harvest_job_create,
    harvest_object_list,
    harvest_object_show,
    harvest_source_clear,
    harvest_source_create,
    harvest_source_delete,
    harvest_source_list,
    harvest_source_update,
    package_create,
    package_delete,
)
from ..standards.auth import (
    satudata_standar_cabut,
    satudata_standar_create,
    satudata_standar_list,
    satudata_standar_show,
    satudata_standar_terbitkan,
    satudata_standar_update,
    satudata_validasi_jalankan,
    satudata_validasi_show,
)
from ..workflow import roles
from ..workflow.states import Role, Status, Step, may_take
from ..workflow.status import of_package

__all__ = [
    "datastore_search_sql",
    "harvest_job_abort",
    "harvest_job_create",
    "harvest_object_list",
    "harvest_object_show",
    "harvest_source_clear",
    "harvest_source_create",
    "harvest_source_delete",
    "harvest_source_list",
    "harvest_source_update",
    "package_create",
    "package_delete",
    "package_update",
    "satudata_approve",
    "satudata_completeness_show",
    "satudata_compliance",
    "satudata_daftar_create",
    "satudata_daftar_dasbor",
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
]


def _user(context: Context) -> model.User | None:
    return roles.user_of(context)


def _owner_org(data_dict: DataDict) -> str | None:
    package = model.Package.get(str(data_dict.get("id") or ""))
    if package is None:
        raise tk.ObjectNotFound(tk._("Dataset not found."))
    return package.owner_org


def _step(step: Step, context: Context, data_dict: DataDict) -> AuthResult:
    """The role may take the step at all, on a dataset it may see: a dataset hidden
    from the caller (a draft from the walidata) is refused without telling its status."""
    user = _user(context)
    if may_take(step, roles.roles_for(user, _owner_org(data_dict))):
        visible = authz.is_authorized("package_show", context, {"id": data_dict.get("id")})
        if visible.get("success"):
            return {"success": True}
    return {"success": False, "msg": tk._("You may not take this step on this dataset.")}


def satudata_submit(context: Context, data_dict: DataDict) -> AuthResult:
    """Produsen of the dataset's OPD (editor or admin), or a sysadmin."""
    return _step(Step.SUBMIT, context, data_dict)


def satudata_return(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata, pembina (for datasets waiting for them), or a sysadmin."""
    return _step(Step.RETURN, context, data_dict)


def satudata_approve(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata, pembina (for datasets waiting for them), or a sysadmin."""
    return _step(Step.APPROVE, context, data_dict)


def satudata_publish(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata or a sysadmin."""
    return _step(Step.PUBLISH, context, data_dict)


def satudata_withdraw(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata or a sysadmin."""
    return _step(Step.WITHDRAW, context, data_dict)


def satudata_review_history(context: Context, data_dict: DataDict) -> AuthResult:
    """Members of the dataset's OPD, walidata, pembina and sysadmins, for a dataset
    they may see: the notes are working notes between the OPD and the walidata."""
    user = _user(context)
    owner_org = _owner_org(data_dict)
    # Only for a dataset the user may see at all (its permission labels).
    visible = authz.is_authorized("package_show", context, {"id": data_dict.get("id")})
    organizations, walidata, pembina = roles.visibility_of(user)
    reader = walidata or pembina or owner_org in organizations or bool(user and user.sysadmin)
    if visible.get("success") and reader:
        return {"success": True}
    return {"success": False, "msg": tk._("You may not see the review history of this dataset.")}


@tk.chained_auth_function
def package_update(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    """CKAN's rule (the OPD's editors and admins), plus the walidata for every dataset
    that has been submitted: they curate metadata directly (logged). Harvest sources:
    the walidata only (harvest/access.py)."""
    try:
        package = get_package_object(context, data_dict or {})
    except tk.ObjectNotFound:
        package = None
    harvest_source = harvest_access.source_update(package, context)
    if harvest_source is not None:
        return harvest_source
    submitted = package is not None and of_package(package) is not Status.DRAFT
    if submitted and roles.is_walidata(_user(context)):
        return {"success": True}
    return next_auth(context, data_dict)  # pyright: ignore[reportArgumentType]


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search_sql(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    """SQL over the DataStore only reads tables of published datasets (ditayangkan,
    public), whoever asks: an OPD's own drafts are read through datastore_search,
    which follows the dataset's visibility. Then CKAN's own rule."""
    names = list(context.get("table_names") or [])  # a generator: read once, put back
    context["table_names"] = names  # pyright: ignore[reportGeneralTypeIssues]
    for name in names:
        resource = model.Resource.get(name)
        package = resource.package if resource is not None else None
        if (
            package is None
            or resource is None
            or resource.state != "active"
            or package.state != "active"
            or package.private
            or of_package(package) is not Status.DITAYANGKAN
        ):
            return {
                "success": False,
                "msg": tk._("Only tables of published datasets can be queried with SQL."),
            }
    return next_auth(context, data_dict)  # pyright: ignore[reportArgumentType]


def satudata_review_queue(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Walidata, pembina and sysadmins."""
    found = roles.roles_for(_user(context), None)
    if found & {Role.WALIDATA, Role.PEMBINA, Role.SYSADMIN}:
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata and pembina have a review queue.")}


def satudata_set_status(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Sysadmins only (CKAN lets them through before this runs)."""
    return {"success": False, "msg": tk._("Only a sysadmin may override a status.")}


def satudata_completeness_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may read the dataset's review history (members of its OPD, walidata,
    pembina, sysadmins, for a dataset they may see): the check is part of the same
    conversation between the OPD and the walidata."""
    if satudata_review_history(context, data_dict).get("success"):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("You may not see the completeness check of this dataset."),
    }
