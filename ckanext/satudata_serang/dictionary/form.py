"""MS-Var in CKAN's Data Dictionary: the check of datastore_create's ``fields[].info``
(through the DataStore's IDataDictionaryForm) and the labels of its form."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Schema

from .. import vocabulary
from . import msvar


def _knows(name: str, code: str) -> bool:
    return code in vocabulary.get(name)


def _message(problem: msvar.Problem) -> str:
    label = key_label(problem.key)
    match problem.code:
        case "tidak_dikenal":
            return tk._('{field}: "{value}" is not one of the listed codes.').format(
                field=label, value=problem.value
            )
        case "wajib_lainnya":
            return tk._('{field}: required when "Other" is chosen.').format(field=label)
        case "terlalu_panjang":
            return tk._("{field}: at most {count} characters.").format(
                field=label, count=msvar.MAX_LENGTH
            )
        case _:
            return tk._("{field}: must be text.").format(field=label)


def key_label(key: str) -> str:
    """The MS-Var name of an info key, as the form and the page show it."""
    return {
        "label": tk._("Variable name"),
        "alias": tk._("Alias"),
        "konsep": tk._("Concept"),
        "notes": tk._("Definition"),
        "tipe_data": tk._("Data type"),
        "satuan": tk._("Unit"),
        "satuan_lainnya": tk._("Other unit"),
        "ukuran": tk._("Measure"),
        "ukuran_lainnya": tk._("Other measure"),
        "klasifikasi_isian": tk._("Classification of values"),
        "aturan_validasi": tk._("Validation rule"),
        "peran": tk._("Role in statistics tables"),
    }.get(key, key)


def msvar_info(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """The column's info with the stored MS-Var values it did not send, checked."""
    value = data.get(key)
    if value is tk.missing or value is None:
        return
    if not isinstance(value, dict):
        errors.setdefault(key, []).append(tk._("The column's info must be an object."))
        return
    index = key[-2]
    plugin_data: dict[Any, Any] = context.get("plugin_data") or {}  # pyright: ignore[reportAssignmentType]
    current = (plugin_data.get(index) or {}).get("_current", {}).get("_info") or {}
    info = msvar.merged(current, value)
    for problem in msvar.problems(info, _knows):
        errors.setdefault(key, []).append(_message(problem))
    data[key] = info


def update_create_schema(schema: Schema) -> Schema:
    fields: Any = schema["fields"]
    fields["info"] = [*fields.get("info", []), msvar_info]
    return schema
