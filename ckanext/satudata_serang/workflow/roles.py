"""Who a user is in the workflow: produsen of an OPD, walidata, pembina, sysadmin.

Walidata are the members of every organization flagged ``walidata`` (the OPD acting
as walidata, Diskominfo) plus the users named in
``ckanext.satudata_serang.walidata_users``; pembina are the users named in
``ckanext.satudata_serang.pembina_users``. Produsen are the editors and admins of the
dataset's OPD. The rules live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from ckan import model

from .. import config
from .states import Role

PRODUSEN_CAPACITIES = ("editor", "admin")


def _user(user: object) -> model.User | None:
    """A CKAN user from a user object or name; anything else (None, Flask-Login's
    AnonymousUser of an anonymous request) is nobody."""
    if isinstance(user, model.User):
        return user
    return model.User.get(user) if isinstance(user, str) and user else None


def user_of(context: Mapping[str, Any]) -> model.User | None:
    """The user an action context acts for: its user object, else its user name."""
    found = _user(context.get("auth_user_obj"))
    return found if found is not None else _user(context.get("user"))


def is_site_user(user: model.User | None) -> bool:
    """CKAN's own site user: background jobs (xloader, harvest) write as it."""
    site_id = config.site_id()
    return bool(user is not None and site_id and user.name == site_id)


def walidata_organizations() -> list[str]:
    """Ids of the organizations flagged as walidata."""
    group = model.group_table
    query = sa.select(group.c.id).where(
        group.c.extras["walidata"].astext.in_(["true", "True", "1"]),
        group.c.state == "active",
        group.c.is_organization.is_(True),
    )
    return [row[0] for row in model.Session.execute(query)]


def _capacities(user: model.User) -> dict[str, str]:
    """The user's organization memberships: organization id → capacity."""
    query = (
        sa.select(model.Member.group_id, model.Member.capacity)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Group.state == "active",
            model.Group.is_organization.is_(True),
        )
    )
    return {group_id: capacity for group_id, capacity in model.Session.execute(query)}


def _walidata(user: model.User, capacities: Mapping[str, str]) -> bool:
    if user.name in config.walidata_users():
        return True
    return bool(set(capacities) & set(walidata_organizations()))


def is_walidata(user: object) -> bool:
    found = _user(user)
    return found is not None and _walidata(found, _capacities(found))


def is_pembina(user: object) -> bool:
    found = _user(user)
    return found is not None and found.name in config.pembina_users()


def pembina_configured() -> bool:
    return bool(config.pembina_users())


def visibility_of(user: object) -> tuple[list[str], bool, bool]:
    """In one read of the memberships: the user's organizations, whether they are
    walidata, whether pembina (what their permission labels are made of)."""
    found = _user(user)
    if found is None:
        return [], False, False
    capacities = _capacities(found)
    return list(capacities), _walidata(found, capacities), is_pembina(found)


def roles_for(user: object, owner_org: str | None) -> set[Role]:
    """The user's roles towards a dataset of ``owner_org``."""
    found = _user(user)
    if found is None:
        return set()
    capacities = _capacities(found)
    roles: set[Role] = set()
    if found.sysadmin:
        roles.add(Role.SYSADMIN)
    if owner_org and capacities.get(owner_org) in PRODUSEN_CAPACITIES:
        roles.add(Role.PRODUSEN)
    if _walidata(found, capacities):
        roles.add(Role.WALIDATA)
    if is_pembina(found):
        roles.add(Role.PEMBINA)
    return roles
