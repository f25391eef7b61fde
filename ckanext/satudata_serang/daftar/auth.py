"""Who may read and manage the Daftar Data. Registered through logic/auth.py.

The walidata (and sysadmins) manage every entry. An OPD's members read their OPD's
entries and tallies; everyone reads all of them while the public page is on
(``daftar_publik``). Datasets named in an answer are only those the reader may see.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from .. import config
from ..workflow import roles


def manages_daftar(context: Context) -> bool:
    user = roles.user_of(context)
    return bool(user is not None and (user.sysadmin or roles.is_walidata(user)))


def readable_organizations(context: Context) -> list[str] | None:
    """The OPDs whose entries the user may read: None for all of them."""
    if manages_daftar(context) or config.daftar_public():
        return None
    user = roles.user_of(context)
    return roles.visibility_of(user)[0] if user is not None else []


def _reader(context: Context) -> AuthResult:
    readable = readable_organizations(context)
    if readable is None or readable:
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata and the OPDs read the Daftar Data.")}


def _walidata(context: Context) -> AuthResult:
    if manages_daftar(context):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata manage the Daftar Data.")}


@tk.auth_allow_anonymous_access
def satudata_daftar_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata, an OPD's members (their OPD's entries); everyone while the public
    page is on."""
    return _reader(context)


@tk.auth_allow_anonymous_access
def satudata_daftar_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """As satudata_daftar_list (the action refuses an entry of another OPD)."""
    return _reader(context)


@tk.auth_allow_anonymous_access
def satudata_compliance(context: Context, data_dict: DataDict | None) -> AuthResult:
    """As satudata_daftar_list."""
    return _reader(context)


def satudata_daftar_create(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_daftar_update(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_daftar_delete(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_daftar_salin(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata."""
    return _walidata(context)


def satudata_daftar_tautkan(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata (fixing the link a produsen chose, or making one)."""
    return _walidata(context)


def satudata_daftar_dasbor(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The walidata: the dashboard of every OPD, its exports and the managing pages
    (no action; the pages check it)."""
    return _walidata(context)
