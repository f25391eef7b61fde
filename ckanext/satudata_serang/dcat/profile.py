"""The SDI delta profile (``satudata_sdi``), applied after ``euro_dcat_ap_3``.

Thin glue between ckanext-dcat and the pure modules: serialize.py adds the SDI
fields, parse.py reads them back, concepts.py describes the codes. No database query
per dataset: the vocabularies are read once per process, the OPD's name comes from
the dataset dict, and its code and contact details from the organization that
euro_dcat_ap_3 has already fetched (and cached per process) for its own publisher.
The one exception is the data dictionary: one datastore_info per resource that is in
the DataStore (none for the others).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context
from ckanext.dcat.profiles import RDFProfile
from ckanext.dcat.profiles.base import CleanedURIRef
from ckanext.dcat.utils import publisher_uri_organization_fallback, resource_uri
from rdflib import URIRef
from rdflib.term import Node

from .. import config
from . import concepts, mapping, parse, serialize


def site_url() -> str:
    """The portal's public address (``ckan.site_url``), without a trailing slash: the
    base of the concept URIs, so that they resolve behind a proxy too."""
    return config.site_url()


def concept_uri(skema: str, kode: str) -> URIRef:
    """The URI of one code of one scheme on this portal (used by pages and profile)."""
    return concepts.concept_uri(site_url(), skema, kode)


def scheme_uri(skema: str) -> URIRef:
    return concepts.scheme_uri(site_url(), skema)


def in_datastore(resource: Mapping[str, Any]) -> bool:
    return resource.get("datastore_active") in (True, "True", "true")


def dictionary(resource: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The resource's data dictionary: its DataStore columns (datastore_info, without
    the table's size and indexes); for a resource not in the DataStore, or one whose
    columns are not described, the ``kamus_data`` it was harvested with, if any.

    Called only from graph_from_dataset, whose dataset the export already let out
    (published, not tertutup, as anonymous sees it), hence ignore_auth."""
    if in_datastore(resource):
        context = cast(Context, {"ignore_auth": True})
        try:
            found = tk.get_action("datastore_info")(
                context,
                {"id": resource["id"], "include_meta": False, "include_fields_schema": False},
            )
        except (KeyError, tk.ObjectNotFound, tk.ValidationError):
            found = {}  # no DataStore plugin, or its table is gone
        fields = [f for f in found.get("fields") or [] if isinstance(f, dict)]
        if serialize.has_dictionary(fields):
            return fields
    return mapping.kamus_columns(resource.get(mapping.KAMUS_FIELD))


class SatudataSDIProfile(RDFProfile):
    """Maps the SDI fields of the dataset schema to DCAT-AP 3 and back."""

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        site = site_url()
        mapping.bind(self.g)
        serialize.add_dataset(self.g, dataset_ref, dataset_dict, site)
        organization = dataset_dict.get("organization") or {}
        publisher = publisher_uri_organization_fallback(dataset_dict)
        if organization.get("id") and publisher:
            agent = URIRef(str(publisher))
            name = str(organization.get("title") or organization.get("name") or "")
            serialize.set_publisher(
                self.g, dataset_ref, agent, name, self._opd_details(organization["id"])
            )
        resources = dataset_dict.get("resources") or []
        distributions = [(CleanedURIRef(resource_uri(r)), r) for r in resources if r.get("id")]
        serialize.set_distributions(self.g, dataset_dict, distributions, site)
        for ref, resource in distributions:
            serialize.set_table_schema(self.g, ref, dictionary(resource), site)

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: URIRef) -> None:
        mapping.bind(self.g)
        serialize.set_catalog(self.g, catalog_ref, site_url())

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> dict[str, Any]:
        fields = parse.read_dataset(self.g, dataset_ref)
        parse.drop_upstream_duplicates(dataset_dict, fields)
        if not dataset_dict.get("license_id"):
            # ckanext-dcat's "" for "no licence found" is not a licence of CKAN's list
            dataset_dict.pop("license_id", None)
        dataset_dict.update(fields)
        resources = dataset_dict.get("resources") or []
        parse.read_formats(self.g, dataset_ref, resources)
        parse.read_dictionaries(self.g, dataset_ref, resources)
        parse.order_resources(resources)
        return dataset_dict

    def _opd_details(self, organization_id: str) -> Mapping[str, Any]:
        """kode_opd, singkatan, email and website of the OPD, as euro_dcat_ap_3 fetched
        them for its publisher fallback (one organization_show per OPD and process,
        in ckanext-dcat's own cache); nothing more is asked of the database here."""
        cached = RDFProfile._org_cache.get(organization_id)  # pyright: ignore[reportPrivateUsage]
        return cached if isinstance(cached, Mapping) else {}
