"""Typed accessors for this extension's settings; the only module that reads tk.config."""

from __future__ import annotations

import os
from typing import Literal, cast

import ckan.plugins.toolkit as tk

SearchBackend = Literal["postgres", "solr"]


def search_backend() -> SearchBackend:
    return cast(SearchBackend, tk.config.get("ckanext.satudata_serang.search_backend"))


def search_text_config() -> str:
    return cast(str, tk.config.get("ckanext.satudata_serang.search_text_config"))


def rebuild_workers() -> int:
    configured = cast(int, tk.config.get("ckanext.satudata_serang.rebuild_workers"))
    return configured if configured > 0 else (os.cpu_count() or 1)


def landing_facet_cache_seconds() -> int:
    return cast(int, tk.config.get("ckanext.satudata_serang.landing_facet_cache_seconds"))


def site_id() -> str:
    return cast(str, tk.config.get("ckan.site_id"))


def walidata_users() -> list[str]:
    # aslist: a value set at run time as one string ("a b") is still a list of names
    return list(tk.aslist(tk.config.get("ckanext.satudata_serang.walidata_users")))


def pembina_users() -> list[str]:
    return list(tk.aslist(tk.config.get("ckanext.satudata_serang.pembina_users")))


def site_url() -> str:
    """The portal's public address (``ckan.site_url``), without a trailing slash."""
    return str(tk.config.get("ckan.site_url") or "").rstrip("/")


def site_title() -> str:
    return str(tk.config.get("ckan.site_title") or "")


# --- DCAT (ckanext-dcat's settings, as this extension reads them) ----------------------

DCAT_PROFILES = "ckanext.dcat.rdf.profiles"


def dcat_profiles() -> list[str]:
    return str(tk.config.get(DCAT_PROFILES) or "").split()


def dcat_datasets_per_page() -> int:
    return max(int(tk.config.get("ckanext.dcat.datasets_per_page") or 100), 1)


# --- Harvesting -------------------------------------------------------------------------

_HARVEST = "ckanext.satudata_serang.harvest_"


def harvest_allowed_hosts() -> list[str]:
    return list(tk.aslist(tk.config.get(_HARVEST + "allowed_hosts")))


def harvest_max_bytes() -> int:
    return cast(int, tk.config.get(_HARVEST + "max_mb")) * 1024 * 1024


def harvest_download_seconds() -> float:
    return float(cast(int, tk.config.get(_HARVEST + "download_seconds")))


def harvest_job_minutes() -> int:
    """How long one harvest job may run in the worker."""
    return cast(int, tk.config.get(_HARVEST + "job_minutes"))


def harvest_check_minutes() -> int:
    """How often the worker looks for sources due to be harvested."""
    return max(1, cast(int, tk.config.get(_HARVEST + "check_minutes")))


# --- Loading into the DataStore -----------------------------------------------------

_LOADING = "ckanext.satudata_serang.loading_"


def loading_allowed_hosts() -> list[str]:
    return list(tk.aslist(tk.config.get(_LOADING + "allowed_hosts")))


def loading_max_bytes() -> int:
    return cast(int, tk.config.get(_LOADING + "max_mb")) * 1024 * 1024


def loading_download_seconds() -> float:
    return float(cast(int, tk.config.get(_LOADING + "download_seconds")))


def loading_job_minutes() -> int:
    return cast(int, tk.config.get(_LOADING + "job_minutes"))


def datastore_fts_method() -> str:
    return str(tk.config.get("ckan.datastore.default_fts_index_method") or "gist")


def daftar_public() -> bool:
    """Whether everyone reads the Daftar Data and each OPD's fulfilment (/daftar-data/capaian)."""
    return tk.asbool(tk.config.get("ckanext.satudata_serang.daftar_publik"))


def reminder_days() -> int:
    """How many days before a deadline the daily digest names a period."""
    return int(tk.config.get("ckanext.satudata_serang.pengingat_hari"))


def log_json() -> bool:
    """Whether the logs are written as JSON lines (ops/logs.py)."""
    return tk.asbool(tk.config.get("ckanext.satudata_serang.log_json"))
