"""Template helpers and the scheming validator of the ``standar_data`` field;
registered through helpers.py and logic/validators.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context
from ckanext.scheming.validation import scheming_validator

from ..metadata import values
from . import registry, rule, schema
from .models import BERLAKU, DICABUT

# The scheming field key that offers "no standard" (resources: not even the dataset's).
OFFERS_NONE = "standar_boleh_tanpa"


def satudata_standar_choices(field: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Scheming ``choices_helper`` of ``standar_data``: every published version, by
    title (both languages; scheming picks the user's)."""
    choices: list[dict[str, Any]] = []
    if field.get(OFFERS_NONE):
        choices.append({"value": rule.TANPA, "label": {"id": "Tanpa standar", "en": "No standard"}})
    for standar in registry.published():
        choices.append(
            {
                "value": schema.ref(standar.kode, standar.versi),
                "label": {
                    "id": f"{standar.judul} (versi {standar.versi})",
                    "en": f"{standar.judul} (version {standar.versi})",
                },
            }
        )
    return choices


def satudata_standar_label(ref: str) -> str:
    """``kode@versi`` as people read it: the standard's title and version."""
    found = registry.find(ref) if ref else None
    if found is None:
        return ref
    return tk._("{title} (version {version})").format(title=found.judul, version=found.versi)


def satudata_validasi(resource_id: str) -> dict[str, Any] | None:
    """The resource's check against its standard, for whoever may see it (None for
    others and for resources that follow no standard)."""
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else ""
    try:
        return tk.get_action("satudata_validasi_show")(
            cast(Context, {"user": user}), {"resource_id": resource_id}
        )
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def satudata_validasi_may_run(resource_id: str) -> bool:
    """Whether the current user may check the resource again."""
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else ""
    try:
        tk.check_access(
            "satudata_validasi_jalankan",
            cast(Context, {"user": user}),
            {"resource_id": resource_id},
        )
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


@scheming_validator
def satudata_standar_data(
    field: Mapping[str, Any], schema_: Mapping[str, Any]
) -> Callable[..., Any]:
    """A published standard's ``kode@versi`` (or one since withdrawn: what a dataset
    already follows stays valid); ``tanpa`` where the field offers it."""

    def validator(value: Any) -> Any:
        if value is tk.missing or values.is_blank(value):
            return value
        text = str(value).strip()
        if text == rule.TANPA and field.get(OFFERS_NONE):
            return text
        found = registry.find(text)
        if found is None or found.status not in (BERLAKU, DICABUT):
            raise tk.Invalid(
                tk._(
                    "Unknown data structure standard: {value}. Choose a published standard."
                ).format(value=text)
            )
        return text

    return validator
