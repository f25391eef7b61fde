"""The harvest settings as the safety rules take them (values read by config.py)."""

from __future__ import annotations

from .. import config
from .safety import Allowlist, Limits


def allowed_hosts() -> Allowlist:
    return Allowlist.parse(config.harvest_allowed_hosts())


def limits() -> Limits:
    return Limits(max_bytes=config.harvest_max_bytes(), seconds=config.harvest_download_seconds())
