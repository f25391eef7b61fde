"""The SKOS concept schemes of the SDI codes, served by the portal itself: one
resolvable URI per code (used by the DCAT output).

- ``/kode``: the schemes; ``/kode/<skema>``: one scheme and its codes;
  ``/kode/<skema>/<kode>``: one code; ``/ns/sdi``: the project's own properties.
- Content negotiation: Turtle, JSON-LD or RDF/XML by the Accept header, or by an
  extension (``/kode/urusan.ttl``, ``/kode/urusan/2.12.jsonld``, ``.rdf``); anything
  else (a browser) gets the page, in the visitor's language.
- An unknown scheme or code is a 404. Public: the codes are no secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

import ckan.plugins.toolkit as tk
from flask import Blueprint
from rdflib import Graph
from werkzeug.wrappers.response import Response

from .. import vocabulary
from ..dcat import concepts as skos
from ..dcat import mapping
from ..dcat import namespace as sdi
from ..dcat.profile import concept_uri, scheme_uri, site_url
from ..helpers import language

concepts = Blueprint("satudata_concepts", __name__)

HTML = "text/html"
# media type → (rdflib format, extension)
RDF_FORMATS = {
    "text/turtle": ("turtle", "ttl"),
    "application/ld+json": ("json-ld", "jsonld"),
    "application/rdf+xml": ("xml", "rdf"),
}
_BY_EXTENSION = {extension: media for media, (_, extension) in RDF_FORMATS.items()}
# A JSON client asking for plain JSON gets JSON-LD.
_ACCEPTED = [HTML, *RDF_FORMATS, "application/json"]


@dataclass(frozen=True)
class Code:
    """One code as the pages list it."""

    code: str
    label: str
    labels: dict[str, str]
    uri: str
    broader: str | None
    equivalent: str | None


def _split(value: str) -> tuple[str, str | None]:
    """``urusan.ttl`` → (``urusan``, ``text/turtle``); a name without a known
    extension is returned whole."""
    name, dot, extension = value.rpartition(".")
    if dot and extension in _BY_EXTENSION:
        return name, _BY_EXTENSION[extension]
    return value, None


def _media(explicit: str | None) -> str:
    if explicit:
        return explicit
    best = tk.request.accept_mimetypes.best_match(_ACCEPTED, default=HTML)
    return "application/ld+json" if best == "application/json" else str(best)


def _rdf(graph: Graph, media: str) -> Response:
    rdflib_format = RDF_FORMATS[media][0]
    body = (
        graph.serialize(format=rdflib_format, auto_compact=True)
        if media == "application/ld+json"
        else graph.serialize(format=rdflib_format)
    )
    response = Response(body, content_type=f"{media}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def _page(template: str, extra_vars: dict[str, Any]) -> Response:
    response = Response(tk.render(template, extra_vars), mimetype=HTML)
    response.headers["Vary"] = "Accept"
    return response


def _not_found() -> NoReturn:
    raise tk.ObjectNotFound(tk._("This code list or code does not exist."))


def _code(skema: str, term: vocabulary.Term) -> Code:
    equivalent = {"frekuensi": mapping.frequency, "sifat_data": mapping.access_right}
    external = equivalent[skema](term.code) if skema in equivalent else None
    broader = term.attributes.get("induk")
    return Code(
        code=term.code,
        label=term.label(language()),
        labels=dict(term.labels),
        uri=str(concept_uri(skema, term.code)),
        broader=str(broader) if broader else None,
        equivalent=str(external.uri) if external else None,
    )


def _scheme_vars(skema: str) -> dict[str, Any]:
    vocab = vocabulary.get(skema)
    return {
        "skema": skema,
        "title": vocab.labels.get(language()) or vocab.labels.get("id") or skema,
        "uri": str(scheme_uri(skema)),
        "field": skos.FIELD_OF_SCHEME[skema],
        "formats": RDF_FORMATS,
    }


@concepts.route("/kode")
@concepts.route("/kode.<extension>")
def index(extension: str | None = None) -> Response:
    """The code lists the DCAT output refers to."""
    explicit = _BY_EXTENSION.get(extension or "")
    if extension and not explicit:
        _not_found()
    media = _media(explicit)
    if media != HTML:
        return _rdf(skos.index_graph(site_url()), media)
    schemes = [
        _scheme_vars(skema) | {"count": len(vocabulary.get(skema))} for skema in skos.SCHEMES
    ]
    return _page("satudata/kode/index.html", {"schemes": schemes, "formats": RDF_FORMATS})


@concepts.route("/kode/<skema>")
def scheme(skema: str) -> Response:
    """One scheme with every code."""
    name, explicit = _split(skema)
    if not skos.is_known(name):
        _not_found()
    media = _media(explicit)
    if media != HTML:
        return _rdf(skos.scheme_graph(site_url(), name), media)
    codes = [_code(name, term) for term in vocabulary.get(name)]
    return _page("satudata/kode/scheme.html", _scheme_vars(name) | {"codes": codes})


@concepts.route("/kode/<skema>/<kode>")
def concept(skema: str, kode: str) -> Response:
    """One code: its labels, its scheme, its broader code and its EU equivalent."""
    name, explicit = (kode, None) if skos.is_known(skema, kode) else _split(kode)
    if not skos.is_known(skema, name):
        _not_found()
    media = _media(explicit)
    if media != HTML:
        return _rdf(skos.concept_graph(site_url(), skema, name), media)
    vocab = vocabulary.get(skema)
    term = vocab.term(name)
    assert term is not None
    code = _code(skema, term)
    broader = vocab.term(code.broader) if code.broader else None
    extra_vars = _scheme_vars(skema) | {
        "code": code,
        "broader": _code(skema, broader) if broader else None,
        "narrower": [_code(skema, t) for t in vocab if t.attributes.get("induk") == name],
    }
    return _page("satudata/kode/concept.html", extra_vars)


@concepts.route("/ns/sdi")
@concepts.route("/ns/sdi.<extension>")
def vocabulary_terms(extension: str | None = None) -> Response:
    """The project's own properties (the sdi: prefix of the DCAT output)."""
    explicit = _BY_EXTENSION.get(extension or "")
    if extension and not explicit:
        _not_found()
    media = _media(explicit)
    if media != HTML:
        return _rdf(sdi.graph(), media)
    return _page(
        "satudata/kode/namespace.html",
        {
            "terms": sdi.TERMS,
            "namespace": sdi.NAMESPACE,
            "formats": RDF_FORMATS,
            "lang": language(),
        },
    )
