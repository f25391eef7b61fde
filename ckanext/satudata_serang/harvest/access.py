"""Who manages harvesting: the walidata and sysadmins (CKAN lets sysadmins through
before any auth function runs). OPD produsen may not create, change, delete or run
harvest sources, nor read them: a source's configuration may hold another portal's
API key, and a trusted source publishes without the walidata's check.

Exposed as chained auth functions through logic/auth.py; ckanext-harvest forwards
most of its own checks to package_show/package_update/package_delete of the source
dataset (type ``harvest``), which logic/auth.py sends here too.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from ..workflow import roles

SOURCE_TYPE = "harvest"


def manager(context: Context) -> AuthResult:
    """Walidata (sysadmins never get here)."""
    if roles.is_walidata(roles.user_of(context)):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata manage harvest sources.")}


def opd_options() -> list[dict[str, str]]:
    """Template helper ``satudata_harvest_opd_options``: the OPDs a harvest source may
    belong to, for the walidata and sysadmins (every OPD); nothing for others."""
    user = model.User.get(str(getattr(tk.current_user, "name", "") or ""))
    if user is None or not (user.sysadmin or roles.is_walidata(user)):
        return []
    organizations = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .order_by(model.Group.title, model.Group.name)
    )
    return [{"id": o.id, "name": o.name, "title": o.title or o.name} for o in organizations]


def source_labels() -> list[str]:
    """Permission labels of a harvest source dataset: the walidata (and sysadmins)."""
    return ["walidata"]


def _is_source_request(data_dict: DataDict | None) -> bool:
    """A package_create of a harvest source: by its type, or, when CKAN's form checks
    access without a dataset yet (/harvest/new), by the blueprint serving the page."""
    if data_dict and data_dict.get("type"):
        return data_dict.get("type") == SOURCE_TYPE
    if data_dict and data_dict.get("owner_org"):
        return False
    try:
        return tk.request.blueprint == SOURCE_TYPE
    except RuntimeError:  # outside a request
        return False


@tk.chained_auth_function
def package_create(next_auth: AuthFunction, context: Context, data_dict: Any = None) -> AuthResult:
    """CKAN's rule, except for harvest sources: the walidata only."""
    if _is_source_request(data_dict):
        return manager(context)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_delete(next_auth: AuthFunction, context: Context, data_dict: Any = None) -> AuthResult:
    """CKAN's rule, except for harvest sources: the walidata only."""
    package = model.Package.get(str((data_dict or {}).get("id") or ""))
    if package is not None and package.type == SOURCE_TYPE:
        return manager(context)
    return next_auth(context, data_dict)


def source_update(package: model.Package | None, context: Context) -> AuthResult | None:
    """package_update of a harvest source (logic/auth.py's chain asks first): the
    walidata only; None for any other dataset."""
    if package is not None and package.type == SOURCE_TYPE:
        return manager(context)
    return None


def _managed(name: str) -> Any:
    @tk.chained_auth_function
    def check(next_auth: AuthFunction, context: Context, data_dict: Any = None) -> AuthResult:
        return manager(context)

    check.__name__ = check.__qualname__ = name
    check.__doc__ = "Walidata and sysadmins (ckanext-harvest's rule replaced)."
    return check


# ckanext-harvest lets anyone list sources (with their configuration) and read
# harvest objects (the records of unpublished datasets), and OPD editors run and
# change the sources of their OPD; here the walidata manage them all.
harvest_source_create = _managed("harvest_source_create")
harvest_source_update = _managed("harvest_source_update")
harvest_source_delete = _managed("harvest_source_delete")
harvest_source_list = _managed("harvest_source_list")
harvest_job_create = _managed("harvest_job_create")
harvest_job_abort = _managed("harvest_job_abort")
harvest_object_show = _managed("harvest_object_show")
harvest_object_list = _managed("harvest_object_list")


@tk.chained_auth_function
def harvest_source_clear(
    next_auth: AuthFunction, context: Context, data_dict: Any = None
) -> AuthResult:
    """Sysadmins only: clearing deletes every dataset of the source outright, which the
    walidata withdraw instead."""
    return {"success": False, "msg": tk._("Only a sysadmin may clear a harvest source.")}
