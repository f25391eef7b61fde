"""The last SDI completeness check of a dataset as people read it: each rule by its
label, pass or fail, its detail in the metadata form's words, and when and by whom
the check ran. The check itself and its storage are in completeness.py and
service.py; this module only reads."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model

from ..helpers import language
from ..model.workflow import CompletenessCheck
from . import service
from .completeness import MIN_DESCRIPTION


def _rule_labels() -> dict[str, str]:
    """Rule code → its label in the request's language (the codes stay in the API)."""
    return {
        "metadata_wajib_lengkap": tk._("Every required metadata field is filled in"),
        "kode_referensi_valid": tk._("The reference codes are valid"),
        "sumber_daya_terbuka": tk._("At least one resource in an open, machine-readable format"),
        "dasar_pengecualian_ada": tk._("The legal basis is given for data that is not open"),
        "periode_konsisten": tk._("The end year is not before the start year"),
        "isian_lainnya_lengkap": tk._('Every "other" choice is described'),
        "standar_data_terpenuhi": tk._(
            "Every resource with a data structure standard has passed its check"
        ),
        "deskripsi_memadai": tk._("The description has at least {count} characters").format(
            count=MIN_DESCRIPTION
        ),
        "kata_kunci_ada": tk._("The dataset has tags"),
        "metodologi_terisi": tk._("The methodology is filled in"),
        "kontak_telepon_terisi": tk._("The contact phone number is filled in"),
        "sumber_daya_berdeskripsi": tk._("Every resource has a description"),
    }


# Rules whose detail names fields of the dataset form (``urusan=9.99`` included).
FIELD_DETAILS = frozenset(
    {"metadata_wajib_lengkap", "kode_referensi_valid", "isian_lainnya_lengkap"}
)


def _field_labels(dataset_type: str) -> dict[str, str]:
    """Field name → the label the dataset form shows, in the request's language."""
    schema = cast(dict[str, Any], tk.h.scheming_get_dataset_schema(dataset_type) or {})
    lang = language()
    labels: dict[str, str] = {}
    for field in schema.get("dataset_fields", []):
        label = field.get("label")
        if isinstance(label, dict):
            label = label.get(lang) or label.get("id")
        labels[field["field_name"]] = str(label or field["field_name"])
    return labels


def readable_detail(detail: str, labels: dict[str, str]) -> str:
    """``konsep, urusan=9.99`` → ``Konsep, Urusan Pemerintahan=9.99``."""
    parts = []
    for part in (p.strip() for p in detail.split(",") if p.strip()):
        name, sep, value = part.partition("=")
        parts.append(f"{labels.get(name, name)}{sep}{value}")
    return ", ".join(parts)


def last_check(package: model.Package) -> dict[str, Any] | None:
    """The dataset's stored check, or None when it was never checked (never submitted).

    ``aturan`` lists every rule: ``aturan`` (its code), ``label``, ``wajib``, ``lulus``,
    ``rincian`` (as stored) and ``rincian_label`` (field names as the form names them).
    """
    record = model.Session.get(CompletenessCheck, package.id)
    if record is None:
        return None
    rule_labels = _rule_labels()
    field_labels = _field_labels(package.type or "dataset")
    checker = model.Session.get(model.User, record.checked_by) if record.checked_by else None
    stored = record.result or {}
    rules = []
    for rule in stored.get("aturan") or []:
        code = str(rule.get("aturan") or "")
        detail = str(rule.get("rincian") or "")
        rules.append(
            {
                "aturan": code,
                "label": rule_labels.get(code, code),
                "wajib": bool(rule.get("wajib")),
                "lulus": bool(rule.get("lulus")),
                "rincian": detail,
                "rincian_label": readable_detail(detail, field_labels)
                if code in FIELD_DETAILS
                else detail,
            }
        )
    return {
        "lulus": bool(stored.get("lulus")),
        "skor": record.score,
        "aturan": rules,
        "diperiksa": record.checked.isoformat(),
        "diperiksa_oleh": checker.name if checker else None,
        "diperiksa_oleh_nama": checker.display_name if checker else None,
    }


def show(dataset_id: str) -> dict[str, Any] | None:
    """The last check of the dataset named by id or name (404 when there is none)."""
    return last_check(service.package_or_404(dataset_id))
