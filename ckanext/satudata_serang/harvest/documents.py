"""Checks of a harvested RDF document before rdflib reads it. Pure.

rdflib 7 parses RDF/XML with xml.sax on expat. Python 3.11's expat does not fetch
external entities (a ``file://`` entity comes out empty, silently), and expat 2.4+
stops an exponential entity expansion ("billion laughs") — but only after rdflib has
built up the expanded text: measured here, one 2 KB document kept the worker busy for
almost six minutes. So a document with a DTD is refused before rdflib sees it: a
catalog has no use for one. ckanext-dcat reads a document of unknown type as RDF/XML,
so the check applies then too.

JSON-LD can name remote ``@context`` documents, which rdflib would fetch from wherever
they point (past the harvest's address checks): only inline contexts are accepted.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from xml.parsers import expat

import rdflib.parser
import rdflib.plugin

XML_PARSERS = frozenset({"RDFXMLParser", "TriXParser"})
JSONLD_PARSERS = frozenset({"JsonLDParser"})


class Unsafe(Exception):
    """The document is refused; ``reason``: ``dtd``, ``not_xml``, ``remote_context``,
    ``not_json``; ``detail`` for the message."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


class _DTDFound(Exception):
    pass


def _refuse_dtd(*_args: Any) -> None:
    raise _DTDFound


def _refuse_entity(context: str, base: str | None, system: str | None, public: str | None) -> int:
    raise _DTDFound


def check_xml(text: str) -> None:
    """Refuse any DTD (``<!DOCTYPE``, entity declarations, external entity
    references); expat reads the document without expanding anything."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.UnparsedEntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_entity
    try:
        parser.Parse(text, True)
    except _DTDFound:
        raise Unsafe("dtd") from None
    except expat.ExpatError as error:
        raise Unsafe("not_xml", str(error)) from None


def _remote_contexts(value: Any) -> list[str]:
    """The remote context references inside a JSON-LD value (``@context`` strings,
    and ``@import`` of JSON-LD 1.1)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                found += _context_references(item)
            else:
                found += _remote_contexts(item)
    elif isinstance(value, list):
        for item in value:
            found += _remote_contexts(item)
    return found


def _context_references(context: Any) -> list[str]:
    if isinstance(context, str):
        return [context]
    if isinstance(context, list):
        return [ref for item in context for ref in _context_references(item)]
    if isinstance(context, dict):
        imported = context.get("@import")
        found = [imported] if isinstance(imported, str) else []
        # a scoped context inside a term definition may be remote too
        return found + [
            ref
            for term in context.values()
            if isinstance(term, dict) and "@context" in term
            for ref in _context_references(term["@context"])
        ]
    return []


def check_jsonld(text: str) -> None:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise Unsafe("not_json", str(error)) from None
    remote = _remote_contexts(document)
    if remote:
        raise Unsafe("remote_context", remote[0])


@cache
def _parsers() -> dict[str, str]:
    """rdflib's parser names and media types → the parser's class name."""
    return {p.name: p.class_name for p in rdflib.plugin.plugins(kind=rdflib.parser.Parser)}


def rdflib_format(declared: str | None) -> str:
    """The format ckanext-dcat's RDFParser hands rdflib for a declared format or
    media type: its short names translated, nothing or ``pretty-xml`` → ``xml``."""
    value = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}.get(declared or "", declared)
    return "xml" if not value or value == "pretty-xml" else value


def check(text: str, declared: str | None) -> None:
    """Check a document that ckanext-dcat will read with the parser chosen by
    ``declared`` (the source's rdf_format or the response's media type)."""
    parser = _parsers().get(rdflib_format(declared))
    if parser in XML_PARSERS:
        check_xml(text)
    elif parser in JSONLD_PARSERS:
        check_jsonld(text)
