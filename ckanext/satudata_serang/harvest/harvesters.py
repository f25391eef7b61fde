"""The portal's two harvesters, registered as plugins in place of ckanext-dcat's
``dcat_rdf_harvester`` and ckanext-harvest's ``ckan_harvester`` (same source types,
``dcat_rdf`` and ``ckan``, so sources keep working):

- every download goes through safety.fetch (http/https only, no private addresses
  unless allowed, size and time limits, redirects checked);
- an RDF document with a DTD, or JSON-LD with a remote context, is refused;
- records land through landing.py (the source's OPD, the workflow, no duplicates;
  records gone from the source withdrawn, not deleted);
- a new dataset's free address is found through an index (names.py);
- the CKAN harvester always lists the whole remote portal, so removals are seen, and
  never creates organizations or groups.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.harvest.harvesters import ckanharvester

from . import access, documents, landing, messages, names, records, safety, settings
from .models import (
    HarvestGatherError,
    HarvestObject,
    HarvestObjectError,
)

ACCEPT_RDF = (
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, "
    "application/n-triples;q=0.5, */*;q=0.1"
)


def download_text(url: str, headers: dict[str, str] | None = None) -> tuple[str, str | None]:
    """The document at ``url`` as text and its media type; safety.Refused, or
    UnicodeDecodeError when it is not UTF-8."""
    found = safety.fetch(url, settings.limits(), settings.allowed_hosts(), headers)
    return found.content.decode("utf-8-sig"), found.content_type


# ckanext-harvest's and ckanext-dcat's own gather errors, said in the site's language.
_STOCK_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"Error parsing the RDF file: (?P<error>.*)", re.S),
        lambda m: tk._("The catalog could not be read as RDF: {error}").format(**m.groupdict()),
    ),
    (
        re.compile(r"Could not get a unique identifier for dataset: (?P<dataset>.*)", re.S),
        lambda m: tk._(
            "A dataset of the catalog has no URI, no dct:identifier and no name: {dataset}"
        ).format(**m.groupdict()),
    ),
    (
        re.compile(r"Error when processsing dataset: (?P<error>.*?) / ", re.S),
        lambda m: tk._("A dataset of the catalog could not be read: {error}").format(
            **m.groupdict()
        ),
    ),
    (
        re.compile(
            r"Unable to search remote CKAN for datasets:(?P<error>.*?)url:(?P<url>\S*)", re.S
        ),
        lambda m: tk._("The datasets of the CKAN portal {url} could not be listed: {error}").format(
            url=m["url"], error=m["error"].rsplit("Error: ", 1)[-1].strip()
        ),
    ),
    (
        re.compile(r"No datasets found at CKAN: (?P<url>.*)", re.S),
        lambda m: tk._("The CKAN portal {url} lists no datasets.").format(**m.groupdict()),
    ),
]


def _in_site_language(message: str) -> str:
    for pattern, say in _STOCK_ERRORS:
        found = pattern.match(message)
        if found:
            return say(found)
    return message


def validate_portal_config(config: dict[str, Any]) -> None:
    """This portal's keys of a source's configuration (both harvesters)."""
    if records.TRUSTED in config and not isinstance(config[records.TRUSTED], bool):
        raise ValueError(tk._("terpercaya must be true or false"))
    defaults = config.get(records.DEFAULTS)
    if defaults is not None and not isinstance(defaults, dict):
        raise ValueError(tk._("bawaan must be an object of field names and values"))


def _config_dict(config: str | None) -> dict[str, Any]:
    if not config:
        return {}
    found = json.loads(config)
    if not isinstance(found, dict):
        raise ValueError(tk._("The configuration must be a JSON object"))
    return found


def _import(harvest_object: Any, harvester: landing.Harvester) -> Any:
    if records.is_removal(harvest_object):
        return landing.withdraw(harvest_object)
    try:
        record = json.loads(harvest_object.content or "")
    except ValueError:
        record = None
    if not isinstance(record, dict):
        HarvestObjectError.create(
            tk._("The harvested record is not readable."), harvest_object, "Import"
        )
        return False
    return landing.save(harvester, harvest_object, record)


class _PortalWays:
    """What both harvesters do this portal's way: gather errors in the site's language,
    and a new dataset's free address found through an index (names.py)."""

    def _save_gather_error(self, message: str, job: Any) -> None:
        HarvestGatherError.create(_in_site_language(message), job)

    @staticmethod
    def _ensure_name_is_unique(
        ideal_name: str, existing_name: str | None = None, append_type: str = names.NUMBERS
    ) -> str | None:
        return names.unique_name(ideal_name, existing_name, append_type)


class DCATHarvester(_PortalWays, DCATRDFHarvester):
    """ckanext-dcat's RDF harvester (Turtle, RDF/XML, JSON-LD, … catalogs, paged with
    Hydra) with this portal's safety and landing. It also brings the helper of the
    source form (templates/source/new_source_form.html)."""

    p.implements(p.ITemplateHelpers)
    p.implements(p.IFacets, inherit=True)

    def get_helpers(self) -> dict[str, Callable[..., Any]]:
        return {"satudata_harvest_opd_options": access.opd_options}

    def dataset_facets(
        self, facets_dict: OrderedDict[str, Any], package_type: str
    ) -> OrderedDict[str, Any]:
        """The facet titles of /harvest in the site's language (ckanext-harvest's are
        fixed English strings); this plugin comes after it in ``ckan.plugins``."""
        if package_type != "harvest":
            return facets_dict
        return OrderedDict(
            [("frequency", tk._("Update frequency")), ("source_type", tk._("Source type"))]
        )

    def info(self) -> dict[str, str]:
        return {
            "name": "dcat_rdf",
            "title": tk._("DCAT catalog (RDF)"),
            "description": tk._(
                "A DCAT catalog in Turtle, RDF/XML or JSON-LD, such as another Satu Data "
                "portal's /catalog.ttl"
            ),
        }

    def validate_config(self, source_config: str | None) -> str | None:
        validated = super().validate_config(source_config)
        validate_portal_config(_config_dict(validated))
        return validated

    def _get_content_and_type(
        self, url: str, harvest_job: Any, page: int = 1, content_type: str | None = None
    ) -> tuple[str | None, str | None]:
        try:
            text, found_type = download_text(url, {"Accept": ACCEPT_RDF})
        except safety.Refused as refused:
            self._save_gather_error(messages.refused(refused), harvest_job)
            return None, None
        except UnicodeDecodeError:
            self._save_gather_error(messages.not_utf8(url), harvest_job)
            return None, None
        declared = content_type or found_type
        try:
            documents.check(text, declared)
        except documents.Unsafe as unsafe:
            self._save_gather_error(messages.unsafe(unsafe), harvest_job)
            return None, None
        return text, declared

    def _mark_datasets_for_deletion(
        self, guids_in_source: list[str], harvest_job: Any
    ) -> list[str]:
        return landing.mark_removed(harvest_job, guids_in_source)

    def import_stage(self, harvest_object: Any) -> Any:
        return _import(harvest_object, self)


class CKANHarvester(_PortalWays, ckanharvester.CKANHarvester):
    """ckanext-harvest's CKAN API harvester with this portal's safety and landing."""

    def info(self) -> dict[str, str]:
        return {
            "name": "ckan",
            "title": tk._("CKAN portal (API)"),
            "description": tk._(
                "Another CKAN portal, read through its API (package_search); add "
                '"api_key" to the configuration for its private datasets'
            ),
            "form_config_interface": "Text",
        }

    def validate_config(self, config: str | None) -> str | None:
        # This portal's refusals first: ckanext-harvest would look the groups up.
        found = _config_dict(config)
        if "remote_orgs" in found:
            raise ValueError(
                tk._(
                    "remote_orgs is not supported: harvested datasets always belong to the "
                    "OPD chosen for the source"
                )
            )
        for key in ("remote_groups", "default_groups"):
            if key in found:
                raise ValueError(
                    tk._(
                        "{key} is not supported: groups are not harvested, the walidata "
                        "adds harvested datasets to groups"
                    ).format(key=key)
                )
        validate_portal_config(found)
        return super().validate_config(config)

    def _set_config(self, config_str: str | None) -> None:
        super()._set_config(config_str)
        assert self.config is not None
        # Always the whole remote catalog: only then can removals be seen.
        self.config["force_all"] = True

    def _get_content(self, url: str) -> str:
        headers: dict[str, str] = {}
        config = self.config or {}
        if config.get("user_agent"):
            headers["User-Agent"] = str(config["user_agent"])
        if config.get("api_key"):
            headers["Authorization"] = str(config["api_key"])
        try:
            return download_text(url, headers)[0]
        except safety.Refused as refused:
            raise ckanharvester.ContentFetchError(messages.refused(refused)) from None
        except UnicodeDecodeError:
            raise ckanharvester.ContentFetchError(messages.not_utf8(url)) from None

    def gather_stage(self, harvest_job: Any) -> Any:
        object_ids = super().gather_stage(harvest_job)
        failed = model.Session.query(HarvestGatherError).filter(
            HarvestGatherError.harvest_job_id == harvest_job.id
        )
        if not isinstance(object_ids, list) or failed.count():
            return object_ids
        listed = model.Session.query(HarvestObject.guid).filter(
            HarvestObject.harvest_job_id == harvest_job.id
        )
        return object_ids + landing.mark_removed(harvest_job, [guid for (guid,) in listed])

    def _create_or_update_package(
        self,
        package_dict: dict[str, Any],
        harvest_object: Any,
        package_dict_form: str = "rest",
    ) -> Any:
        return landing.save(self, harvest_object, package_dict)

    def import_stage(self, harvest_object: Any) -> Any:
        if records.is_removal(harvest_object):
            return landing.withdraw(harvest_object)
        return super().import_stage(harvest_object)
