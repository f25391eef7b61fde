"""The OPD list against the portal's organizations: read them, plan, apply.

An import is all or nothing: every organization_create / organization_patch runs with
``defer_commit`` in one database transaction (the search index rows of renamed OPDs'
datasets included), committed once at the end; any failure rolls everything back.
Writes run as the site user.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from . import changes, records
from .changes import Action, Plan
from .records import Entry, InvalidFile, OpdRecord, Problem

_SHOW = {
    "include_datasets": False,
    "include_users": False,
    "include_groups": False,
    "include_tags": False,
    "include_followers": False,
    "include_extras": True,
}


class SaveFailed(RuntimeError):
    """CKAN refused a write; the whole import was rolled back."""

    def __init__(self, record: OpdRecord | None, error: Exception) -> None:
        self.record = record
        which = f"OPD {record.singkatan} ({record.url})" if record else "Daftar OPD"
        super().__init__(
            f"{which} gagal disimpan: {_describe(error)}. Tidak ada perubahan yang disimpan."
        )


def _site_user() -> str:
    # Resolved before any write: get_site_user commits when it has to create the user.
    return str(tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"])


def _context(user: str, **extra: Any) -> Context:
    # A fresh context per call: actions keep state in it ("group", "schema" …).
    return cast(Context, {"user": user, "ignore_auth": True, **extra})


def current_opd() -> dict[str, OpdRecord]:
    """The portal's active organizations by URL, as records."""
    query = model.Session.query(model.Group.name).filter(
        model.Group.is_organization.is_(True),
        model.Group.type == "organization",
        model.Group.state == "active",
    )
    names = [name for (name,) in query]
    show = tk.get_action("organization_show")
    user = _site_user()
    return {
        name: records.from_organization(show(_context(user), {"id": name, **_SHOW}))
        for name in names
    }


def import_entries(entries: Sequence[Entry], dry_run: bool = False) -> Plan:
    """Plan the checked entries against the portal and, unless ``dry_run``, apply the
    plan. Raises InvalidFile for rows the portal itself rules out (a singkatan or URL
    already taken), SaveFailed when CKAN refuses a write."""
    existing = current_opd()
    problems = changes.conflicts(existing, entries) + _urls_taken(entries, existing)
    if problems:
        raise InvalidFile(problems)
    result = changes.plan(existing, [entry.record for entry in entries])
    if not dry_run and result.writes:
        apply(result)
    return result


def _urls_taken(entries: Sequence[Entry], existing: Mapping[str, OpdRecord]) -> list[Problem]:
    """URLs of new OPDs held by a deleted organization or by a group (CKAN names are
    unique across both)."""
    problems: list[Problem] = []
    for entry in entries:
        url = entry.record.url
        if url in existing:
            continue
        holder = model.Group.get(url)
        if holder is None:
            continue
        if holder.is_organization and holder.state != "active":
            message = (
                f"URL {url} masih dipakai organisasi yang sudah dihapus; hapus permanen "
                "di /ckan-admin/trash atau isi kolom url dengan URL lain"
            )
        else:
            message = (
                f"URL {url} sudah dipakai {holder.title or url}; isi kolom url dengan URL lain"
            )
        problems.append(Problem(entry.row, entry.url_key, message))
    return problems


def apply(plan: Plan) -> None:
    """Write the plan in one transaction: nothing is kept unless everything succeeds."""
    create = tk.get_action("organization_create")
    patch = tk.get_action("organization_patch")
    user = _site_user()
    record: OpdRecord | None = None
    try:
        for change in plan.changes:
            record = change.record
            if change.action is Action.CREATED:
                create(
                    _context(user, defer_commit=True),
                    records.to_organization(record),
                )
            elif change.action is Action.UPDATED:
                patch(
                    _context(user, defer_commit=True),
                    {"id": record.url, **records.to_organization(record, change.fields)},
                )
        record = None
        model.repo.commit()
    except Exception as error:
        model.Session.rollback()
        raise SaveFailed(record, error) from error


def export_records() -> list[OpdRecord]:
    return records.in_list_order(current_opd().values())


def _describe(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        details = error.error_dict
        return "; ".join(
            f"{field}: {' '.join(map(str, message)) if isinstance(message, list) else message}"
            for field, message in details.items()
        )
    return str(error) or type(error).__name__
