"""Validators of the SDI metadata, used by name in schemas/*.yaml.

Scheming validators (``@scheming_validator``) receive the field and the whole schema,
so one validator serves every field that names a vocabulary, and error messages can
name the other field of a cross-field rule by its label. The rules themselves live in
``metadata/`` (pure).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NoReturn, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey
from ckanext.scheming.validation import scheming_validator

from .. import vocabulary
from ..daftar.helpers import satudata_daftar_data, satudata_periode_data
from ..helpers import language
from ..metadata import jadwal, values
from ..standards.helpers import satudata_standar_data
from ..workflow import status as workflow_status
from ..workflow.states import EDITABLE

_may_set_state = cast(Callable[..., Any], tk.get_validator("ignore_not_package_admin"))

__all__ = [
    "satudata_daftar_data",
    "satudata_email",
    "satudata_http_url",
    "satudata_next_update_due",
    "satudata_not_before",
    "satudata_period_end",
    "satudata_periode_data",
    "satudata_phone",
    "satudata_private_from_status",
    "satudata_required",
    "satudata_required_when",
    "satudata_standar_data",
    "satudata_status_since",
    "satudata_vocabulary",
    "satudata_vocabulary_list",
    "satudata_workflow_status",
    "satudata_year",
    "satudata_year_output",
]

Validator = Callable[..., Any]
Field = Mapping[str, Any]
Schema = Mapping[str, Any]


def _fields(schema: Schema) -> list[Field]:
    return list(schema.get("dataset_fields") or schema.get("fields") or [])


def _label(schema: Schema, field_name: str) -> str:
    """The field's label in the caller's language (also outside a web request)."""
    for field in _fields(schema):
        if field["field_name"] == field_name:
            label = field.get("label")
            if isinstance(label, Mapping):
                labels = cast(Mapping[str, str], label)
                return (
                    labels.get(language()) or labels.get(vocabulary.DEFAULT_LANGUAGE) or field_name
                )
            return str(label or field_name)
    return field_name


def _value(data: FlattenDataDict, key: FlattenKey, name: str) -> Any:
    """The raw value of a sibling field (validators run in key order, so it may not
    be converted yet)."""
    value = data.get((*key[:-1], name))
    return None if value is tk.missing else value


def _stop_empty(key: FlattenKey, data: FlattenDataDict) -> NoReturn:
    data.pop(key, None)
    raise tk.StopOnError


def _is_draft(data: FlattenDataDict, context: Context) -> bool:
    """Whether the dataset may still be incomplete: its workflow status is one in which
    the produsen is working (draft, perlu_perbaikan, ditarik), or CKAN saves it as a
    draft (the first step of the web form). A CKAN state in the data counts only if
    CKAN lets this caller set it (its own ``ignore_not_package_admin`` decides)."""
    if workflow_status.effective(context) in EDITABLE:
        return True
    state = data.get(("state",))
    if state not in (None, tk.missing):
        probe: FlattenDataDict = {("state",): state}
        _may_set_state(("state",), probe, defaultdict(list), context)
        if ("state",) in probe:
            return probe[("state",)] == "draft"
    package = context.get("package")
    return getattr(package, "state", None) == "draft"


@scheming_validator
def satudata_required(field: Field, schema: Schema) -> Validator:
    """Empty values: the field's ``default`` if it has one; an error if the field is
    ``required`` (except in drafts when the schema says ``draft_fields_required:
    false``); otherwise the field is left out. Given values go on to the next
    validators, drafts included."""

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> None:
        value = data.get(key)
        if value is not tk.missing and not values.is_blank(value):
            return
        if field.get("default") is not None:
            data[key] = field["default"]
            return
        if field.get("required") and not (
            schema.get("draft_fields_required") is False and _is_draft(data, context)
        ):
            errors[key].append(tk._("This field is required."))
            raise tk.StopOnError
        _stop_empty(key, data)

    return validator


@scheming_validator
def satudata_vocabulary(field: Field, schema: Schema) -> Validator:
    """One code of the vocabulary named by the field's ``vocabulary`` key."""
    terms = vocabulary.get(field["vocabulary"])

    def validator(value: Any) -> Any:
        if value is tk.missing or values.is_blank(value):
            return value
        code = str(value).strip()
        if code not in terms:
            raise tk.Invalid(
                tk._("Unknown code: {code}. Choose one of the listed values.").format(code=code)
            )
        return code

    return validator


@scheming_validator
def satudata_vocabulary_list(field: Field, schema: Schema) -> Validator:
    """Several codes of the field's vocabulary, stored as a JSON list."""
    terms = vocabulary.get(field["vocabulary"])

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> None:
        value = data.get(key)
        if value is tk.missing or values.is_blank(value):
            return
        codes = values.code_list(value)
        if codes is None:
            errors[key].append(tk._("Expected a list of codes."))
            raise tk.StopOnError
        unknown = [code for code in codes if code not in terms]
        if unknown:
            errors[key].append(
                tk._("Unknown code: {code}. Choose one of the listed values.").format(
                    code=", ".join(unknown)
                )
            )
            raise tk.StopOnError
        if not codes:
            _stop_empty(key, data)
        data[key] = json.dumps(codes)

    return validator


def satudata_year(value: Any) -> Any:
    if value is tk.missing or values.is_blank(value):
        return value
    year = values.year(value)
    if year is None:
        raise tk.Invalid(
            tk._("Not a valid year (four digits, {first}–{last}).").format(
                first=values.FIRST_YEAR, last=date.today().year + values.YEARS_AHEAD
            )
        )
    return year


def satudata_year_output(value: Any) -> Any:
    """Years are stored as text (extras); the API returns them as numbers."""
    year = values.year(value)
    return year if year is not None else value


@scheming_validator
def satudata_not_before(field: Field, schema: Schema) -> Validator:
    """A year not earlier than the field named by ``not_before`` (end ≥ start)."""
    other = field["not_before"]

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> None:
        mine = values.year(data.get(key))
        theirs = values.year(_value(data, key, other))
        if mine is not None and theirs is not None and mine < theirs:
            errors[key].append(
                tk._("Must not be earlier than {other} ({value}).").format(
                    other=_label(schema, other), value=theirs
                )
            )

    return validator


@scheming_validator
def satudata_period_end(field: Field, schema: Schema) -> Validator:
    """An ISO date that falls within the data's years."""

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> None:
        value = data.get(key)
        if value is tk.missing or values.is_blank(value):
            return
        day = values.iso_date(value)
        if day is None:
            errors[key].append(tk._("Not a valid date (YYYY-MM-DD)."))
            raise tk.StopOnError
        first = values.year(_value(data, key, "tahun_mulai"))
        last = values.year(_value(data, key, "tahun_selesai")) or first
        if first is not None and last is not None and not first <= day.year <= last:
            errors[key].append(
                tk._("Must fall within the data years ({first}–{last}).").format(
                    first=first, last=last
                )
            )
            raise tk.StopOnError
        data[key] = day.isoformat()

    return validator


@scheming_validator
def satudata_required_when(field: Field, schema: Schema) -> Validator:
    """Required when another field has one of some values, e.g. the legal basis of
    the exemption when sifat data is not terbuka (drafts too: the choice without its
    basis is itself invalid)::

        required_when: {field: sifat_data, in: [terbatas, tertutup]}
    """
    rule = field["required_when"]
    other, expected = rule["field"], [str(v) for v in rule["in"]]
    other_field = next((f for f in _fields(schema) if f["field_name"] == other), {})

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> None:
        current = _value(data, key, other)
        if current is None or str(current).strip() not in expected:
            return
        if not values.is_blank(data.get(key)) and data.get(key) is not tk.missing:
            return
        shown = str(current).strip()
        if "vocabulary" in other_field:
            shown = vocabulary.get(other_field["vocabulary"]).label(shown, language())
        errors[key].append(
            tk._("Required when {other} is {value}.").format(
                other=_label(schema, other), value=shown
            )
        )
        raise tk.StopOnError

    return validator


def _cleaned(value: Any, clean: Callable[[Any], str | None], refusal: Callable[[], str]) -> Any:
    """An empty value as it is; any other cleaned by ``clean`` or refused."""
    if value is tk.missing or values.is_blank(value):
        return value
    cleaned = clean(value)
    if cleaned is None:
        raise tk.Invalid(refusal())
    return cleaned


def satudata_email(value: Any) -> Any:
    return _cleaned(value, values.email, lambda: tk._("Not a valid email address."))


def satudata_phone(value: Any) -> Any:
    return _cleaned(
        value,
        values.phone,
        lambda: tk._("Not a valid phone number (digits, spaces, +, - and parentheses)."),
    )


def satudata_http_url(value: Any) -> Any:
    return _cleaned(
        value, values.http_url, lambda: tk._("Only http:// or https:// links are allowed.")
    )


@scheming_validator
def satudata_next_update_due(field: Field, schema: Schema) -> Validator:
    """Computed, never taken from the caller: recomputed on every create and update
    from frekuensi and the latest period."""
    frekuensi = vocabulary.get("frekuensi")

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> None:
        term = frekuensi.term(str(_value(data, key, "frekuensi") or "").strip())
        end = jadwal.latest_period_end(
            values.year(_value(data, key, "tahun_mulai")),
            values.year(_value(data, key, "tahun_selesai")),
            values.iso_date(_value(data, key, "periode_akhir")),
        )
        due = jadwal.next_update_due(term.attributes.get("interval") if term else None, end)
        if due is None:
            _stop_empty(key, data)
        data[key] = due.isoformat()

    return validator


def satudata_workflow_status(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """Read-only: the stored status (draft for a new dataset); only the workflow
    actions change it. Whatever a caller sends is ignored."""
    data[key] = workflow_status.effective(context).value


def satudata_status_since(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """When the dataset entered its status (the review queue's "waiting since")."""
    data[key] = workflow_status.since(context)


def satudata_private_from_status(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """Only a published (ditayangkan) dataset is public; every other one is private in
    CKAN's sense too, so every part of CKAN that hides private datasets hides it."""
    data[key] = workflow_status.effective(context) is not workflow_status.Status.DITAYANGKAN
