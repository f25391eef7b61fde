"""What the Daftar Data pages share: the visitor's action context, the actions'
refusals as 403 and 404, the year asked for, Indonesian dates and the status badges.
Who may see what is the actions' auth (daftar/auth.py), never these pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.types import Context

from ..workflow import release
from . import periods, registry
from .actions import today
from .auth import manages_daftar, readable_organizations
from .fulfilment import State

# Bootstrap badge classes of each state (the order the pages list them in)
BADGE = {
    State.TERPENUHI: "bg-success",
    State.DIAJUKAN: "bg-primary",
    State.TERLAMBAT: "bg-danger",
    State.DIKEMBALIKAN: "bg-warning text-dark",
    State.BELUM: "bg-secondary",
}
COLOUR = {
    State.TERPENUHI: "#198754",
    State.DIAJUKAN: "#0d6efd",
    State.TERLAMBAT: "#dc3545",
    State.DIKEMBALIKAN: "#fd7e14",
    State.BELUM: "#6c757d",
}


def context() -> Context:
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else ""
    return cast(Context, {"user": user})


def call(action: str, data_dict: Mapping[str, Any]) -> Any:
    """The action's answer for the visitor; its refusals as the page's 403 or 404."""
    try:
        return tk.get_action(action)(context(), dict(data_dict))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("You may not see this part of the Data List."))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error) or tk._("Data List entry not found."))


def walidata_only() -> None:
    """403 unless the visitor manages the Daftar Data (the walidata and sysadmins)."""
    try:
        tk.check_access("satudata_daftar_dasbor", context(), {})
    except tk.NotAuthorized:
        tk.abort(403, tk._("Only the walidata manage the Daftar Data."))


def manages() -> bool:
    """Whether to offer the walidata's buttons (the actions check again)."""
    return manages_daftar(context())


def year(raw: str | None, default: int | None = None) -> int:
    """The year asked for in the address, else ``default`` (this year)."""
    text = (raw or "").strip()
    if text.isdigit() and periods.FIRST_YEAR <= int(text) <= periods.LAST_YEAR:
        return int(text)
    return default or today().year


def years(*also: int) -> list[int]:
    """The years the list has, with ``also``, newest first."""
    return sorted({*registry.years(), *also}, reverse=True)


def flag(raw: str | None) -> str:
    """The data-prioritas filter: "ya", "tidak" or "" (both)."""
    return raw if raw in ("ya", "tidak") else ""


def tanggal(value: str | date) -> str:
    """A day as Indonesians write it: 30 April 2026."""
    return release.tanggal(date.fromisoformat(value) if isinstance(value, str) else value)


def persen(value: float) -> str:
    """A percentage as Indonesians write it: 40%, 33,3%."""
    return f"{value:.1f}".removesuffix(".0").replace(".", ",") + "%"


def status_labels() -> dict[str, str]:
    return {
        State.TERPENUHI: tk._("Fulfilled"),
        State.DIAJUKAN: tk._("Submitted"),
        State.TERLAMBAT: tk._("Late"),
        State.DIKEMBALIKAN: tk._("Returned"),
        State.BELUM: tk._("Not yet due"),
    }


def statuses() -> dict[str, dict[str, str]]:
    """Each state's label and badge class, for the templates."""
    labels = status_labels()
    return {str(s): {"label": labels[s], "badge": BADGE[s]} for s in State}


def organizations() -> list[dict[str, str]]:
    """The OPDs whose lists the visitor may read (name, title), by title."""
    readable = readable_organizations(context())
    group = model.group_table
    query = (
        sa.select(group.c.id, group.c.name, group.c.title)
        .where(group.c.is_organization.is_(True), group.c.state == "active")
        .order_by(group.c.title, group.c.name)
    )
    if readable is not None:
        query = query.where(group.c.id.in_(readable))
    return [
        {"id": id, "name": name, "title": title or name}
        for id, name, title in model.Session.execute(query)
    ]


def render(template: str, extra: Mapping[str, Any]) -> str:
    """The page with what every Daftar Data template uses."""
    return tk.render(
        template,
        {
            "status": statuses(),
            "tanggal": tanggal,
            "persen": persen,
            "mengelola": manages(),
            **extra,
        },
    )
