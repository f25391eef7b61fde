"""The harvest's safety rules on their own: which addresses may be fetched, the
download limits (against a real HTTP server on 127.0.0.1), which documents rdflib
never sees, and what a harvest does to a dataset by its status."""

from __future__ import annotations

import gzip
import ipaddress
import time
from collections.abc import Iterator

import pytest

from ckanext.satudata_serang.harvest import decide, documents, safety
from ckanext.satudata_serang.harvest.decide import Action
from ckanext.satudata_serang.workflow.states import Status
from tests.harvest.server import CatalogServer, drip, endless

NOTHING = safety.Allowlist()
LOCAL = safety.Allowlist.parse(["127.0.0.1"])


def resolver(table: dict[str, list[str]]) -> safety.Resolver:
    return lambda host: table.get(host, [])


PUBLIC_DNS = resolver({"data.jakarta.go.id": ["103.10.20.30"], "katalog.test": ["8.8.8.8"]})


# --- Addresses (pure: the resolver is a table) ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://data.jakarta.go.id/katalog.ttl", "scheme"),
        ("gopher://data.jakarta.go.id:70/", "scheme"),
        ("http:///katalog.ttl", "malformed"),
        ("http://data.jakarta.go.id:99999/", "malformed"),
        ("http://tidak-ada.invalid/katalog.ttl", "unresolved"),
    ],
)
def test_only_http_addresses_of_known_hosts(url: str, reason: str) -> None:
    with pytest.raises(safety.Refused) as refused:
        safety.check_url(url, NOTHING, PUBLIC_DNS)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.1.2.3",  # private
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # link-local: cloud metadata
        "100.64.0.1",  # shared (carrier-grade NAT)
        "0.0.0.0",
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",  # IPv4 mapped into IPv6
    ],
)
def test_a_host_resolving_to_a_private_address_is_refused(address: str) -> None:
    dns = resolver({"katalog.serangkota.go.id": ["103.10.20.30", address]})
    with pytest.raises(safety.Refused) as refused:
        safety.check_url("https://katalog.serangkota.go.id/catalog.ttl", NOTHING, dns)
    assert refused.value.reason == "address"
    assert ipaddress.ip_address(refused.value.params["address"]) == ipaddress.ip_address(address)


def test_address_literals_are_checked_like_names() -> None:
    for url in ("http://127.0.0.1:5000/", "http://[::1]/", "http://2130706433/"):
        with pytest.raises(safety.Refused):
            safety.check_url(url, NOTHING)  # the system's resolver reads literals


def test_the_allowlist_lets_named_hosts_and_networks_through() -> None:
    dns = resolver({"katalog.internal": ["10.20.0.15"], "lain.internal": ["10.30.0.1"]})
    allowed = safety.Allowlist.parse(["katalog.internal", "192.168.10.0/24", "", " "])
    assert safety.check_url("http://katalog.internal/", allowed, dns) == "katalog.internal"
    assert safety.check_url("http://192.168.10.7/", allowed) == "192.168.10.7"
    with pytest.raises(safety.Refused):
        safety.check_url("http://lain.internal/", allowed, dns)
    with pytest.raises(safety.Refused):
        safety.check_url("http://192.168.11.7/", allowed)


def test_a_public_host_passes() -> None:
    assert safety.check_url("https://data.jakarta.go.id/catalog.ttl", NOTHING, PUBLIC_DNS) == (
        "data.jakarta.go.id"
    )


def test_a_host_that_does_not_resolve_may_be_saved_but_not_fetched() -> None:
    url = "https://belum-ada.serangkota.go.id/catalog.ttl"
    assert safety.check_url(url, NOTHING, PUBLIC_DNS, must_resolve=False)
    with pytest.raises(safety.Refused):
        safety.check_url(url, NOTHING, PUBLIC_DNS)


# --- Downloads, against a real server on 127.0.0.1 ---------------------------------------------

LIMITS = safety.Limits(max_bytes=1024 * 1024, seconds=3.0)


@pytest.fixture
def catalogs_here() -> Iterator[CatalogServer]:
    server = CatalogServer().start()
    yield server
    server.stop()


def test_a_download_within_the_limits(catalogs_here: CatalogServer) -> None:
    url = catalogs_here.serve("/catalog.ttl", b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n")
    found = safety.fetch(url, LIMITS, LOCAL)
    assert found.content.startswith(b"@prefix")
    assert found.content_type == "text/turtle"


def test_the_own_host_is_refused_without_the_allowlist(catalogs_here: CatalogServer) -> None:
    url = catalogs_here.serve("/catalog.ttl", b"rahasia")
    with pytest.raises(safety.Refused) as refused:
        safety.fetch(url, LIMITS, NOTHING)
    assert refused.value.reason == "address"
    assert catalogs_here.requests == []  # not even connected


def test_a_larger_answer_is_cut_at_the_limit(catalogs_here: CatalogServer) -> None:
    declared = catalogs_here.serve("/besar.ttl", b"#" * (2 * 1024 * 1024))
    undeclared = catalogs_here.serve("/tanpa-ujung.ttl", endless())
    for url in (declared, undeclared):
        with pytest.raises(safety.Refused) as refused:
            safety.fetch(url, LIMITS, LOCAL)
        assert refused.value.reason == "size"


def test_a_slow_answer_is_cut_at_the_time_limit(catalogs_here: CatalogServer) -> None:
    url = catalogs_here.serve("/lambat.ttl", drip(0.2))
    started = time.monotonic()
    with pytest.raises(safety.Refused) as refused:
        safety.fetch(url, safety.Limits(max_bytes=1024 * 1024, seconds=1.5), LOCAL)
    assert refused.value.reason == "time"
    assert time.monotonic() - started < 5


def test_an_error_status_is_refused(catalogs_here: CatalogServer) -> None:
    with pytest.raises(safety.Refused) as refused:
        safety.fetch(catalogs_here.url("/tidak-ada.ttl"), LIMITS, LOCAL)
    assert (refused.value.reason, refused.value.params["status"]) == ("status", 404)


def test_every_redirect_is_checked_again(catalogs_here: CatalogServer) -> None:
    """localhost is allowed by name; its redirect to 127.0.0.1, not allowed, is not
    followed."""
    target = catalogs_here.serve("/rahasia.ttl", b"rahasia")
    start = catalogs_here.serve("/pindah", b"", status=302, headers={"Location": target})
    allowed = safety.Allowlist.parse(["localhost"])
    with pytest.raises(safety.Refused) as refused:
        safety.fetch(start.replace("127.0.0.1", "localhost"), LIMITS, allowed)
    assert refused.value.reason == "address"
    assert catalogs_here.requested("/pindah") == 1
    assert catalogs_here.requested("/rahasia.ttl") == 0


def test_the_connected_address_is_checked_whatever_dns_said_before(
    catalogs_here: CatalogServer,
) -> None:
    """DNS rebinding: the check resolves a public address, the connection then goes to
    127.0.0.1; the socket's peer is checked and refused."""
    url = catalogs_here.serve("/catalog.ttl", b"rahasia").replace("127.0.0.1", "localhost")
    rebinding = resolver({"localhost": ["8.8.8.8"]})
    with pytest.raises(safety.Refused) as refused:
        safety.fetch(url, LIMITS, NOTHING, resolve=rebinding)
    assert (refused.value.reason, refused.value.params["address"]) == ("address", "127.0.0.1")
    assert catalogs_here.requests == []


# --- Documents rdflib never sees (pure) --------------------------------------------------------

RDF = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"{extra}>{body}</rdf:RDF>'
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY rahasia SYSTEM "file:///etc/passwd">]>\n'
    + RDF.format(extra="", body="&rahasia;")
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + RDF.format(extra="", body="&lol9;")
)


@pytest.mark.parametrize("text", [XXE, LAUGHS, '<!DOCTYPE rdf:RDF SYSTEM "http://x/y.dtd"><a/>'])
@pytest.mark.parametrize("declared", [None, "application/rdf+xml", "xml", "rdf", "text/html"])
def test_xml_with_a_dtd_is_refused_before_parsing(text: str, declared: str | None) -> None:
    started = time.monotonic()
    if declared == "text/html":  # rdflib has no such parser: it will fail by itself
        documents.check(text, declared)
        return
    with pytest.raises(documents.Unsafe) as refused:
        documents.check(text, declared)
    assert refused.value.reason == "dtd"
    assert time.monotonic() - started < 1


def test_rdf_xml_without_a_dtd_passes() -> None:
    documents.check(RDF.format(extra="", body=""), "application/rdf+xml")


def test_a_trix_document_is_checked_as_xml() -> None:
    with pytest.raises(documents.Unsafe):
        documents.check(XXE, "application/trix")


@pytest.mark.parametrize(
    "document",
    [
        '{"@context": "http://127.0.0.1:1/konteks.jsonld", "@id": "x"}',
        '{"@context": ["https://w3id.org/dcat", {"a": "b"}]}',
        '{"@graph": [{"@context": {"@import": "http://10.0.0.1/c"}}]}',
        '{"@context": {"t": {"@id": "x", "@context": "http://10.0.0.1/c"}}}',
    ],
)
def test_json_ld_with_a_remote_context_is_refused(document: str) -> None:
    with pytest.raises(documents.Unsafe) as refused:
        documents.check(document, "application/ld+json")
    assert refused.value.reason == "remote_context"


def test_json_ld_with_an_inline_context_and_turtle_pass() -> None:
    documents.check('{"@context": {"dct": "http://purl.org/dc/terms/"}, "@id": "x"}', "json-ld")
    documents.check("<!DOCTYPE> is only text in Turtle", "text/turtle")


# --- What a harvest does to a dataset (pure) -----------------------------------------------


@pytest.mark.parametrize(
    ("current", "trusted", "changed", "reappeared", "expected"),
    [
        (None, False, True, False, (Action.CREATE, Status.DIAJUKAN)),
        (None, True, True, False, (Action.CREATE, Status.DITAYANGKAN)),
        (Status.DIAJUKAN, False, False, False, (Action.UNCHANGED, None)),
        (Status.DIAJUKAN, False, True, False, (Action.UPDATE, Status.DIAJUKAN)),
        (Status.DISETUJUI, False, True, False, (Action.UPDATE, Status.DIAJUKAN)),
        (Status.PERLU_PERBAIKAN, False, True, False, (Action.UPDATE, Status.DIAJUKAN)),
        (Status.PERLU_PERBAIKAN, True, True, False, (Action.UPDATE, Status.DITAYANGKAN)),
        (Status.DITAYANGKAN, False, True, False, (Action.REVISION, Status.DITAYANGKAN)),
        (Status.DITAYANGKAN, True, True, False, (Action.UPDATE, Status.DITAYANGKAN)),
        (Status.DITARIK, True, True, False, (Action.UPDATE, Status.DITARIK)),
        (Status.DITARIK, False, False, True, (Action.UPDATE, Status.DIAJUKAN)),
        (Status.DITARIK, True, False, True, (Action.UPDATE, Status.DITAYANGKAN)),
    ],
)
def test_what_a_harvested_record_does(current, trusted, changed, reappeared, expected) -> None:
    found = decide.on_record(current, trusted=trusted, changed=changed, reappeared=reappeared)
    assert (found.action, found.status) == expected


def test_a_record_gone_from_the_source_withdraws_once() -> None:
    assert decide.on_removal(Status.DITAYANGKAN) is Status.DITARIK
    assert decide.on_removal(Status.DIAJUKAN) is Status.DITARIK
    assert decide.on_removal(Status.DITARIK) is None


def test_a_compressed_bomb_is_cut_after_decompression(catalogs_here: CatalogServer) -> None:
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros in a few KB
    url = catalogs_here.serve("/bom.ttl", bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < LIMITS.max_bytes
    with pytest.raises(safety.Refused) as refused:
        safety.fetch(url, LIMITS, LOCAL)
    assert refused.value.reason == "size"
