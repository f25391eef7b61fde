"""The SKOS concept schemes of the SDI code lists: one scheme per vocabulary at
``<site>/kode/<skema>`` and one concept per code at ``<site>/kode/<skema>/<kode>``.

The same triples describe a code inside a dataset's DCAT output (profile.py) and on
the code's own page (views/concepts.py), so both always agree. Pure: rdflib and the
vocabularies, no CKAN; the site URL is a parameter.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .. import vocabulary
from . import mapping

PATH = "kode"
# The vocabularies the DCAT output refers to (workflow states and OPD types stay
# inside the portal). The name of the vocabulary is the name of the scheme.
SCHEMES: tuple[str, ...] = (
    "topik",
    "urusan",
    "wilayah",
    "frekuensi",
    "sifat_data",
    "ukuran",
    "satuan",
    "level_penyajian",
    "cara_pengumpulan",
)
# The dataset field each scheme's codes are stored in (for links to the search).
FIELD_OF_SCHEME = {skema: skema for skema in SCHEMES} | {"wilayah": "cakupan_wilayah"}
_CONCEPT = re.compile(rf"/{PATH}/([a-z_]+)/([^/?#]+)$")


def scheme_uri(base: str, skema: str) -> URIRef:
    return URIRef(f"{base.rstrip('/')}/{PATH}/{skema}")


def concept_uri(base: str, skema: str, kode: str) -> URIRef:
    return URIRef(f"{scheme_uri(base, skema)}/{quote(kode, safe='')}")


def parse_concept_uri(uri: str) -> tuple[str, str] | None:
    """(skema, kode) of a concept URI of any instance of this portal, whatever its
    site URL; None unless both the scheme and the code are known here."""
    match = _CONCEPT.search(str(uri))
    if not match:
        return None
    skema, kode = match.group(1), unquote(match.group(2))
    return (skema, kode) if is_known(skema, kode) else None


def is_known(skema: str, kode: str | None = None) -> bool:
    if skema not in SCHEMES:
        return False
    return kode is None or kode in vocabulary.get(skema)


def bind(graph: Graph) -> None:
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)


def add_scheme(graph: Graph, base: str, skema: str) -> URIRef:
    """The scheme's class and titles (what a concept's skos:inScheme needs)."""
    ref = scheme_uri(base, skema)
    if (ref, SKOS.prefLabel, None) in graph:  # described already (a catalog page)
        return ref
    vocab = vocabulary.get(skema)
    graph.add((ref, RDF.type, SKOS.ConceptScheme))
    for language in vocabulary.LANGUAGES:
        label = vocab.labels.get(language)
        if label:
            graph.add((ref, DCTERMS.title, Literal(label, lang=language)))
            graph.add((ref, SKOS.prefLabel, Literal(label, lang=language)))
    return ref


def add_concept(graph: Graph, base: str, skema: str, kode: str) -> URIRef:
    """The concept of one code, with its labels, notation, scheme and what its
    vocabulary records about it (the EU equivalent, the enclosing region). A concept
    already described in the graph is not described again: on a catalog page the
    same codes come back dataset after dataset."""
    term = vocabulary.get(skema).term(kode)
    if term is None:
        raise KeyError((skema, kode))
    ref = concept_uri(base, skema, kode)
    scheme = add_scheme(graph, base, skema)
    if (ref, SKOS.inScheme, scheme) in graph:  # described already (a catalog page)
        return ref
    graph.add((ref, RDF.type, SKOS.Concept))
    graph.add((ref, SKOS.notation, Literal(kode)))
    graph.add((ref, SKOS.inScheme, scheme))
    for language, label in term.labels.items():
        graph.add((ref, SKOS.prefLabel, Literal(label, lang=language)))
    broader = term.attributes.get("induk")
    if broader and is_known(skema, str(broader)):
        graph.add((ref, SKOS.broader, concept_uri(base, skema, str(broader))))
    else:
        graph.add((ref, SKOS.topConceptOf, scheme))
    if skema == "wilayah":
        graph.add((ref, RDF.type, DCTERMS.Location))
    equivalent = {"frekuensi": mapping.frequency, "sifat_data": mapping.access_right}.get(skema)
    external = equivalent(kode) if equivalent else None
    if external:
        graph.add((ref, SKOS.exactMatch, external.uri))
    return ref


@functools.cache
def scheme_graph(base: str, skema: str) -> Graph:
    """The whole scheme: its titles, every concept, its top concepts. Built once per
    process and site URL; callers must not change it."""
    graph = Graph()
    bind(graph)
    scheme = add_scheme(graph, base, skema)
    for term in vocabulary.get(skema):
        ref = add_concept(graph, base, skema, term.code)
        if (ref, SKOS.topConceptOf, scheme) in graph:
            graph.add((scheme, SKOS.hasTopConcept, ref))
    return graph


def concept_graph(base: str, skema: str, kode: str) -> Graph:
    """One concept, with the labels of its broader concept and of its scheme."""
    graph = Graph()
    bind(graph)
    add_concept(graph, base, skema, kode)
    broader = vocabulary.get(skema).term(kode)
    parent = broader.attributes.get("induk") if broader else None
    if parent and is_known(skema, str(parent)):
        add_concept(graph, base, skema, str(parent))
    return graph


def index_graph(base: str) -> Graph:
    """Every scheme the portal serves, with its titles."""
    graph = Graph()
    bind(graph)
    for skema in SCHEMES:
        add_scheme(graph, base, skema)
    return graph
