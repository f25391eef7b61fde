"""Typed accessors for the harvest settings (declared in config_declaration.yaml)."""

from __future__ import annotations

from typing import cast

import ckan.plugins.toolkit as tk

from .safety import Allowlist, Limits

PREFIX = "ckanext.satudata_serang."


def allowed_hosts() -> Allowlist:
    return Allowlist.parse(tk.aslist(tk.config.get(PREFIX + "harvest_allowed_hosts")))


def limits() -> Limits:
    megabytes = cast(int, tk.config.get(PREFIX + "harvest_max_mb"))
    seconds = cast(int, tk.config.get(PREFIX + "harvest_download_seconds"))
    return Limits(max_bytes=megabytes * 1024 * 1024, seconds=float(seconds))


def job_minutes() -> int:
    """How long one harvest job may run in the worker."""
    return cast(int, tk.config.get(PREFIX + "harvest_job_minutes"))


def check_minutes() -> int:
    """How often the worker looks for sources due to be harvested."""
    return max(1, cast(int, tk.config.get(PREFIX + "harvest_check_minutes")))
