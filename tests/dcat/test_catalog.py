"""The DCAT export (ckanext-dcat's endpoints): only published (ditayangkan) datasets
that are not tertutup leave the portal, the same for every caller; the catalog pages
completely with Hydra links built from ckan.site_url; modified_since understands ISO
8601 with a timezone.

One catalog is built for the module: in the OPD dinkes, one dataset in every
workflow status × sifat data (terbuka, terbatas, tertutup), plus five more published
terbuka datasets, each with a known ``metadata_modified``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import search
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers
from ckan.types import Context
from ckanext.dcat.processors import RDFSerializer
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, Namespace

from ckanext.satudata_serang.dcat import catalog as dcat_catalog
from tests import sdi

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
STATUSES = (
    "draft",
    "diajukan",
    "perlu_perbaikan",
    "pemeriksaan_pembina",
    "disetujui",
    "ditayangkan",
    "ditarik",
)
SIFAT = ("terbuka", "terbatas", "tertutup")
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}
CONTENT_TYPES = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
VIEWERS = ("anonim", "produsen", "walidata", "sysadmin")
USERS = {"produsen": "produsen_dinkes", "walidata": "walidata_kominfo", "sysadmin": "admin_dcat"}
PER_PAGE_SETTING = "ckanext.dcat.datasets_per_page"
# metadata_modified (UTC, as CKAN stores it) of the datasets modified_since is about;
# the others keep the moment the fixture made them (newer than all of these).
MODIFIED = {
    "ditayangkan-terbuka": "2023-01-01T00:00:00",
    "ditayangkan-terbatas": "2023-06-01T00:00:00",
    "ditayangkan-tertutup": "2025-06-01T00:00:00",  # public on the portal, never exported
    "terbit-1": "2024-05-31T23:59:59",
    "terbit-2": "2024-06-01T00:00:00",
    "terbit-3": "2024-06-01T03:00:00",
    "terbit-4": "2024-06-01T08:00:00",
    "terbit-5": "2025-01-01T00:00:00",
}
EXPORTED = {
    "ditayangkan-terbuka",
    "ditayangkan-terbatas",
    "terbit-1",
    "terbit-2",
    "terbit-3",
    "terbit-4",
    "terbit-5",
}
SINCE_MIDNIGHT = {"terbit-2", "terbit-3", "terbit-4", "terbit-5"}  # ≥ 2024-06-01T00:00Z
SINCE_THREE = {"terbit-3", "terbit-4", "terbit-5"}  # ≥ 2024-06-01T03:00Z


def dataset_name(status: str, sifat: str) -> str:
    return f"{status.replace('_', '-')}-{sifat}"


@dataclass
class Catalog:
    ids: dict[str, str]  # name → id
    tokens: dict[str, str]
    client: Any

    def get(self, viewer: str, url: str, **headers: str) -> Any:
        if viewer in self.tokens:
            headers["Authorization"] = self.tokens[viewer]
        return self.client.get(url, headers=headers)

    def uri(self, name: str) -> str:
        return f"{site_url()}/dataset/{self.ids[name]}"

    def names(self, uris: set[str]) -> set[str]:
        by_uri = {self.uri(name): name for name in self.ids}
        return {by_uri.get(uri, uri) for uri in uris}


def site_url() -> str:
    return str(tk.config["ckan.site_url"]).rstrip("/")


def _set_modified(dataset_id: str, moment: str) -> None:
    model.Session.execute(
        sa.text("UPDATE package SET metadata_modified = :moment WHERE id = :id"),
        {"moment": datetime.fromisoformat(moment), "id": dataset_id},
    )
    model.Session.commit()
    model.Session.expire_all()  # CKAN's session keeps objects after a commit
    search.rebuild(dataset_id)


@pytest.fixture(scope="module")
def catalog(reset_db: Callable[[], None]) -> Catalog:
    reset_db()
    factories.Sysadmin(name=USERS["sysadmin"])
    factories.User(name=USERS["produsen"])
    factories.User(name=USERS["walidata"])
    dinkes = sdi.Organization(
        name="dinkes",
        singkatan="DINKES",
        users=[{"name": USERS["produsen"], "capacity": "editor"}],
    )
    sdi.Organization(
        name="diskominfo",
        singkatan="DISKOMINFO",
        walidata=True,
        users=[{"name": USERS["walidata"], "capacity": "member"}],
    )
    items = [(dataset_name(s, f), s, f) for s in STATUSES for f in SIFAT]
    items += [(f"terbit-{n}", "ditayangkan", "terbuka") for n in range(1, 6)]
    ids: dict[str, str] = {}
    for name, status, sifat in items:
        dataset = sdi.Dataset(
            context={"user": USERS["produsen"]},
            name=name,
            title=f"Data uji {name}",
            owner_org=dinkes["id"],
            status_verifikasi=status,
            sifat_data=sifat,
            dasar_pengecualian=None if sifat == "terbuka" else "UU 14/2008 Pasal 17.",
            resources=[{"url": f"http://example.com/{name}.csv", "format": "CSV", "name": "Tabel"}],
        )
        assert dataset["private"] is (status != "ditayangkan"), name
        ids[name] = dataset["id"]
    for name, moment in MODIFIED.items():
        _set_modified(ids[name], moment)
    tokens = {viewer: str(factories.APIToken(user=user)["token"]) for viewer, user in USERS.items()}
    app = ckan_helpers._get_test_app()  # pyright: ignore[reportPrivateUsage]
    return Catalog(ids=ids, tokens=tokens, client=app.test_client(use_cookies=False))


def graph_of(response: Any, fmt: str) -> Graph:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return Graph().parse(data=response.get_data(as_text=True), format=FORMATS[fmt])


def dataset_uris(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, DCAT.Dataset)}


def paging(graph: Graph) -> dict[str, str]:
    """The Hydra links and numbers of a catalog page."""
    found: dict[str, str] = {}
    for page in graph.subjects(RDF.type, HYDRA.PagedCollection):
        found["current"] = str(page)
        for key in ("next", "previous", "first", "last", "totalItems", "itemsPerPage"):
            value = graph.value(page, HYDRA[key])
            if value is not None:
                found[key] = str(value)
    return found


def anonymous_search(**data: Any) -> dict[str, Any]:
    return tk.get_action("package_search")(cast(Context, {"user": ""}), data)


# --- visibility -----------------------------------------------------------------------


def test_the_catalog_holds_every_status_and_sifat(catalog):
    assert len(catalog.ids) == len(STATUSES) * len(SIFAT) + 5
    shown = anonymous_search(rows=100)
    assert {r["name"] for r in shown["results"]} == EXPORTED | {"ditayangkan-tertutup"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_catalog_exports_published_datasets_that_are_not_tertutup(catalog, viewer, fmt):
    response = catalog.get(viewer, f"/catalog.{fmt}")
    assert response.headers["Content-Type"].startswith(CONTENT_TYPES[fmt])
    graph = graph_of(response, fmt)
    assert catalog.names(dataset_uris(graph)) == EXPORTED


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_count_is_anonymous_package_search_minus_tertutup(catalog, viewer):
    graph = graph_of(catalog.get(viewer, "/catalog.ttl"), "ttl")
    expected = anonymous_search(rows=0, fq="-sifat_data:tertutup")["count"]
    assert int(paging(graph)["totalItems"]) == expected == len(EXPORTED)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_dataset_is_exported_only_when_published_and_not_tertutup(catalog, viewer):
    answered = {}
    for name in catalog.ids:
        response = catalog.get(viewer, f"/dataset/{catalog.ids[name]}.ttl")
        answered[name] = response.status_code
        if response.status_code == 200:
            assert catalog.names(dataset_uris(graph_of(response, "ttl"))) == {name}
    assert {n for n, code in answered.items() if code == 200} == EXPORTED
    # The others are simply not there: the answer does not tell that they exist.
    assert {code for n, code in answered.items() if n not in EXPORTED} == {404}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_of_a_dataset(catalog, fmt):
    for name in ("ditayangkan-terbuka", "ditayangkan-terbatas"):
        response = catalog.get("walidata", f"/dataset/{catalog.ids[name]}.{fmt}")
        assert response.headers["Content-Type"].startswith(CONTENT_TYPES[fmt])
        assert catalog.names(dataset_uris(graph_of(response, fmt))) == {name}
    for name in ("ditayangkan-tertutup", "diajukan-terbuka", "ditarik-terbuka"):
        assert catalog.get("walidata", f"/dataset/{name}.{fmt}").status_code == 404


@pytest.mark.parametrize("viewer", ["walidata", "sysadmin"])
def test_the_dcat_actions_export_the_public_view_for_everybody(catalog, viewer):
    headers = {"Authorization": catalog.tokens[viewer]}
    for name in ("diajukan-terbuka", "disetujui-terbuka", "ditayangkan-tertutup"):
        response = catalog.client.post(
            "/api/3/action/dcat_dataset_show",
            json={"id": catalog.ids[name], "format": "ttl"},
            headers=headers,
        )
        assert response.status_code == 404, name
    for action in ("dcat_catalog_show", "dcat_catalog_search"):
        response = catalog.client.post(
            f"/api/3/action/{action}", json={"format": "ttl"}, headers=headers
        )
        graph = Graph().parse(data=response.get_json()["result"], format="turtle")
        assert catalog.names(dataset_uris(graph)) == EXPORTED


@pytest.mark.parametrize("viewer", VIEWERS)
def test_dcat_json_lists_the_same_datasets_without_terbatas_download_urls(catalog, viewer):
    response = catalog.get(viewer, "/dcat.json")
    assert response.status_code == 200
    listed = {d["title"].removeprefix("Data uji "): d for d in response.get_json()}
    assert set(listed) == EXPORTED
    assert all("accessURL" not in d for d in listed["ditayangkan-terbatas"]["distribution"])
    assert listed["ditayangkan-terbuka"]["distribution"][0]["accessURL"] == (
        "http://example.com/ditayangkan-terbuka.csv"
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_terbatas_dataset_leaves_without_its_file_url(catalog, fmt):
    """Its metadata is exported; its file's URL is not (the satudata_sdi profile)."""
    catalog_text = catalog.get("anonim", f"/catalog.{fmt}").get_data(as_text=True)
    dataset_text = catalog.get(
        "anonim", f"/dataset/{catalog.ids['ditayangkan-terbatas']}.{fmt}"
    ).get_data(as_text=True)
    for text in (catalog_text, dataset_text):
        assert "http://example.com/ditayangkan-terbatas.csv" not in text
        assert "Data uji ditayangkan-terbatas" in text
    assert "http://example.com/ditayangkan-terbuka.csv" in catalog_text


def test_the_catalog_was_last_modified_by_an_exported_dataset(catalog):
    graph = graph_of(catalog.get("sysadmin", "/catalog.ttl"), "ttl")
    modified = {
        str(o)
        for s in graph.subjects(RDF.type, DCAT.Catalog)
        for o in graph.objects(s, DCTERMS.modified)
    }
    # terbit-5; not the newer tertutup dataset, nor the unpublished ones
    assert modified == {"2025-01-01T00:00:00"}


@pytest.mark.parametrize("profiles", ["euro_dcat_ap_3", "euro_dcat_ap_2", "schemaorg"])
def test_other_profiles_cannot_be_asked_for(catalog, profiles):
    assert catalog.get("anonim", f"/catalog.ttl?profiles={profiles}").status_code == 409
    url = f"/dataset/{catalog.ids['ditayangkan-terbatas']}.ttl?profiles={profiles}"
    assert catalog.get("anonim", url).status_code == 409


def test_the_configured_profiles_may_be_named(catalog):
    configured = ",".join(str(tk.config["ckanext.dcat.rdf.profiles"]).split())
    assert catalog.get("anonim", f"/catalog.ttl?profiles={configured}").status_code == 200


@pytest.mark.parametrize("name", ["ditayangkan-terbuka", "ditayangkan-terbatas"])
def test_the_export_is_what_ckanext_dcat_would_write(catalog, name):
    """Same triples and the same prefixes as ckanext-dcat's own serializer."""
    dataset = tk.get_action("package_show")(_anonymous(), {"id": catalog.ids[name]})
    ours = dcat_catalog.ExportSerializer(None).serialize_dataset(dataset, _format="turtle")
    stock = RDFSerializer().serialize_dataset(dataset, _format="turtle")
    assert isomorphic(Graph().parse(data=ours), Graph().parse(data=stock))
    assert prefixes(ours) == prefixes(stock)


def prefixes(turtle: str) -> set[str]:
    return {line for line in turtle.splitlines() if line.startswith("@prefix")}


def _anonymous() -> Context:
    return cast(Context, {"user": ""})


# --- content negotiation ----------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["anonim", "walidata"])
def test_a_dataset_url_answers_turtle_to_who_asks_for_it(catalog, viewer):
    name = "ditayangkan-terbuka"
    response = catalog.get(viewer, f"/dataset/{name}", Accept="text/turtle")
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert catalog.names(dataset_uris(graph_of(response, "ttl"))) == {name}
    page = catalog.get(viewer, f"/dataset/{name}", Accept="text/html")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")


def test_negotiation_exports_no_unpublished_dataset(catalog):
    """The walidata may read the submitted dataset's page, not export it."""
    name = "diajukan-terbuka"
    assert catalog.get("walidata", f"/dataset/{name}", Accept="text/html").status_code == 200
    assert catalog.get("walidata", f"/dataset/{name}", Accept="text/turtle").status_code == 404
    response = catalog.get("walidata", f"/dataset/{name}", Accept="application/ld+json")
    assert response.status_code == 404


# --- paging ---------------------------------------------------------------------------


def walk(catalog: Catalog, url: str, **headers: str) -> tuple[list[list[str]], list[dict]]:
    """Follow hydra:next from ``url``: the dataset names of each page, and its links."""
    pages: list[list[str]] = []
    links: list[dict[str, str]] = []
    while url:
        graph = graph_of(catalog.get("anonim", url, **headers), "ttl")
        pages.append(sorted(catalog.names(dataset_uris(graph))))
        links.append(paging(graph))
        assert len(pages) <= 10, "paging does not end"
        url = links[-1].get("next", "")
        if url:
            assert url.startswith(site_url() + "/catalog.ttl?")
            url = url.removeprefix(site_url())
    return pages, links


def test_the_catalog_pages_completely_behind_a_proxy(catalog, monkeypatch):
    monkeypatch.setitem(tk.config, PER_PAGE_SETTING, 3)
    pages, links = walk(catalog, "/catalog.ttl", Host="10.0.0.7:8080")
    assert [len(p) for p in pages] == [3, 3, 1]
    seen = [name for page in pages for name in page]
    assert sorted(seen) == sorted(EXPORTED)  # each exactly once
    first = links[0]
    assert first["current"] == first["first"] == f"{site_url()}/catalog.ttl?page=1"
    assert first["last"] == f"{site_url()}/catalog.ttl?page=3"
    assert first["next"] == f"{site_url()}/catalog.ttl?page=2"
    assert "previous" not in first
    assert links[1]["previous"] == f"{site_url()}/catalog.ttl?page=1"
    assert "next" not in links[2]
    assert {link["totalItems"] for link in links} == {"7"}
    assert {link["itemsPerPage"] for link in links} == {"3"}
    for link in links:
        assert all("10.0.0.7" not in v for v in link.values())


def test_pages_are_in_order_of_the_latest_change(catalog, monkeypatch):
    monkeypatch.setitem(tk.config, PER_PAGE_SETTING, 3)
    pages, _links = walk(catalog, "/catalog.ttl")
    assert set(pages[0]) == {"terbit-5", "terbit-4", "terbit-3"}
    assert set(pages[2]) == {"ditayangkan-terbuka"}


def test_a_page_past_the_end_is_empty_and_leads_back(catalog, monkeypatch):
    monkeypatch.setitem(tk.config, PER_PAGE_SETTING, 3)
    graph = graph_of(catalog.get("anonim", "/catalog.ttl?page=9"), "ttl")
    assert dataset_uris(graph) == set()
    assert paging(graph)["previous"] == f"{site_url()}/catalog.ttl?page=3"


@pytest.mark.parametrize("page", ["0", "-1", "dua", "1.5"])
def test_a_bad_page_is_refused(catalog, page):
    assert catalog.get("anonim", f"/catalog.ttl?page={page}").status_code == 409


def test_page_links_carry_the_query_url_encoded(catalog, monkeypatch):
    monkeypatch.setitem(tk.config, PER_PAGE_SETTING, 2)
    since = "2024-06-01T07:00:00+07:00"
    q = "Data uji & terbit"
    url = "/catalog.ttl?" + "&".join(
        [f"modified_since={since.replace('+', '%2B')}", "q=Data%20uji%20%26%20terbit"]
    )
    pages, links = walk(catalog, url)
    assert sorted(n for page in pages for n in page) == sorted(SINCE_MIDNIGHT)
    for link in links:
        for key in ("current", "first", "last"):
            query = urlsplit(link[key]).query
            assert " " not in query and "%2B07" in query, link[key]
            values = parse_qs(query)  # a + left as it was would come back as a space
            assert values["modified_since"] == [since]
            assert values["q"] == [q]


def test_a_query_the_search_refuses_is_a_409(catalog):
    assert catalog.get("anonim", "/catalog.ttl?q=%7B%21lucene%7Dx").status_code == 409


# --- modified_since ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2024-06-01", SINCE_MIDNIGHT),
        ("2024-06-01T00:00:00Z", SINCE_MIDNIGHT),
        ("2024-06-01T00:00:00", SINCE_MIDNIGHT),  # no timezone: UTC, as dct:modified
        ("2024-06-01T00:00:00.000000", SINCE_MIDNIGHT),
        ("2024-06-01T07:00:00+07:00", SINCE_MIDNIGHT),  # WIB
        ("2024-06-01T07:00:00 07:00", SINCE_MIDNIGHT),  # the same, its + unencoded
        ("2024-06-01T07:00+0700", SINCE_MIDNIGHT),
        ("20240601T000000Z", SINCE_MIDNIGHT),
        ("2024-05-31T21:00:00-03:00", SINCE_MIDNIGHT),
        ("2024-06-01T10:00:00+07:00", SINCE_THREE),
        ("2024-06-01T03:00:00Z", SINCE_THREE),
        ("2024-06-01T00:00:00-03:00", SINCE_THREE),
        ("2024-06-01T03:00:00.000001Z", {"terbit-4", "terbit-5"}),
        ("2030-01-01", set()),
    ],
)
def test_modified_since_in_iso_forms(catalog, since, expected):
    response = catalog.get("anonim", f"/catalog.ttl?modified_since={since.replace('+', '%2B')}")
    assert catalog.names(dataset_uris(graph_of(response, "ttl"))) == expected


def test_modified_since_pages_completely(catalog, monkeypatch):
    monkeypatch.setitem(tk.config, PER_PAGE_SETTING, 2)
    pages, links = walk(catalog, "/catalog.ttl?modified_since=2024-06-01T03:00:00Z")
    assert [len(p) for p in pages] == [2, 1]
    assert {n for p in pages for n in p} == SINCE_THREE
    assert links[0]["totalItems"] == "3"


@pytest.mark.parametrize("since", ["kemarin", "2024-13-01", "01/06/2024", "2024-06-01T25:00"])
def test_a_bad_modified_since_is_refused(catalog, since):
    assert catalog.get("anonim", f"/catalog.ttl?modified_since={since}").status_code == 409
    assert catalog.get("anonim", f"/dcat.json?modified_since={since}").status_code == 409


def test_dcat_json_honours_modified_since(catalog):
    response = catalog.get("anonim", "/dcat.json?modified_since=2024-06-01T03:00:00Z")
    assert {d["title"].removeprefix("Data uji ") for d in response.get_json()} == SINCE_THREE


# --- the pure rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-06-01", datetime(2024, 6, 1)),
        ("2024-06-01t08:00:00z", datetime(2024, 6, 1, 8)),
        ("2024-06-01T08:00:00+07:00", datetime(2024, 6, 1, 1)),
        (" 2024-06-01 08:00 ", datetime(2024, 6, 1, 8)),
        ("2024-06-01T08:00:00 07:00", datetime(2024, 6, 1, 1)),
    ],
)
def test_modified_since_is_read_as_utc(given, expected):
    assert dcat_catalog.modified_since_utc(given) == expected


def test_the_filter_names_the_moment_in_utc():
    moment = datetime(2024, 6, 1, 1, 2, 3)
    assert dcat_catalog.modified_since_filter(moment) == (
        "metadata_modified:[2024-06-01T01:02:03.000000Z TO NOW]"
    )


def test_pagination_links():
    info = dcat_catalog.pagination(250, 2, 100, lambda page: f"/p{page}")
    assert info == {
        "count": 250,
        "items_per_page": 100,
        "current": "/p2",
        "first": "/p1",
        "last": "/p3",
        "previous": "/p1",
        "next": "/p3",
    }
    assert dcat_catalog.pagination(0, 1, 100, str) == {}
    assert "next" not in dcat_catalog.pagination(200, 2, 100, str)


def test_the_catalog_links_datasets_by_their_site_url(catalog):
    graph = graph_of(catalog.get("anonim", "/catalog.ttl", Host="elsewhere.example"), "ttl")
    catalogs = set(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalogs == {URIRef(site_url())} or catalogs == {URIRef(site_url() + "/")}
    assert all(uri.startswith(site_url() + "/dataset/") for uri in dataset_uris(graph))
