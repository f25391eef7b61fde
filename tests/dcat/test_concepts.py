"""The code lists as SKOS concept schemes served by the portal: every code the DCAT
export names resolves, in the format asked for, at an address built from
ckan.site_url; unknown codes are 404; browsers get a page in Indonesian."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
import pytest
from ckanext.dcat.processors import RDFSerializer
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS

from ckanext.satudata_serang import vocabulary
from ckanext.satudata_serang.dcat import concepts
from ckanext.satudata_serang.dcat.namespace import NAMESPACE, TERMS
from tests import sdi

SITE = "http://test.ckan.net"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
EXTENSIONS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}


def _graph(response: Any, rdflib_format: str) -> Graph:
    assert response.status_code == 200, response.body[:500]
    return Graph().parse(data=response.body, format=rdflib_format)


def _labels(graph: Graph, uri: URIRef) -> dict[str | None, str]:
    return {
        label.language: str(label)
        for label in graph.objects(uri, SKOS.prefLabel)
        if isinstance(label, Literal)
    }


# --- addresses ------------------------------------------------------------------------


def test_concept_uris_are_built_from_the_site_url():
    assert concepts.concept_uri("https://data.example.id/portal/", "urusan", "2.12") == URIRef(
        "https://data.example.id/portal/kode/urusan/2.12"
    )
    assert concepts.scheme_uri("https://data.example.id", "wilayah") == URIRef(
        "https://data.example.id/kode/wilayah"
    )


def test_a_concept_uri_of_any_instance_is_read_back_to_its_code():
    assert concepts.parse_concept_uri("https://other.example/kode/wilayah/36.73.05") == (
        "wilayah",
        "36.73.05",
    )
    assert concepts.parse_concept_uri("http://x/kode/urusan/9.99") is None
    assert concepts.parse_concept_uri("http://x/kode/status_verifikasi/draft") is None
    assert concepts.parse_concept_uri("http://x/dataset/urusan/2.12") is None


# --- content negotiation --------------------------------------------------------------


@pytest.mark.parametrize(("media", "rdflib_format"), RDF_FORMATS.items())
def test_a_scheme_is_served_in_each_rdf_format_by_accept_header(app, media, rdflib_format):
    response = app.get("/kode/urusan", headers={"Accept": media})
    assert response.headers["Content-Type"].startswith(media)
    assert "Accept" in response.headers.get("Vary", "")
    graph = _graph(response, rdflib_format)
    scheme = URIRef(f"{SITE}/kode/urusan")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert Literal("Urusan Pemerintahan", lang="id") in set(graph.objects(scheme, DCTERMS.title))
    codes = {str(code) for code in graph.subjects(SKOS.inScheme, scheme)}
    assert codes == {f"{SITE}/kode/urusan/{code}" for code in vocabulary.get("urusan").codes()}
    assert len(set(graph.objects(scheme, SKOS.hasTopConcept))) == len(codes)


@pytest.mark.parametrize(("extension", "rdflib_format"), EXTENSIONS.items())
def test_a_concept_is_served_by_explicit_extension(app, extension, rdflib_format):
    graph = _graph(app.get(f"/kode/wilayah/36.73.05.{extension}"), rdflib_format)
    concept = URIRef(f"{SITE}/kode/wilayah/36.73.05")
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.notation, Literal("36.73.05")) in graph
    assert _labels(graph, concept) == {
        "id": "Kecamatan Cipocok Jaya",
        "en": "Cipocok Jaya District",
    }
    city = URIRef(f"{SITE}/kode/wilayah/36.73")
    assert (concept, SKOS.broader, city) in graph
    assert _labels(graph, city)["id"] == "Kota Serang"


def test_frequency_and_access_codes_name_their_eu_equivalent(app):
    authority = "http://publications.europa.eu/resource/authority"
    semester = _graph(app.get("/kode/frekuensi/semesteran.ttl"), "turtle")
    assert (
        URIRef(f"{SITE}/kode/frekuensi/semesteran"),
        SKOS.exactMatch,
        URIRef(f"{authority}/frequency/ANNUAL_2"),
    ) in semester
    terbatas = _graph(app.get("/kode/sifat_data/terbatas.ttl"), "turtle")
    assert (
        URIRef(f"{SITE}/kode/sifat_data/terbatas"),
        SKOS.exactMatch,
        URIRef(f"{authority}/access-right/RESTRICTED"),
    ) in terbatas


def test_the_list_of_schemes_names_every_published_scheme(app):
    graph = _graph(app.get("/kode", headers={"Accept": "text/turtle"}), "turtle")
    schemes = {str(s) for s in graph.subjects(RDF.type, SKOS.ConceptScheme)}
    assert schemes == {f"{SITE}/kode/{skema}" for skema in concepts.SCHEMES}


def test_a_plain_json_client_gets_json_ld(app):
    response = app.get("/kode/topik/ekonomi", headers={"Accept": "application/json"})
    assert response.headers["Content-Type"].startswith("application/ld+json")
    assert _labels(_graph(response, "json-ld"), URIRef(f"{SITE}/kode/topik/ekonomi"))


# --- pages ----------------------------------------------------------------------------


def test_a_browser_gets_the_code_page_in_indonesian(app):
    response = app.get("/kode/urusan/2.12", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    body = response.body
    assert "Administrasi Kependudukan dan Pencatatan Sipil" in body
    assert "Daftar kode" in body  # breadcrumb, translated
    assert f"{SITE}/kode/urusan/2.12" in body  # the URI to copy
    assert "/dataset/?urusan=2.12" in body  # the datasets with this code
    assert 'href="/kode/urusan/2.12.ttl"' in body


def test_the_scheme_page_lists_every_code_and_english_is_under_en(app):
    body = app.get("/kode/wilayah", headers={"Accept": BROWSER}).body
    for term in vocabulary.get("wilayah"):
        assert f'data-kode="{term.code}"' in body
        assert term.labels["id"] in body
    english = app.get("/en/kode", headers={"Accept": BROWSER}).body
    assert "Code lists" in english
    assert "Geographic coverage" in english


def test_the_sdi_namespace_page_lists_every_property(app):
    body = html.unescape(app.get("/ns/sdi", headers={"Accept": BROWSER}).body)
    for term in TERMS:
        assert f"sdi:{term.name}" in body
        assert term.comments["id"] in body


@pytest.mark.parametrize(
    "path",
    [
        "/kode/urusan/9.99",
        "/kode/urusan/9.99.ttl",
        "/kode/tidak_ada",
        "/kode/tidak_ada/1",
        "/kode/status_verifikasi",  # internal to the portal, not published
        "/kode/urusan.pdf",
        "/kode.pdf",
        "/ns/sdi.pdf",
    ],
)
def test_an_unknown_code_or_scheme_is_not_found(app, path):
    assert app.get(path, headers={"Accept": "text/turtle"}).status_code == 404
    assert app.get(path, headers={"Accept": BROWSER}).status_code == 404


# --- the DCAT output and the served schemes agree ----------------------------------------


def _export(dataset: dict[str, Any]) -> Graph:
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["id"]})
    serializer = RDFSerializer()
    serializer.graph_from_dataset(shown)
    return serializer.g


@pytest.mark.usefixtures("clean_db")
def test_every_code_in_a_dataset_export_resolves_to_the_same_concept(app):
    organization = sdi.Organization()
    exported = _export(sdi.Dataset(owner_org=organization["id"], **sdi.every_field()))
    codes = {
        uri
        for uri in exported.all_nodes()
        if isinstance(uri, URIRef) and uri.startswith(f"{SITE}/kode/")
    }
    described = {uri for uri in codes if (uri, RDF.type, SKOS.Concept) in exported}
    # topik, 2 urusan, wilayah, ukuran, satuan, level, cara pengumpulan
    assert len(described) == 8
    assert URIRef(f"{SITE}/kode/wilayah/36.73") in codes - described  # the broader region
    for uri in codes:
        served = _graph(app.get(urlsplit(uri).path, headers={"Accept": "text/turtle"}), "turtle")
        assert _labels(served, uri), uri
        if uri in described:
            assert _labels(served, uri) == _labels(exported, uri), uri


@pytest.mark.usefixtures("clean_db")
def test_every_sdi_property_of_the_export_is_described_at_ns_sdi(app):
    organization = sdi.Organization()
    exported = _export(sdi.Dataset(owner_org=organization["id"], **sdi.every_field()))
    used = {p for p in exported.predicates() if str(p).startswith(NAMESPACE)}
    described = _graph(app.get("/ns/sdi.ttl"), "turtle")
    assert used
    for predicate in used:
        assert (predicate, RDF.type, RDF.Property) in described, predicate
        labels = {label.language for label in described.objects(predicate, RDFS.label)}  # pyright: ignore[reportAttributeAccessIssue]
        assert labels == {"id", "en"}


@pytest.mark.usefixtures("clean_db")
def test_behind_a_proxy_the_concepts_take_the_public_address(app, monkeypatch):
    public = "https://satudata.example.go.id/portal"
    monkeypatch.setitem(tk.config, "ckan.site_url", public)
    served = _graph(app.get("/kode/topik/ekonomi.ttl"), "turtle")
    assert _labels(served, URIRef(f"{public}/kode/topik/ekonomi"))["id"] == "Ekonomi"
    organization = sdi.Organization()
    exported = _export(sdi.Dataset(owner_org=organization["id"], topik="ekonomi"))
    themes = {str(theme) for theme in exported.objects(None, DCAT.theme)}
    assert f"{public}/kode/topik/ekonomi" in themes
