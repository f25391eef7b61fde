"""The namespace manager that remembers URIs without a prefixed name writes exactly
the Turtle rdflib writes."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, NamespaceManager

from ckanext.satudata_serang.dcat.qnames import ExportGraph, RememberingNamespaceManager

SITE = "https://satudata.serangkota.go.id"


def _graph(manager: type[NamespaceManager] | None) -> Graph:
    """A small catalog; ``None``: in the export's graph."""
    if manager is None:
        graph: Graph = ExportGraph()
    else:
        graph = Graph(bind_namespaces="none")
        graph.namespace_manager = manager(graph, bind_namespaces="core")
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    for number in range(30):
        dataset = URIRef(f"{SITE}/dataset/{number:04d}-jumlah-penduduk")
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.title, Literal(f"Jumlah penduduk {number}")))
        graph.add((dataset, DCAT.landingPage, URIRef(f"{SITE}/dataset/{number:04d}")))
        graph.add((dataset, DCTERMS.spatial, URIRef(f"{SITE}/kode/wilayah/36.73")))
        graph.add((dataset, URIRef(f"{SITE}/ns/lain#kolom{number}"), Literal("x")))
    return graph


def test_the_same_turtle_as_rdflib() -> None:
    expected = _graph(NamespaceManager).serialize(format="turtle")
    assert _graph(RememberingNamespaceManager).serialize(format="turtle") == expected
    assert _graph(None).serialize(format="turtle") == expected
    assert _graph(None).serialize(format="ttl") == expected


def test_other_formats_are_rdflibs() -> None:
    for rdf_format in ("xml", "json-ld", "nt"):
        expected = _graph(NamespaceManager).serialize(format=rdf_format)
        assert _graph(None).serialize(format=rdf_format) == expected


def test_a_prefix_bound_later_gives_the_uri_its_name() -> None:
    graph = _graph(RememberingNamespaceManager)
    spatial = URIRef(f"{SITE}/kode/wilayah/x3673")
    manager = graph.namespace_manager
    with pytest.raises(KeyError):  # no prefix yet
        manager.compute_qname(spatial, generate=False)
    graph.bind("wilayah", f"{SITE}/kode/wilayah/")
    assert manager.compute_qname(spatial, generate=False) == (
        "wilayah",
        URIRef(f"{SITE}/kode/wilayah/"),
        "x3673",
    )
