"""The search facets of the portal (IFacets) and their labels."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins.toolkit as tk

from . import helpers


def dataset_facets() -> OrderedDict[str, Any]:
    """Facets of /dataset, in the order of the sidebar."""
    return OrderedDict(
        [
            ("organization", tk._("Agency (OPD)")),
            ("urusan", tk._("Government affairs")),
            ("topik", tk._("Topic")),
            ("frekuensi", tk._("Update frequency")),
            ("tahun", tk._("Year")),
            ("res_format", tk._("Format")),
            ("sifat_data", tk._("Access class")),
            ("cakupan_wilayah", tk._("Geographic coverage")),
            ("tags", tk._("Tags")),
        ]
    )


def organization_facets() -> OrderedDict[str, Any]:
    facets = dataset_facets()
    facets.pop("organization")
    return facets


def label_facet_items(search_results: dict[str, Any]) -> dict[str, Any]:
    """Coded facet values get their label as display name (never a raw code)."""
    for facet, detail in (search_results.get("search_facets") or {}).items():
        if facet not in helpers.FACET_VOCABULARIES:
            continue
        for item in detail.get("items", []):
            item["display_name"] = helpers.satudata_facet_label(facet, str(item.get("name")))
    return search_results
