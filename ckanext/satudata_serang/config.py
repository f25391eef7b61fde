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
