"""SDI fields → DCAT-AP 3 triples, added after ckanext-dcat's euro_dcat_ap_3 (whose
triples for the publisher, the distributions and the catalog are completed or
replaced here). Pure: rdflib and the vocabularies; the CKAN glue is profile.py.

The rule of sifat data: only a ``terbuka`` dataset's distributions carry the
resources' URLs. For any other dataset a distribution keeps its title, format and
licence, and its only URL is the dataset's page on the portal (dcat:accessURL, where
access can be asked for); no dcat:downloadURL, no resource URL anywhere.

The data dictionary of a resource (MS-Var, as the DataStore keeps it) is the
distribution's csvw:tableSchema, whatever the sifat data: it describes the columns,
not their values, as the resource page does for every visitor of the dataset.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .. import vocabulary
from ..dictionary import msvar
from ..metadata import values
from . import concepts, mapping
from .mapping import SDI, VCARD, External
from .namespace import CSVW

OPEN = "terbuka"

# rdflib's RDF/XML writer warns at every rdf:List it writes (the columns) that it
# would drop other statements about the list's nodes; there are none.
warnings.filterwarnings(
    "ignore",
    message=r"Assertions on .* other than RDF\.first and RDF\.rest are ignored",
    category=UserWarning,
    module=r"rdflib\.plugins\.serializers\.rdfxml",
)

# Free-text fields written as plain literals (like ckanext-dcat's title and notes).
TEXT_FIELDS = (
    "konsep",
    "definisi",
    "klasifikasi",
    "ukuran_lainnya",
    "satuan_lainnya",
    "dasar_pengecualian",
    "interpretasi",
)
# Coded fields whose value is a concept of the portal's own scheme.
CONCEPT_FIELDS = {
    "ukuran": "ukuran",
    "satuan": "satuan",
    "level_penyajian": "level_penyajian",
    "cakupan_wilayah": "wilayah",
}


def is_open(dataset: Mapping[str, Any]) -> bool:
    """Whether the dataset's files may leave the portal (sifat data terbuka)."""
    return dataset.get("sifat_data") == OPEN


def landing_page(site: str, dataset: Mapping[str, Any]) -> URIRef:
    return URIRef(f"{site.rstrip('/')}/dataset/{dataset.get('name') or dataset['id']}")


def describe(graph: Graph, external: External) -> URIRef:
    """What the DCAT-AP shapes need to know about a concept of an EU or ADMS table:
    its class and its scheme (and, for a reader, its English label)."""
    if (external.uri, SKOS.inScheme, external.scheme) in graph:
        return external.uri
    for cls in external.classes:
        graph.add((external.uri, RDF.type, cls))
    graph.add((external.uri, SKOS.inScheme, external.scheme))
    graph.add((external.uri, SKOS.prefLabel, Literal(external.label, lang="en")))
    if SKOS.Concept in external.classes:
        graph.add((external.scheme, RDF.type, SKOS.ConceptScheme))
        title = mapping.SCHEME_TITLES.get(external.scheme, str(external.scheme))
        graph.add((external.scheme, DCTERMS.title, Literal(title, lang="en")))
    return external.uri


def add_dataset(graph: Graph, ref: URIRef, dataset: Mapping[str, Any], site: str) -> None:
    """Every SDI field of the dataset (not its publisher nor its distributions)."""
    graph.add((ref, DCTERMS.language, describe(graph, mapping.LANGUAGE)))
    page = landing_page(site, dataset)
    graph.add((ref, DCAT.landingPage, page))
    graph.add((page, RDF.type, FOAF.Document))
    for field in TEXT_FIELDS:
        text = _text(dataset.get(field))
        if text:
            graph.add((ref, mapping.PREDICATES[field], Literal(text)))
    for field, skema in CONCEPT_FIELDS.items():
        code = _text(dataset.get(field))
        if code and concepts.is_known(skema, code):
            concept = concepts.add_concept(graph, site, skema, code)
            graph.add((ref, mapping.PREDICATES[field], concept))
    _themes(graph, ref, dataset, site)
    _eu_codes(graph, ref, dataset)
    _time(graph, ref, dataset)
    _references(graph, ref, dataset)
    _provenance(graph, ref, dataset, site)
    _contact(graph, ref, dataset)


def _themes(graph: Graph, ref: URIRef, dataset: Mapping[str, Any], site: str) -> None:
    codes = [("urusan", code) for code in values.code_list(dataset.get("urusan") or []) or []]
    topik = _text(dataset.get("topik"))
    if topik:
        codes.append(("topik", topik))
    for skema, code in codes:
        if concepts.is_known(skema, code):
            graph.add((ref, DCAT.theme, concepts.add_concept(graph, site, skema, code)))


def _eu_codes(graph: Graph, ref: URIRef, dataset: Mapping[str, Any]) -> None:
    frequency = mapping.frequency(_text(dataset.get("frekuensi")))
    if frequency:
        graph.add((ref, DCTERMS.accrualPeriodicity, describe(graph, frequency)))
    access = mapping.access_right(_text(dataset.get("sifat_data")))
    if access:
        graph.add((ref, DCTERMS.accessRights, describe(graph, access)))
    prioritas = mapping.boolean(dataset.get("data_prioritas"))
    if prioritas is not None:
        graph.add((ref, SDI.dataPrioritas, Literal(prioritas, datatype=XSD.boolean)))


def _time(graph: Graph, ref: URIRef, dataset: Mapping[str, Any]) -> None:
    years = mapping.period_years(dataset.get("tahun_mulai"), dataset.get("tahun_selesai"))
    if years:
        period = BNode()
        graph.add((ref, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, mapping.year_literal(years[0])))
        graph.add((period, DCAT.endDate, mapping.year_literal(years[1])))
    for field in ("periode_akhir", "jadwal_pemutakhiran_berikutnya"):
        day = mapping.date_literal(dataset.get(field))
        if day is not None:
            graph.add((ref, mapping.PREDICATES[field], day))


def _references(graph: Graph, ref: URIRef, dataset: Mapping[str, Any]) -> None:
    kode = _text(dataset.get("kode_referensi"))
    if kode:
        _labelled(graph, ref, DCTERMS.conformsTo, DCTERMS.Standard, kode)
    induk = _text(dataset.get("data_induk"))
    if induk and mapping.is_link(induk):
        link = URIRef(induk)
        graph.add((ref, SDI.dataInduk, link))
        graph.add((ref, DCTERMS.relation, link))
        graph.add((link, RDF.type, RDFS.Resource))
    elif induk:
        graph.add((ref, SDI.dataInduk, Literal(induk)))


def _provenance(graph: Graph, ref: URIRef, dataset: Mapping[str, Any], site: str) -> None:
    cara = _text(dataset.get("cara_pengumpulan"))
    sumber = _text(dataset.get("sumber_data"))
    if cara or sumber:
        activity = BNode()
        graph.add((ref, PROV.wasGeneratedBy, activity))
        graph.add((activity, RDF.type, PROV.Activity))
        if cara and concepts.is_known("cara_pengumpulan", cara):
            concept = concepts.add_concept(graph, site, "cara_pengumpulan", cara)
            graph.add((activity, DCTERMS.type, concept))
        if sumber:
            _labelled(graph, activity, PROV.used, PROV.Entity, sumber)
    metodologi = _text(dataset.get("metodologi"))
    if metodologi:
        _labelled(graph, ref, DCTERMS.provenance, DCTERMS.ProvenanceStatement, metodologi)


def _labelled(graph: Graph, subject: Node, predicate: URIRef, cls: URIRef, label: str) -> None:
    """``subject predicate [ a cls ; rdfs:label label ]``."""
    node = BNode()
    graph.add((subject, predicate, node))
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label)))


def _contact(graph: Graph, ref: URIRef, dataset: Mapping[str, Any]) -> None:
    nama, email = _text(dataset.get("kontak_nama")), _text(dataset.get("kontak_email"))
    telepon = _text(dataset.get("kontak_telepon"))
    if not (nama or email or telepon):
        return
    kontak = BNode()
    graph.add((ref, DCAT.contactPoint, kontak))
    graph.add((kontak, RDF.type, VCARD.Kind))
    graph.add((kontak, RDF.type, VCARD.Organization))
    if nama:
        graph.add((kontak, VCARD.fn, Literal(nama)))
    mailbox = mapping.mailto(email)
    if mailbox is not None:
        graph.add((kontak, VCARD.hasEmail, mailbox))
    tel = mapping.tel_uri(telepon)
    if telepon and tel is not None:
        # The number as written (for people) and as a tel: URI (for machines).
        phone = BNode()
        graph.add((kontak, VCARD.hasTelephone, phone))
        graph.add((phone, RDF.type, VCARD.Voice))
        graph.add((phone, VCARD.hasValue, tel))
        graph.add((phone, RDFS.label, Literal(telepon)))


def set_publisher(
    graph: Graph,
    ref: URIRef,
    agent: URIRef,
    name: str,
    details: Mapping[str, Any],
) -> None:
    """The OPD as dct:publisher: its name, its code (``kode_opd``), its abbreviation,
    the ADMS type "local authority", and its email and website when it has them.
    Replaces what euro_dcat_ap_3 said about the dataset's publisher."""
    for old in list(graph.objects(ref, DCTERMS.publisher)):
        graph.remove((ref, DCTERMS.publisher, old))
        if isinstance(old, BNode) or old == agent:
            graph.remove((old, None, None))
    graph.add((ref, DCTERMS.publisher, agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(name)))
    graph.add((agent, DCTERMS.type, describe(graph, mapping.PUBLISHER_TYPE)))
    kode = _text(details.get("kode_opd"))
    if kode:
        graph.add((agent, DCTERMS.identifier, Literal(kode)))
    singkatan = _text(details.get("singkatan"))
    if singkatan:
        graph.add((agent, SKOS.altLabel, Literal(singkatan)))
    mailbox = mapping.mailto(_text(details.get("email")))
    if mailbox is not None:
        graph.add((agent, FOAF.mbox, mailbox))
    website = _text(details.get("website"))
    if website and mapping.is_link(website):
        graph.add((agent, FOAF.homepage, URIRef(website)))
        graph.add((URIRef(website), RDF.type, FOAF.Document))


def set_distributions(
    graph: Graph,
    dataset: Mapping[str, Any],
    distributions: Iterable[tuple[URIRef, Mapping[str, Any]]],
    site: str,
) -> None:
    """Formats as EU file types and IANA media types, the dataset's licence on each
    distribution, and the URLs the dataset's sifat data allows."""
    open_data = is_open(dataset)
    for ref, resource in distributions:
        _format(graph, ref, resource)
        if not any(graph.objects(ref, DCTERMS.license)):
            _licence(graph, ref, dataset)
        for document in graph.objects(ref, DCTERMS.license):
            for kind in list(graph.objects(document, DCTERMS.type)):
                _licence_type(graph, kind)
        if open_data:
            _open_urls(graph, ref, resource)
        else:
            _withhold_urls(graph, ref, landing_page(site, dataset))


def has_dictionary(fields: Iterable[Mapping[str, Any]]) -> bool:
    """Whether any column has an MS-Var value (else there is no table schema)."""
    return any(msvar.filled(_info(field)) for field in fields)


def set_table_schema(
    graph: Graph, ref: URIRef, fields: Sequence[Mapping[str, Any]], site: str
) -> bool:
    """The data dictionary as the distribution's ``csvw:tableSchema``: a
    ``csvw:Schema`` whose ``csvw:column`` is the rdf:List of the columns in table
    order, every column (described or not) with its ``csvw:name`` and
    ``csvw:datatype``. ``fields`` are datastore_info's (or a harvested copy's
    ``kamus_data``); nothing is written, and False returned, when no column has an
    MS-Var value."""
    columns = [
        field
        for field in fields[: mapping.MAX_COLUMNS]
        if _column_id(field) and _column_id(field) not in mapping.INTERNAL_COLUMNS
    ]
    if not has_dictionary(columns):
        return False
    schema = BNode()
    graph.add((ref, CSVW.tableSchema, schema))
    graph.add((schema, RDF.type, CSVW.Schema))
    nodes: list[Node] = [_column(graph, field, site) for field in columns]
    graph.add((schema, CSVW.column, Collection(graph, BNode(), nodes).uri))
    return True


def _column(graph: Graph, field: Mapping[str, Any], site: str) -> BNode:
    info = _info(field)
    node = BNode()
    graph.add((node, RDF.type, CSVW.Column))
    graph.add((node, CSVW.name, Literal(_column_id(field))))
    for key, predicate in mapping.COLUMN_TEXTS.items():
        text = _text(info.get(key))
        if text:
            language = "id" if predicate == CSVW.title else None
            graph.add((node, predicate, Literal(text, lang=language)))
    tipe_data = _text(info.get("tipe_data"))
    datatype = mapping.column_datatype(_text(field.get("type")), tipe_data)
    graph.add((node, CSVW.datatype, datatype))
    for key, (predicate, vocabulary_name) in mapping.COLUMN_CODES.items():
        code = _text(info.get(key))
        if code and code in vocabulary.get(vocabulary_name):
            graph.add((node, predicate, Literal(code)))
    for key, (predicate, skema, other_key, other) in mapping.COLUMN_CONCEPTS.items():
        code = _text(info.get(key))
        if not (code and concepts.is_known(skema, code)):
            continue
        graph.add((node, predicate, concepts.add_concept(graph, site, skema, code)))
        text = _text(info.get(other_key))
        if code == mapping.OTHER and text:
            graph.add((node, other, Literal(text)))
    return node


def _column_id(field: Mapping[str, Any]) -> str:
    value = field.get("id")
    return value if isinstance(value, str) else ""


def _info(field: Mapping[str, Any]) -> Mapping[str, Any]:
    info = field.get("info")
    return info if isinstance(info, Mapping) else {}


def _licence(graph: Graph, ref: URIRef, dataset: Mapping[str, Any]) -> None:
    """The dataset's licence: its URL, or (a licence of CKAN's list without one, such
    as "other-open") a blank node with its title, which ckanext-dcat reads back."""
    url, title = _text(dataset.get("license_url")), _text(dataset.get("license_title"))
    if not (url or title) or not _text(dataset.get("license_id")):
        return
    document: URIRef | BNode = URIRef(url) if mapping.is_link(url) else BNode()
    graph.add((ref, DCTERMS.license, document))
    graph.add((document, RDF.type, DCTERMS.LicenseDocument))
    if title:
        graph.add((document, DCTERMS.title, Literal(title)))


def _format(graph: Graph, ref: URIRef, resource: Mapping[str, Any]) -> None:
    fmt, mimetype = _text(resource.get("format")), _text(resource.get("mimetype"))
    graph.remove((ref, DCTERMS["format"], None))
    graph.remove((ref, DCAT.mediaType, None))
    file_type = mapping.file_type(fmt)
    if file_type:
        graph.add((ref, DCTERMS["format"], describe(graph, file_type)))
    media = mapping.media_type(fmt, mimetype)
    if media is not None:
        graph.add((ref, DCAT.mediaType, media))
        graph.add((media, RDF.type, DCTERMS.MediaType))


def _licence_type(graph: Graph, kind: Node) -> None:
    if isinstance(kind, URIRef) and kind.startswith("http://purl.org/adms/licencetype/"):
        label = kind.rsplit("/", 1)[-1]
        describe(graph, External(kind, mapping.ADMS_LICENCE_TYPES, label, (SKOS.Concept,)))


def _open_urls(graph: Graph, ref: URIRef, resource: Mapping[str, Any]) -> None:
    url = _text(resource.get("url"))
    if url and mapping.is_link(url) and resource.get("url_type") == "upload":
        # An uploaded file is the file itself; a link may be a page or an API.
        graph.add((ref, DCAT.downloadURL, URIRef(url)))
    for predicate in (DCAT.accessURL, DCAT.downloadURL):
        for link in graph.objects(ref, predicate):
            graph.add((link, RDF.type, RDFS.Resource))


def _withhold_urls(graph: Graph, ref: URIRef, page: URIRef) -> None:
    """Every way to the data goes: its URLs and any data service (a harvested
    resource's ``access_services``, whose endpoint would serve the data)."""
    for predicate in (DCAT.accessURL, DCAT.downloadURL, DCAT.accessService):
        for link in list(graph.objects(ref, predicate)):
            graph.remove((ref, predicate, link))
            if predicate == DCAT.accessService:
                for _, endpoint_predicate, value in list(graph.triples((link, None, None))):
                    graph.remove((link, endpoint_predicate, value))
                    if isinstance(value, BNode | URIRef) and not any(
                        graph.subject_predicates(value)
                    ):
                        graph.remove((value, None, None))
            elif not any(graph.subject_predicates(link)):
                graph.remove((link, None, None))
    graph.add((ref, DCAT.accessURL, page))
    graph.add((page, RDF.type, RDFS.Resource))


def set_catalog(graph: Graph, ref: URIRef, site: str) -> None:
    """The catalog's language as the EU language URI, its publisher (the city), its
    home page typed as a document, and the portal's two theme schemes."""
    for old in list(graph.objects(ref, DCTERMS.language)):
        if isinstance(old, Literal):
            graph.remove((ref, DCTERMS.language, old))
    graph.add((ref, DCTERMS.language, describe(graph, mapping.LANGUAGE)))
    if not any(graph.objects(ref, DCTERMS.publisher)):
        publisher = URIRef(f"{site.rstrip('/')}/#pemerintah-kota-serang")
        graph.add((ref, DCTERMS.publisher, publisher))
        graph.add((publisher, RDF.type, FOAF.Agent))
        graph.add((publisher, FOAF.name, Literal(mapping.CATALOG_PUBLISHER_NAME)))
        graph.add((publisher, DCTERMS.type, describe(graph, mapping.PUBLISHER_TYPE)))
    for homepage in graph.objects(ref, FOAF.homepage):
        graph.add((homepage, RDF.type, FOAF.Document))
    for skema in ("topik", "urusan"):
        graph.add((ref, DCAT.themeTaxonomy, concepts.add_scheme(graph, site, skema)))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))
