"""A standard's Table Schema: checked with Indonesian messages for the walidata,
code lists expanded, described field by field. Pure: no CKAN imports.

A field may name a code list of the portal's vocabularies instead of spelling out
its codes: ``kodeReferensi: "wilayah:kecamatan"`` is the codes of the ``wilayah``
vocabulary whose attributes include ``kecamatan`` (``wilayah:level=kecamatan`` names
the attribute; ``urusan`` alone is every code). It becomes ``constraints.enum`` when
a file is validated or the schema exported, and is stored without that enum, so a
code added to the vocabulary reaches every standard that refers to it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import vocabulary

REFERENCE_KEY = "kodeReferensi"
KODE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")
# A standard attached to a dataset or resource: "<kode>@<versi>".
REF = re.compile(r"^(?P<kode>[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?)@(?P<versi>[1-9][0-9]{0,5})$")

# Table Schema field types a standard may use, with the words the OPDs read.
TYPES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "bilangan",
    "year": "tahun (4 angka)",
    "yearmonth": "tahun-bulan (YYYY-MM)",
    "date": "tanggal (YYYY-MM-DD)",
    "datetime": "tanggal dan waktu",
    "time": "waktu (HH:MM:SS)",
    "boolean": "ya/tidak",
    "any": "bebas",
}
# Keys that would make frictionless read something else than the file (a profile or
# another resource); a standard describes one table.
REFUSED_KEYS = ("$schema", "profile", "foreignKeys")
CONSTRAINTS = ("required", "unique", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern")  # fmt: skip


class SchemaProblems(ValueError):
    """The schema (or a standard's document) is not acceptable; ``problems`` are the
    Indonesian sentences to show the walidata."""

    def __init__(self, problems: list[str], by_field: dict[str, list[str]] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        # The problems of a standard's document by its key (kode, judul, skema, …).
        self.by_field = by_field or {"skema": problems}


@dataclass(frozen=True)
class Reference:
    vocabulary: str
    attribute: str | None = None
    value: str | None = None

    @property
    def text(self) -> str:
        if self.value is None:
            return self.vocabulary
        if self.attribute is None:
            return f"{self.vocabulary}:{self.value}"
        return f"{self.vocabulary}:{self.attribute}={self.value}"


def parse_reference(text: object) -> Reference:
    """``wilayah:kecamatan`` → Reference; SchemaProblems when malformed or unknown."""
    if not isinstance(text, str) or not text.strip():
        raise SchemaProblems([f"{REFERENCE_KEY} harus berupa teks, mis. wilayah:kecamatan."])
    name, _, selector = text.strip().partition(":")
    attribute, sep, value = selector.partition("=")
    reference = (
        Reference(name, attribute, value)
        if sep
        else Reference(name, None, selector)
        if selector
        else Reference(name)
    )
    if not reference_codes(reference):
        raise SchemaProblems(
            [
                f'{REFERENCE_KEY} "{text}" tidak menunjuk kode apa pun. Kosakata yang ada: '
                + ", ".join(vocabulary.names())
                + "."
            ]
        )
    return reference


def reference_codes(reference: Reference) -> list[str]:
    """The codes the reference names, in the vocabulary's order ([] when none)."""
    try:
        terms = vocabulary.get(reference.vocabulary)
    except vocabulary.UnknownVocabulary:
        return []
    if reference.value is None:
        return terms.codes()
    found = []
    for term in terms:
        attributes = term.attributes
        if reference.attribute is not None:
            matches = str(attributes.get(reference.attribute, "")) == reference.value
        else:
            matches = reference.value in {str(v) for v in attributes.values()}
        if matches:
            found.append(term.code)
    return found


def _fields(skema: Mapping[str, Any]) -> list[dict[str, Any]]:
    raw = skema.get("fields")
    return [f for f in raw if isinstance(f, dict)] if isinstance(raw, list) else []


def expand(skema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy whose fields with a code list carry its codes as ``constraints.enum``
    (and keep ``kodeReferensi``): what frictionless validates against and what
    export writes."""
    expanded = copy.deepcopy(dict(skema))
    for field in _fields(expanded):
        if REFERENCE_KEY in field:
            codes = reference_codes(parse_reference(field[REFERENCE_KEY]))
            constraints = field.setdefault("constraints", {})
            constraints["enum"] = codes
    return expanded


def normalise(skema: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form: a copy without the enum of fields that have a code list
    (export writes it, the vocabulary is its source)."""
    stored = copy.deepcopy(dict(skema))
    for field in _fields(stored):
        constraints = field.get("constraints")
        if REFERENCE_KEY in field and isinstance(constraints, dict):
            constraints.pop("enum", None)
            if not constraints:
                field.pop("constraints")
    return stored


def _field_problems(number: int, field: object, seen: set[str]) -> list[str]:
    if not isinstance(field, Mapping):
        return [f"Kolom ke-{number} harus berupa objek dengan kunci name dan type."]
    name = field.get("name")
    if not isinstance(name, str) or not name.strip():
        return [f"Kolom ke-{number} tidak punya nama (name)."]
    where = f'Kolom ke-{number} "{name}"'
    problems = []
    if name.strip().casefold() in seen:
        problems.append(
            f"{where} muncul lebih dari sekali (nama kolom tidak membedakan huruf besar)."
        )
    seen.add(name.strip().casefold())
    kind = field.get("type", "string")
    if kind not in TYPES:
        problems.append(
            f'{where}: tipe "{kind}" tidak dikenal. Pilih salah satu: ' + ", ".join(TYPES) + "."
        )
    constraints = field.get("constraints", {})
    if not isinstance(constraints, Mapping):
        return [*problems, f"{where}: constraints harus berupa objek."]
    unknown = sorted(set(constraints) - set(CONSTRAINTS))
    if unknown:
        problems.append(
            f"{where}: batasan {', '.join(unknown)} tidak dikenal. Yang dapat dipakai: "
            + ", ".join(CONSTRAINTS)
            + "."
        )
    for flag in ("required", "unique"):
        if flag in constraints and not isinstance(constraints[flag], bool):
            problems.append(f"{where}: {flag} harus true atau false.")
    enum = constraints.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum):
        problems.append(f"{where}: enum harus berupa daftar nilai yang tidak kosong.")
    if REFERENCE_KEY in field:
        try:
            parse_reference(field[REFERENCE_KEY])
        except SchemaProblems as error:
            problems += [f"{where}: {p}" for p in error.problems]
    if "pattern" in constraints:
        try:
            re.compile(str(constraints["pattern"]))
        except re.error:
            problems.append(f"{where}: pola (pattern) bukan ekspresi reguler yang sah.")
    return problems


def problems(skema: object) -> list[str]:
    """What is wrong with the Table Schema, in Indonesian ([] when it is usable)."""
    if not isinstance(skema, Mapping):
        return ["Skema harus berupa objek JSON dengan daftar kolom (fields)."]
    fields = skema.get("fields")
    if not isinstance(fields, list) or not fields:
        return ["Skema harus punya daftar kolom (fields) yang tidak kosong."]
    found: list[str] = [
        f"Kunci {key} tidak didukung: standar menjelaskan satu tabel saja."
        for key in REFUSED_KEYS
        if key in skema
    ]
    seen: set[str] = set()
    for number, field in enumerate(fields, start=1):
        found += _field_problems(number, field, seen)
    key = skema.get("primaryKey")
    if key is not None:
        names = [key] if isinstance(key, str) else key if isinstance(key, list) else None
        declared = {f.get("name") for f in _fields(skema)}
        if names is None or not names:
            found.append("primaryKey harus berupa nama kolom atau daftar nama kolom.")
        else:
            found += [
                f'primaryKey menyebut kolom "{name}" yang tidak ada di daftar kolom.'
                for name in names
                if name not in declared
            ]
    if found:
        return found
    return _frictionless_problems(skema)


def _frictionless_problems(skema: Mapping[str, Any]) -> list[str]:
    """What frictionless itself refuses (its note is English: it is technical)."""
    from frictionless import FrictionlessException, Schema

    try:
        Schema.from_descriptor(expand(skema))
    except FrictionlessException as error:
        return [f"Skema tidak dapat dipakai untuk validasi: {error.error.note or error}"]
    return []


def check(skema: object) -> dict[str, Any]:
    """The stored form of a usable schema; SchemaProblems otherwise."""
    found = problems(skema)
    if found:
        raise SchemaProblems(found)
    assert isinstance(skema, Mapping)
    return normalise(skema)


# Codes that are pages of /standar/… themselves.
RESERVED_KODE = frozenset({"baru"})


def check_kode(kode: object) -> str:
    """A standard's code: lowercase letters, digits and hyphens (it is in URLs)."""
    if isinstance(kode, str) and kode in RESERVED_KODE:
        raise SchemaProblems([f'Kode "{kode}" dipakai portal; pilih kode lain.'])
    if not isinstance(kode, str) or not KODE.match(kode):
        raise SchemaProblems(
            [
                "Kode standar hanya boleh berisi huruf kecil, angka dan tanda hubung "
                "(mis. penduduk-per-kecamatan), paling panjang 100 karakter."
            ]
        )
    return kode


def ref(kode: str, versi: int) -> str:
    return f"{kode}@{versi}"


def parse_ref(value: object) -> tuple[str, int] | None:
    """``penduduk-per-kecamatan@2`` → (kode, versi); None when not of that form."""
    match = REF.match(value.strip()) if isinstance(value, str) else None
    return (match["kode"], int(match["versi"])) if match else None


def field_names(skema: Mapping[str, Any]) -> list[str]:
    return [str(f.get("name")) for f in _fields(skema)]


def _rules(field: Mapping[str, Any]) -> list[str]:
    """The field's constraints as the OPDs read them."""
    constraints = field.get("constraints") or {}
    rules = []
    if REFERENCE_KEY in field:
        reference = parse_reference(field[REFERENCE_KEY])
        codes = reference_codes(reference)
        terms = vocabulary.get(reference.vocabulary)
        listed = "; ".join(f"{code} {terms.label(code)}" for code in codes)
        rules.append(f"kode {terms.labels.get('id', reference.vocabulary)}: {listed}")
    elif constraints.get("enum"):
        rules.append("salah satu dari: " + ", ".join(str(v) for v in constraints["enum"]))
    if constraints.get("unique"):
        rules.append("tidak boleh ganda")
    if "minimum" in constraints:
        rules.append(f"paling kecil {constraints['minimum']}")
    if "maximum" in constraints:
        rules.append(f"paling besar {constraints['maximum']}")
    if "minLength" in constraints:
        rules.append(f"paling sedikit {constraints['minLength']} karakter")
    if "maxLength" in constraints:
        rules.append(f"paling banyak {constraints['maxLength']} karakter")
    if "pattern" in constraints:
        rules.append(f"mengikuti pola {constraints['pattern']}")
    if field.get("decimalChar"):
        rules.append(f'pemisah desimal "{field["decimalChar"]}"')
    if field.get("groupChar"):
        rules.append(f'pemisah ribuan "{field["groupChar"]}"')
    return rules


def describe(skema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per column for the standard's page: nama, judul, tipe, wajib, aturan,
    deskripsi, kunci (part of the primary key)."""
    key = skema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    rows = []
    for field in _fields(skema):
        constraints = field.get("constraints") or {}
        kind = str(field.get("type", "string"))
        rows.append(
            {
                "nama": field.get("name"),
                "judul": field.get("title") or "",
                "tipe": kind,
                "tipe_label": TYPES.get(kind, kind),
                "wajib": bool(constraints.get("required")),
                "kunci": field.get("name") in key,
                "aturan": _rules(field),
                "deskripsi": field.get("description") or "",
                "kode_referensi": field.get(REFERENCE_KEY),
            }
        )
    return rows


def read_document(document: object) -> dict[str, Any]:
    """A standard as a file holds it (``ckan satudata standar import``, the walidata's
    editor): kode, judul, deskripsi, skema; versi and status are the portal's own
    and ignored. Returns those four, checked; SchemaProblems otherwise."""
    if not isinstance(document, Mapping):
        raise SchemaProblems(["Berkas standar harus berupa objek dengan kode, judul dan skema."])
    by_field: dict[str, list[str]] = {}
    try:
        kode = check_kode(document.get("kode"))
    except SchemaProblems as error:
        by_field["kode"] = error.problems
        kode = ""
    judul = document.get("judul")
    if not isinstance(judul, str) or not judul.strip():
        by_field["judul"] = ["Judul standar wajib diisi."]
        judul = ""
    deskripsi = document.get("deskripsi") or ""
    if not isinstance(deskripsi, str):
        by_field["deskripsi"] = ["Deskripsi standar harus berupa teks."]
        deskripsi = ""
    skema = document.get("skema")
    if found := problems(skema):
        by_field["skema"] = found
    if by_field:
        raise SchemaProblems([p for listed in by_field.values() for p in listed], by_field)
    assert isinstance(skema, Mapping)
    return {
        "kode": kode,
        "judul": judul.strip(),
        "deskripsi": deskripsi.strip(),
        "skema": normalise(skema),
    }


def write_document(
    kode: str, versi: int, status: str, judul: str, deskripsi: str, skema: Mapping[str, Any]
) -> dict[str, Any]:
    """The file of a standard's version (export): the code lists expanded, so the
    schema is usable without this portal; import reads it back unchanged."""
    return {
        "kode": kode,
        "versi": versi,
        "status": status,
        "judul": judul,
        "deskripsi": deskripsi,
        "skema": expand(skema),
    }


def table_schema(kode: str, judul: str, deskripsi: str, skema: Mapping[str, Any]) -> dict[str, Any]:
    """The Frictionless Table Schema of a version, as /standar/<kode>/<versi>.json serves
    it: the expanded schema, named and titled."""
    described: dict[str, Any] = {"name": kode, "title": judul}
    if deskripsi:
        described["description"] = deskripsi
    return {**described, **expand(skema)}
