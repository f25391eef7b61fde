"""ckanext-harvest's models under names the type checker reads loosely: they are
declared with untyped ``Column`` attributes, so their values would read as
``Column[str]`` rather than ``str``. Signatures name them ``Any``."""

from __future__ import annotations

from typing import Any

from ckanext.harvest import model as _harvest

HarvestSource: Any = _harvest.HarvestSource
HarvestJob: Any = _harvest.HarvestJob
HarvestObject: Any = _harvest.HarvestObject
HarvestObjectExtra: Any = _harvest.HarvestObjectExtra
HarvestGatherError: Any = _harvest.HarvestGatherError
HarvestObjectError: Any = _harvest.HarvestObjectError
