"""Who may read and manage the standards and the validation reports. Registered
through logic/auth.py."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import AuthResult, Context, DataDict

from ..workflow import roles


def manages_standards(context: Context) -> bool:
    """The walidata (and sysadmins) manage the standards and see their drafts."""
    user = roles.user_of(context)
    return bool(user is not None and (user.sysadmin or roles.is_walidata(user)))


@tk.auth_allow_anonymous_access
def satudata_standar_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Anyone: the public sees the published (berlaku) versions."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_standar_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Anyone: the public sees the published (berlaku) versions."""
    return {"success": True}


def _walidata(context: Context) -> AuthResult:
    if manages_standards(context):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata manage data structure standards.")}


def satudata_standar_create(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_standar_update(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_standar_terbitkan(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_standar_cabut(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def _package_id(data_dict: DataDict | None) -> str:
    resource = model.Resource.get(str((data_dict or {}).get("resource_id") or ""))
    if resource is None or resource.state != "active" or not resource.package_id:
        raise tk.ObjectNotFound(tk._("Resource not found."))
    return resource.package_id


@tk.auth_allow_anonymous_access
def satudata_validasi_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Whoever may see the resource's dataset (its permission labels): the report
    quotes the file's cells."""
    shown = authz.is_authorized("package_show", context, {"id": _package_id(data_dict)})
    if shown.get("success"):
        return {"success": True}
    return {"success": False, "msg": tk._("You may not see this dataset.")}


def satudata_validasi_jalankan(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Whoever may edit the resource's dataset, or the walidata."""
    package_id = _package_id(data_dict)
    if roles.is_walidata(roles.user_of(context)):
        return {"success": True}
    if authz.is_authorized("package_update", context, {"id": package_id}).get("success"):
        return {"success": True}
    return {"success": False, "msg": tk._("You may not check this resource again.")}
