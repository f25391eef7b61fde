"""Who a user is in the workflow: produsen of an OPD, walidata, pembina, sysadmin.

Walidata are the members of every organization flagged ``walidata`` (the OPD acting
as walidata, Diskominfo) plus the users named in
``ckanext.satudata_serang.walidata_users``; pembina are the users named in
``ckanext.satudata_serang.pembina_users``. Produsen are the editors and admins of the
dataset's OPD. The rules live here and nowhere else.
"""

from __future__ import annotations

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


def is_walidata(user: object) -> bool:
    found = _user(user)
    if found is None:
        return False
    if found.name in config.walidata_users():
        return True
    return bool(set(_capacities(found)) & set(walidata_organizations()))


def is_pembina(user: object) -> bool:
    found = _user(user)
    return found is not None and found.name in config.pembina_users()


def pembina_configured() -> bool:
    return bool(config.pembina_users())


def produsen_organizations(user: object) -> list[str]:
    """Ids of the OPDs whose datasets the user produces (editor or admin)."""
    found = _user(user)
    if found is None:
        return []
    return [org for org, cap in _capacities(found).items() if cap in PRODUSEN_CAPACITIES]


def member_organizations(user: object) -> list[str]:
    found = _user(user)
    return list(_capacities(found)) if found is not None else []


def roles_for(user: object, owner_org: str | None) -> set[Role]:
    """The user's roles towards a dataset of ``owner_org``."""
    found = _user(user)
    if found is None:
        return set()
    roles: set[Role] = set()
    if found.sysadmin:
        roles.add(Role.SYSADMIN)
    if owner_org and owner_org in produsen_organizations(found):
        roles.add(Role.PRODUSEN)
    if is_walidata(found):
        roles.add(Role.WALIDATA)
    if is_pembina(found):
        roles.add(Role.PEMBINA)
    return roles
