"""The Daftar Data in the dataset form: the entry a dataset delivers (a choice among
its OPD's entries) and the period a resource holds. Registered through helpers.py
and logic/validators.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ..workflow import roles
from . import periods, registry
from .actions import today
from .models import Entri


def satudata_daftar_choices(field: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Scheming ``choices_helper`` of ``daftar_data``: the entries of this year and
    the last of the OPDs the user works for (every OPD's for the walidata)."""
    user = tk.current_user if tk.current_user and tk.current_user.is_authenticated else None
    if user is None:
        return []
    organizations, walidata, _ = roles.visibility_of(user.name)
    everyone = walidata or bool(getattr(user, "sysadmin", False))
    year = today().year
    entries = [
        e
        for e in registry.listing(organization_ids=None if everyone else organizations)
        if e.tahun >= year - 1
    ]
    groups = {
        g.id: g.title or g.name
        for g in model.Session.query(model.Group).filter(
            model.Group.id.in_({e.organization_id for e in entries})
        )
    }
    return [
        {"value": e.id, "label": f"{e.nama} — {groups.get(e.organization_id, '')} ({e.tahun})"}
        for e in entries
    ]


def satudata_daftar_label(entri_id: str) -> str:
    found = model.Session.get(Entri, entri_id) if entri_id else None
    return f"{found.nama} ({found.tahun})" if found is not None else ""


def satudata_daftar_data(
    key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any
) -> None:
    """An entry of the dataset's own OPD."""
    value = data.get(key)
    if value is tk.missing or value is None or not str(value).strip():
        data[key] = ""
        return
    entri = model.Session.get(Entri, str(value).strip())
    if entri is None:
        errors[key].append("Entri Daftar Data tidak ditemukan.")
        return
    owner = data.get(("owner_org",))
    group = model.Group.get(str(owner)) if owner else None
    if group is None or group.id != entri.organization_id:
        errors[key].append("Entri Daftar Data ini milik OPD lain.")
        return
    data[key] = entri.id


def satudata_periode_data(value: Any) -> Any:
    """A period code (2026, 2026-S1, 2026-T1, 2026-C1, 2026-03, 2026-W05, 2026-03-15,
    2025-2026), written the one way."""
    if value is tk.missing or value is None or not str(value).strip():
        return ""
    period = periods.parse(str(value))
    if period is None:
        raise tk.Invalid(
            f"Periode data “{value}” tidak dikenal: tulis 2026, 2026-S1, 2026-T1, 2026-C1,"
            " 2026-03, 2026-W05, 2026-03-15 atau 2025-2026."
        )
    return period.code
