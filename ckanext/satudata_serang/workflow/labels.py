"""Who may see a dataset, as CKAN permission labels (search, package_show, resources,
the datastore, activity, DCAT all check them).

A published (ditayangkan) dataset is public. Any other is seen only by its OPD's
members, by the walidata once it has been submitted, by the pembina while it waits
for them, and by sysadmins (CKAN lets them see everything).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan import model

from . import roles
from .states import Status
from .status import of_package

PUBLIC = "public"
WALIDATA = "walidata"
PEMBINA = "pembina"


def dataset_labels(package: model.Package) -> list[str]:
    status = of_package(package)
    if status is Status.DITAYANGKAN and not package.private:
        return [PUBLIC]
    labels = (
        [f"member-{package.owner_org}"]
        if package.owner_org
        else [f"creator-{package.creator_user_id}"]
    )
    if status is not Status.DRAFT:
        labels.append(WALIDATA)
    if status is Status.PEMERIKSAAN_PEMBINA:
        labels.append(PEMBINA)
    return labels


def user_labels(user: model.User | None) -> list[str]:
    labels = [PUBLIC]
    if user is None or not getattr(user, "id", None):
        return labels
    labels.append(f"creator-{user.id}")
    organizations, walidata, pembina = roles.visibility_of(user)
    labels += [f"member-{org}" for org in organizations]
    if walidata:
        labels.append(WALIDATA)
    if pembina:
        labels.append(PEMBINA)
    return labels


_REFRESH_ACTIVITY = sa.text(
    "UPDATE activity SET permission_labels = :labels WHERE object_id = :package_id"
)


def refresh_activity(package: model.Package) -> None:
    """Give the dataset's past activities its labels of now. CKAN stores an
    activity's labels when it happens; without this, the public activities of a
    dataset published once and then withdrawn would stay public."""
    model.Session.execute(
        _REFRESH_ACTIVITY, {"labels": dataset_labels(package), "package_id": package.id}
    )
    model.Session.commit()
