"""Template helpers, prefixed satudata_."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context

from . import vocabulary
from .daftar.helpers import satudata_daftar_choices, satudata_daftar_label
from .loading import display
from .metadata import values
from .metadata.index import CODED_FIELDS
from .standards.helpers import (
    satudata_standar_choices,
    satudata_standar_label,
    satudata_validasi,
    satudata_validasi_may_run,
)
from .workflow import release, schedule

__all__ = [
    "satudata_angka",
    "satudata_angka_number",
    "satudata_completeness",
    "satudata_daftar_choices",
    "satudata_daftar_label",
    "satudata_facet_label",
    "satudata_field_sections",
    "satudata_home_summary",
    "satudata_is_http_url",
    "satudata_load_state",
    "satudata_msvar_label",
    "satudata_publication_schedule",
    "satudata_release_moment",
    "satudata_review_history",
    "satudata_standar_choices",
    "satudata_standar_label",
    "satudata_validasi",
    "satudata_validasi_may_run",
    "satudata_vocabulary_choices",
    "satudata_vocabulary_label",
    "satudata_vocabulary_options",
]


# Facets shown by label: the coded SDI fields and the verification status.
FACET_VOCABULARIES = {**CODED_FIELDS, "status_verifikasi": "status_verifikasi"}


def language() -> str:
    try:
        return str(tk.h.lang() or vocabulary.DEFAULT_LANGUAGE)
    except (RuntimeError, TypeError, AttributeError):
        return vocabulary.DEFAULT_LANGUAGE


def satudata_vocabulary_choices(field: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Scheming ``choices_helper``: the terms of the field's vocabulary, with both
    labels (scheming picks the user's language)."""
    return [
        {"value": term.code, "label": dict(term.labels)}
        for term in vocabulary.get(field["vocabulary"])
    ]


def satudata_vocabulary_label(name: str, code: str) -> str:
    return vocabulary.get(name).label(code, language())


def satudata_facet_label(facet: str, value: str) -> str:
    """A facet value as shown to people: a vocabulary code becomes its label."""
    name = FACET_VOCABULARIES.get(facet)
    return vocabulary.get(name).label(value, language()) if name else value


def satudata_is_http_url(value: Any) -> bool:
    return values.http_url(value) is not None


def satudata_field_sections(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The schema's fields grouped by ``form_section`` (a field without one joins the
    section before it), for the dataset page."""
    sections: list[dict[str, Any]] = []
    for field in fields:
        if field.get("form_section") or not sections:
            sections.append({"label": field.get("form_section") or "", "fields": []})
        sections[-1]["fields"].append(field)
    return sections


def satudata_home_summary() -> dict[str, Any]:
    """What the home page shows: counts, topics with their dataset counts and the
    latest datasets, all as the visitor may see them (permission labels apply)."""
    context = cast(Context, {"user": tk.g.user if hasattr(tk.g, "user") else ""})
    search = tk.get_action("package_search")(
        context,
        {
            "rows": 6,
            "sort": "metadata_modified desc",
            "facet.field": ["topik", "num_resources"],
            "facet.limit": -1,
        },
    )
    facets = search.get("facets", {})
    resources = sum(int(n) * count for n, count in facets.get("num_resources", {}).items())
    topic_counts = facets.get("topik", {})
    lang = language()
    topics = [
        {"code": term.code, "label": term.label(lang), "count": topic_counts.get(term.code, 0)}
        for term in vocabulary.get("topik")
    ]
    organizations = tk.get_action("organization_list")(context, {"all_fields": False})
    return {
        "datasets": search["count"],
        "organizations": len(organizations),
        "resources": resources,
        "topics": topics,
        "latest": search["results"],
    }


def satudata_review_history(dataset_id: str) -> list[dict[str, Any]] | None:
    """The dataset's verification history for the viewer, or None when they may not
    see it (the auth of the satudata_review_history action decides)."""
    context = cast(Context, {"user": tk.g.user if hasattr(tk.g, "user") else ""})
    try:
        return tk.get_action("satudata_review_history")(context, {"id": dataset_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def satudata_completeness(dataset_id: str) -> dict[str, Any] | None:
    """The dataset's last SDI completeness check for the viewer, or None when it was
    never checked or they may not see it (the auth of satudata_completeness_show
    decides)."""
    context = cast(Context, {"user": tk.g.user if hasattr(tk.g, "user") else ""})
    try:
        return tk.get_action("satudata_completeness_show")(context, {"id": dataset_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def satudata_release_moment(moment: str) -> str:
    """An ISO moment as people in Serang read it: ``1 Desember 2026 pukul 08.00 WIB``."""
    try:
        return release.in_wib(datetime.fromisoformat(moment))
    except (TypeError, ValueError):
        return str(moment)


def satudata_publication_schedule(dataset_id: str) -> str | None:
    """When an approved dataset is scheduled to be published (ISO), or None. Shown
    only on pages of datasets the viewer may already see (not yet public ones)."""
    row = schedule.of(dataset_id)
    return row.release_at.isoformat() if row is not None else None


def satudata_load_state(resource_id: str) -> display.LoadState | None:
    """The resource's last load into the DataStore (for those who may edit it)."""
    return display.load_state(resource_id)


def satudata_msvar_label(key: str) -> str:
    """The MS-Var name of a Data Dictionary key (nama variabel, konsep, ...)."""
    from .dictionary import form

    return form.key_label(key)


def satudata_vocabulary_options(name: str) -> list[dict[str, str]]:
    """A vocabulary as the options of CKAN's form.select, labelled in the user's
    language."""
    return [{"value": term.code, "text": term.label(language())} for term in vocabulary.get(name)]


def satudata_angka(dataset: Mapping[str, Any], limit: int = 3) -> list[dict[str, Any]]:
    """The dataset's statistics tables as the dataset page shows them (a chart and
    the totals per period), read with the visitor's own rights."""
    import json

    from .sda import data, series

    context = cast(Context, {"user": tk.current_user.name if tk.current_user else ""})
    shown: list[dict[str, Any]] = []
    for resource in dataset.get("resources") or []:
        if len(shown) >= limit:
            break
        try:
            table = data.table_of(context, dict(resource))
        except (tk.NotAuthorized, tk.ValidationError):
            continue
        if table is None or table.too_large:
            continue
        pivot = series.pivot(table.records, table.roles, by_region=False)
        shown.append(
            {"resource": resource, "pivot": pivot, "chart": json.dumps(series.chart(pivot))}
        )
    return shown


def satudata_angka_number(value: Any) -> str:
    """A figure as Indonesian tables write it (1.234.567,5; – when there is none)."""
    from .sda import series

    return series.plain(value)
