"""The "Data saya" listing: the datasets of the OPDs a user belongs to, by
verification status, with the walidata's latest note, the completeness score and
whether a revision waits.

The datasets come from package_search as the user (so CKAN's permission labels decide
what is listed); the notes, scores and waiting revisions of one page are read in two
queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.types import Context

from ..model.workflow import CompletenessCheck, Revision, WorkflowEvent
from . import revisions, roles
from .states import Status
from .status import FIELD, SINCE_FIELD

PAGE_SIZE = 20
# The steps whose note is the walidata's (or pembina's) word to the produsen.
NOTE_STEPS = ("return", "withdraw", "revisi_dikembalikan")


@dataclass(frozen=True)
class Note:
    text: str | None
    step: str
    by: str | None  # the user's display name
    when: str  # ISO time


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    title: str
    organization: str  # the OPD's title
    status: str
    since: str | None
    score: int | None = None
    revision_waiting: bool = False
    note: Note | None = None


@dataclass(frozen=True)
class Listing:
    organizations: list[model.Group]
    status: str | None
    page: int
    count: int
    per_status: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.per_status.values())


def organizations_of(user: model.User) -> list[model.Group]:
    """The OPDs the user is a member of (any capacity), by title."""
    ids, _walidata, _pembina = roles.visibility_of(user)
    if not ids:
        return []
    return list(
        model.Session.scalars(
            sa.select(model.Group).where(model.Group.id.in_(ids)).order_by(model.Group.title)
        )
    )


def parse_status(value: object) -> str | None:
    """A status filter from the query string; anything unknown means every status."""
    try:
        return Status(str(value)).value if value else None
    except ValueError:
        return None


def _search(user: model.User, data_dict: dict[str, Any]) -> dict[str, Any]:
    context = cast(Context, {"user": user.name, "auth_user_obj": user})
    return tk.get_action("package_search")(
        context, {"include_private": True, "include_drafts": True, **data_dict}
    )


def _organization_filter(organizations: list[model.Group]) -> str:
    return "owner_org:(" + " OR ".join(f'"{org.id}"' for org in organizations) + ")"


def notes_for(package_ids: list[str]) -> dict[str, Note]:
    """Each dataset's latest return, withdraw or returned revision, with who and when."""
    if not package_ids:
        return {}
    event = WorkflowEvent
    query = (
        sa.select(event, model.User)
        .outerjoin(model.User, model.User.id == event.actor_id)
        .where(event.package_id.in_(package_ids), event.step.in_(NOTE_STEPS))
        .order_by(event.package_id, event.created.desc())
        .distinct(event.package_id)
    )
    return {
        found.package_id: Note(
            text=found.note,
            step=found.step,
            by=actor.display_name if actor is not None else None,
            when=found.created.isoformat(),
        )
        for found, actor in model.Session.execute(query).tuples()
    }


def scores_and_revisions(package_ids: list[str]) -> dict[str, tuple[int | None, bool]]:
    """Each dataset's last completeness score and whether a revision of it waits."""
    if not package_ids:
        return {}
    waiting = (
        sa.exists()
        .where(Revision.package_id == model.Package.id, Revision.status == revisions.WAITING)
        .correlate(model.Package)
    )
    query = (
        sa.select(model.Package.id, CompletenessCheck.score, waiting)
        .outerjoin(CompletenessCheck, CompletenessCheck.package_id == model.Package.id)
        .where(model.Package.id.in_(package_ids))
    )
    return {
        package_id: (score, bool(revision))
        for package_id, score, revision in model.Session.execute(query).tuples()
    }


def _row(dataset: dict[str, Any], extra: tuple[int | None, bool], note: Note | None) -> Row:
    organization = dataset.get("organization") or {}
    return Row(
        id=dataset["id"],
        name=dataset["name"],
        title=dataset.get("title") or dataset["name"],
        organization=organization.get("title") or organization.get("name") or "",
        status=dataset.get(FIELD) or Status.DRAFT.value,
        since=dataset.get(SINCE_FIELD),
        score=extra[0],
        revision_waiting=extra[1],
        note=note,
    )


def listing(user: model.User, status: str | None = None, page: int = 1) -> Listing:
    """One page of the user's OPDs' datasets (``status`` filters; None is every
    status), latest change of status first, with the count of each status.

    For the user themselves: the searches run as them, so they list only what CKAN
    lets them see."""
    status = parse_status(status)
    organizations = organizations_of(user)
    if not organizations:
        return Listing(organizations=[], status=status, page=page, count=0)
    by_organization = _organization_filter(organizations)
    counts = _search(
        user,
        {"fq": by_organization, "rows": 0, "facet.field": [FIELD], "facet.limit": -1},
    )
    per_status = {s.value: 0 for s in Status}
    per_status.update(
        {k: v for k, v in counts.get("facets", {}).get(FIELD, {}).items() if k in per_status}
    )
    fq = by_organization + (f' AND {FIELD}:"{status}"' if status else "")
    found = _search(
        user,
        {
            "fq": fq,
            "rows": PAGE_SIZE,
            "start": (page - 1) * PAGE_SIZE,
            "sort": f"{SINCE_FIELD} desc, metadata_modified desc",
        },
    )
    ids = [d["id"] for d in found["results"]]
    notes, extras = notes_for(ids), scores_and_revisions(ids)
    return Listing(
        organizations=organizations,
        status=status,
        page=page,
        count=found["count"],
        per_status=per_status,
        rows=[
            _row(d, extras.get(d["id"], (None, False)), notes.get(d["id"]))
            for d in found["results"]
        ],
    )
