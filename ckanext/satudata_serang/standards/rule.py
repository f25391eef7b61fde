"""Which standard a resource follows, and whether its current file has passed it: what
the completeness check's ``standar_data_terpenuhi`` rule needs. Pure.

The dataset's ``standar_data`` applies to each of its resources in a table format
(CSV, TSV, XLSX, XLS); a resource's own ``standar_data`` overrides it, whatever the
format, and ``tanpa`` exempts the resource (a summary table beside the data, say).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .check import FORMATS
from .schema import parse_ref

FIELD = "standar_data"
TANPA = "tanpa"  # a resource's value: follows no standard, not even the dataset's
LULUS = "lulus"
# Details of the rule (resource=state) beside the validation statuses.
BELUM_DIPERIKSA = "belum_diperiksa"
BERKAS_BERUBAH = "berkas_berubah"
STANDAR_BERUBAH = "standar_berubah"


@dataclass(frozen=True)
class ValidationState:
    """A resource's last validation: its status, the standard (``kode@versi``) it was
    checked against, and whether it was made of the file the resource has now."""

    status: str
    standar: str
    current: bool


def effective_standard(resource: Mapping[str, Any], dataset: Mapping[str, Any]) -> str | None:
    """The ``kode@versi`` the resource's file must follow, or None."""
    own = str(resource.get(FIELD) or "").strip()
    if own == TANPA:
        return None
    if parse_ref(own):
        return own
    inherited = str(dataset.get(FIELD) or "").strip()
    if parse_ref(inherited) and str(resource.get("format") or "").strip().upper() in FORMATS:
        return inherited
    return None


def _state_of(standar: str, state: ValidationState | None) -> str | None:
    """Why the resource does not meet its standard (None when it does)."""
    if state is None:
        return BELUM_DIPERIKSA
    if state.standar != standar:
        return STANDAR_BERUBAH
    if state.status == LULUS and not state.current:
        return BERKAS_BERUBAH
    return None if state.status == LULUS else state.status


def unmet(dataset: Mapping[str, Any], states: Mapping[str, ValidationState]) -> list[str]:
    """``name=why`` for each resource with a standard whose current file has not
    passed it (why: belum_diperiksa, antri, berjalan, gagal, galat, berkas_berubah,
    standar_berubah)."""
    found = []
    for resource in dataset.get("resources") or []:
        if not isinstance(resource, Mapping):
            continue
        standar = effective_standard(resource, dataset)
        if standar is None:
            continue
        why = _state_of(standar, states.get(str(resource.get("id"))))
        if why is not None:
            name = str(resource.get("name") or resource.get("id"))
            found.append(f"{name}={why}")
    return found
