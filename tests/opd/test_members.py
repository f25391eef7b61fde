"""Produsen data: an OPD's admin adds the OPD's data producers as editors, with CKAN's
own organization member roles (README, "Menambah produsen data")."""

from __future__ import annotations

import re
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan import authz
from ckan.tests import factories
from ckan.types import Context

from tests import sdi

PASSWORD = "kata-sandi-produsen-123"


def as_user(name: str) -> Context:
    """The user's own permissions: no ignore_auth."""
    return cast(Context, {"user": name})


def add_member(by: str, opd: str, username: str, role: str) -> None:
    tk.get_action("organization_member_create")(
        as_user(by), {"id": opd, "username": username, "role": role}
    )


def create_dataset(by: str, opd: str, name: str) -> dict[str, Any]:
    dataset = sdi.complete(name=name, title=f"Data {name}", owner_org=opd, state="draft")
    return tk.get_action("package_create")(as_user(by), dataset)


@pytest.fixture
def opd(clean_db: None) -> None:
    """Dinkes with its admin (made by a sysadmin), Dishub with its own admin, and users
    who belong to no OPD yet."""
    sysadmin = factories.Sysadmin()["name"]
    sdi.Organization(name="dinkes", title="Dinas Kesehatan", singkatan="DINKES")
    sdi.Organization(name="dishub", title="Dinas Perhubungan", singkatan="DISHUB")
    for name in ("admin_dinkes", "produsen", "admin_dishub", "staf"):
        factories.User(name=name, password=PASSWORD)
    add_member(sysadmin, "dinkes", "admin_dinkes", "admin")
    add_member(sysadmin, "dishub", "admin_dishub", "admin")


def test_an_opd_admin_adds_a_produsen_who_publishes_for_that_opd_only(opd):
    add_member("admin_dinkes", "dinkes", "produsen", "editor")
    assert authz.users_role_for_group_or_org("dinkes", "produsen") == "editor"

    writable = tk.get_action("organization_list_for_user")(
        as_user("produsen"), {"permission": "create_dataset"}
    )
    assert [organization["name"] for organization in writable] == ["dinkes"]
    assert create_dataset("produsen", "dinkes", "jumlah-puskesmas")["organization"]["name"] == (
        "dinkes"
    )
    with pytest.raises(tk.NotAuthorized):
        create_dataset("produsen", "dishub", "jumlah-terminal")


@pytest.mark.parametrize("role", ["editor", "member"])
def test_editors_and_members_cannot_add_members(opd, role):
    add_member("admin_dinkes", "dinkes", "staf", role)
    with pytest.raises(tk.NotAuthorized):
        add_member("staf", "dinkes", "produsen", "editor")
    assert authz.users_role_for_group_or_org("dinkes", "produsen") is None


def test_the_admin_of_another_opd_cannot_add_members(opd):
    with pytest.raises(tk.NotAuthorized):
        add_member("admin_dishub", "dinkes", "produsen", "editor")
    assert authz.users_role_for_group_or_org("dinkes", "produsen") is None


def test_a_member_can_be_removed_by_the_opd_admin(opd):
    add_member("admin_dinkes", "dinkes", "produsen", "editor")
    tk.get_action("organization_member_delete")(
        as_user("admin_dinkes"), {"id": "dinkes", "username": "produsen"}
    )
    assert authz.users_role_for_group_or_org("dinkes", "produsen") is None


def _csrf_token(page: str) -> str:
    match = re.search(r'name="_csrf_token" content="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(app: Any, name: str) -> None:
    """Through the login form, as a browser does (the session cookie is kept)."""
    form = app.get("/user/login", status=200)
    app.post(
        "/user/login",
        data={"login": name, "password": PASSWORD, "_csrf_token": _csrf_token(form.body)},
        status=200,
    )
    assert f"/user/{name}" in app.get("/dashboard/datasets", status=200).body


def test_the_opd_admin_adds_a_produsen_through_the_web_form(app, opd):
    """Organisasi → Dinas Kesehatan → Kelola → Anggota → Tambah Anggota, as a browser
    does it: a logged-in session and the form's CSRF token."""
    log_in(app, "admin_dinkes")
    assert 'href="/organization/edit/dinkes"' in app.get("/organization/dinkes").body  # Manage
    members_page = app.get("/organization/manage_members/dinkes", status=200).body
    assert "/organization/member_new/" in members_page  # Add Member
    form = app.get("/organization/member_new/dinkes", status=200)
    assert 'name="username"' in form.body and 'value="editor"' in form.body

    refused = app.post(
        "/organization/member_new/dinkes",
        data={"username": "produsen", "role": "editor", "save": ""},
    )
    assert refused.status_code == 400  # no CSRF token
    assert authz.users_role_for_group_or_org("dinkes", "produsen") is None

    members = app.post(
        "/organization/member_new/dinkes",
        data={
            "username": "produsen",
            "role": "editor",
            "save": "",
            "_csrf_token": _csrf_token(form.body),
        },
        status=200,
    )
    assert "produsen" in members.body  # back on the members page
    assert authz.users_role_for_group_or_org("dinkes", "produsen") == "editor"


def test_an_editor_cannot_open_the_member_form(app, opd):
    add_member("admin_dinkes", "dinkes", "produsen", "editor")
    log_in(app, "produsen")
    app.get("/organization/member_new/dinkes", status=403)


def test_the_admin_of_another_opd_cannot_open_the_member_form(app, opd):
    log_in(app, "admin_dishub")
    app.get("/organization/member_new/dinkes", status=403)
