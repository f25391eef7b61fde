"""Controlled vocabularies of the SDI metadata (schemas/vocabularies/*.yaml).

Each file lists terms as a code with an Indonesian and an English label, plus any
attributes of its own (a frequency's interval, a region's level, a DCAT code). Files
are read once per process. Pure: no CKAN imports.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

PACKAGE = "ckanext.satudata_serang.schemas"
FOLDER = "vocabularies"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


class UnknownVocabulary(LookupError):
    pass


@dataclass(frozen=True)
class Term:
    code: str
    labels: Mapping[str, str]
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def label(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.labels.get(language) or self.labels[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Vocabulary:
    name: str
    labels: Mapping[str, str]
    terms: tuple[Term, ...]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @functools.cached_property
    def _by_code(self) -> dict[str, Term]:
        return {term.code: term for term in self.terms}

    def term(self, code: str) -> Term | None:
        return self._by_code.get(code)

    def label(self, code: str, language: str = DEFAULT_LANGUAGE) -> str:
        """The term's label, or the code itself when it is not (or no longer) listed."""
        term = self._by_code.get(code)
        return term.label(language) if term else code

    def codes(self) -> list[str]:
        return [term.code for term in self.terms]


def parse(document: Mapping[str, Any]) -> Vocabulary:
    """A vocabulary from its YAML document; malformed files fail loudly at start-up."""
    name = str(document["name"])
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in document["terms"]:
        code = str(raw["code"])
        if code in seen:
            raise ValueError(f"Kosakata {name}: kode {code} muncul dua kali")
        seen.add(code)
        labels = {language: str(raw[language]) for language in LANGUAGES if raw.get(language)}
        if DEFAULT_LANGUAGE not in labels:
            raise ValueError(f"Kosakata {name}: kode {code} tanpa label bahasa Indonesia")
        attributes = {k: v for k, v in raw.items() if k not in ("code", *LANGUAGES)}
        terms.append(Term(code=code, labels=labels, attributes=attributes))
    return Vocabulary(name=name, labels=dict(document.get("label") or {}), terms=tuple(terms))


@functools.cache
def get(name: str) -> Vocabulary:
    path = resources.files(PACKAGE) / FOLDER / f"{name}.yaml"
    if not path.is_file():
        raise UnknownVocabulary(name)
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def names() -> list[str]:
    folder = resources.files(PACKAGE) / FOLDER
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )
