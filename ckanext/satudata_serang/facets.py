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


def _harvest_labels(facet: str) -> dict[str, str]:
    """The labels ckanext-harvest's own form gives its codes (frequencies, source
    types), for the facets of /harvest; none when ckanext-harvest is not loaded."""
    helper = {"frequency": "harvest_frequencies", "source_type": "harvester_types"}.get(facet)
    if helper is None or helper not in tk.h:
        return {}
    return {str(o["value"]): str(o["text"]) for o in tk.h[helper]()}


def label_facet_items(search_results: dict[str, Any]) -> dict[str, Any]:
    """Coded facet values get their label as display name (never a raw code)."""
    for facet, detail in (search_results.get("search_facets") or {}).items():
        items = detail.get("items", [])
        if facet in helpers.FACET_VOCABULARIES:
            for item in items:
                item["display_name"] = helpers.satudata_facet_label(facet, str(item.get("name")))
        elif labels := _harvest_labels(facet):
            for item in items:
                name = str(item.get("name"))
                item["display_name"] = labels.get(name, name)
    return search_results
