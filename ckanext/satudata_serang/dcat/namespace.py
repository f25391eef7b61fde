"""The project's own RDF properties (prefix ``sdi:``), for the SDI fields and the
MS-Var keys of the data dictionary that have no home in DCAT-AP, CSVW or another
well-known vocabulary; served as a document at /ns/sdi.

The namespace is fixed, not built from ckan.site_url: a property must keep its URI
from one portal to the next, or an instance harvesting another could not read it
and an aggregator would see one vocabulary per portal. It is the production
portal's address (the ``about_url`` of schemas/dataset.yaml), and every instance
serves the same document at /ns/sdi. Pure: rdflib only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, XSD

NAMESPACE = "https://satudata.serangkota.go.id/ns/sdi#"
SDI = Namespace(NAMESPACE)
DOCUMENT = URIRef(NAMESPACE.rstrip("#"))
# CSV on the Web (W3C): the data dictionary of a distribution is its csvw:tableSchema.
CSVW = Namespace("http://www.w3.org/ns/csvw#")
DATASET = (DCAT.Dataset,)
COLUMN = (CSVW.Column,)
BOTH = (DCAT.Dataset, CSVW.Column)  # a field of the dataset and a key of a column


@dataclass(frozen=True)
class Term:
    """One property: its labels and its meaning in both languages."""

    name: str
    field: str
    labels: dict[str, str]
    comments: dict[str, str]
    range: URIRef
    parent: URIRef | None = None
    domains: tuple[URIRef, ...] = DATASET  # what it describes: a dataset, a column

    @property
    def uri(self) -> URIRef:
        return SDI[self.name]


def _term(
    name: str,
    field: str,
    label: tuple[str, str],
    comment: tuple[str, str],
    range_: URIRef,
    parent: URIRef | None = None,
    domains: tuple[URIRef, ...] = DATASET,
) -> Term:
    return Term(
        name,
        field,
        {"id": label[0], "en": label[1]},
        {"id": comment[0], "en": comment[1]},
        range_,
        parent,
        domains,
    )


TERMS: tuple[Term, ...] = (
    _term(
        "konsep",
        "konsep",
        ("Konsep", "Concept"),
        (
            "Pengertian umum yang mendasari data (Standar Data, Perpres 39/2019).",
            "The general idea behind the data (data standard, Perpres 39/2019).",
        ),
        RDFS.Literal,
        SKOS.note,
        BOTH,
    ),
    _term(
        "klasifikasi",
        "klasifikasi",
        ("Klasifikasi", "Classification"),
        (
            "Klasifikasi atau rincian penyajian data.",
            "The classification or breakdown the data is presented by.",
        ),
        RDFS.Literal,
        SKOS.note,
    ),
    _term(
        "ukuran",
        "ukuran",
        ("Ukuran", "Measure"),
        (
            "Jenis ukuran: konsep dari daftar kode /kode/ukuran.",
            "The kind of measure: a concept of the code list /kode/ukuran.",
        ),
        SKOS.Concept,
        None,
        BOTH,
    ),
    _term(
        "ukuranLainnya",
        "ukuran_lainnya",
        ("Ukuran lainnya", "Other measure"),
        (
            "Ukuran dalam kata-kata, bila sdi:ukuran 'lainnya'.",
            "The measure in words, when sdi:ukuran is 'lainnya'.",
        ),
        RDFS.Literal,
        None,
        BOTH,
    ),
    _term(
        "satuanLainnya",
        "satuan_lainnya",
        ("Satuan lainnya", "Other unit"),
        (
            "Satuan dalam kata-kata, bila satuan (sdmx-attribute:unitMeasure) 'lainnya'.",
            "The unit in words, when the unit (sdmx-attribute:unitMeasure) is 'lainnya'.",
        ),
        RDFS.Literal,
        None,
        BOTH,
    ),
    _term(
        "levelPenyajian",
        "level_penyajian",
        ("Level penyajian", "Lowest level of presentation"),
        (
            "Level wilayah terendah penyajian data: konsep dari /kode/level_penyajian.",
            "The lowest administrative level presented: a concept of /kode/level_penyajian.",
        ),
        SKOS.Concept,
    ),
    _term(
        "periodeAkhir",
        "periode_akhir",
        ("Akhir periode data terakhir", "End of the latest period"),
        (
            "Tanggal terakhir yang dicakup data terbaru (data bulanan, triwulanan).",
            "The last day covered by the latest data (monthly or quarterly data).",
        ),
        XSD.date,
    ),
    _term(
        "jadwalPemutakhiranBerikutnya",
        "jadwal_pemutakhiran_berikutnya",
        ("Jadwal pemutakhiran berikutnya", "Next update due"),
        (
            "Kapan pemutakhiran berikutnya jatuh tempo, dihitung dari frekuensi dan periode.",
            "When the next update is due, computed from the frequency and the period.",
        ),
        XSD.date,
    ),
    _term(
        "dasarPengecualian",
        "dasar_pengecualian",
        ("Dasar hukum pengecualian", "Legal basis of the exemption"),
        (
            "Untuk data yang tidak terbuka: pasal UU 14/2008 dan hasil uji konsekuensi.",
            "For data that is not open: the article of Law 14/2008 and the consequence test.",
        ),
        RDFS.Literal,
    ),
    _term(
        "dataPrioritas",
        "data_prioritas",
        ("Data prioritas", "Priority data"),
        (
            "Ditetapkan sebagai data prioritas oleh Forum Satu Data.",
            "Set as priority data by the One Data Forum (Forum Satu Data).",
        ),
        XSD.boolean,
    ),
    _term(
        "dataInduk",
        "data_induk",
        ("Data induk", "Master data"),
        (
            "Data induk yang menjadi rujukan: tautan, atau namanya.",
            "The master data the dataset refers to: a link, or its name.",
        ),
        RDFS.Resource,
        DCTERMS.relation,
    ),
    _term(
        "interpretasi",
        "interpretasi",
        ("Interpretasi", "Interpretation"),
        ("Cara membaca nilai indikator.", "How to read the values of the indicator."),
        RDFS.Literal,
        SKOS.note,
    ),
    # The MS-Var keys of a column of the data dictionary (csvw:Column) that CSVW, SKOS
    # and SDMX have no property for; konsep, ukuran and the "lainnya" texts above serve
    # both a dataset and a column.
    _term(
        "tipeData",
        "tipe_data",
        ("Tipe data", "Data type"),
        (
            "Tipe data variabel (MS-Var): kode dari daftar tipe_data; csvw:datatype "
            "memberi tipe XSD-nya.",
            "The variable's data type (MS-Var): a code of the list tipe_data; "
            "csvw:datatype gives its XSD type.",
        ),
        RDFS.Literal,
        None,
        COLUMN,
    ),
    _term(
        "klasifikasiIsian",
        "klasifikasi_isian",
        ("Klasifikasi isian", "Classification of the values"),
        (
            "Klasifikasi atau daftar kode yang dipakai untuk mengisi variabel (MS-Var).",
            "The classification or code list the variable's values are taken from (MS-Var).",
        ),
        RDFS.Literal,
        SKOS.note,
        COLUMN,
    ),
    _term(
        "aturanValidasi",
        "aturan_validasi",
        ("Aturan validasi", "Validation rule"),
        (
            "Aturan yang harus dipenuhi nilai variabel (MS-Var).",
            "The rule the variable's values must meet (MS-Var).",
        ),
        RDFS.Literal,
        SKOS.note,
        COLUMN,
    ),
    _term(
        "peranVariabel",
        "peran",
        ("Peran variabel", "Role of the variable"),
        (
            "Peran variabel dalam tabel statistik: kode dari daftar peran_variabel "
            "(periode, wilayah, dimensi, indikator, atribut).",
            "The variable's role in statistics tables: a code of the list peran_variabel "
            "(periode, wilayah, dimensi, indikator, atribut).",
        ),
        RDFS.Literal,
        None,
        COLUMN,
    ),
)


@functools.cache
def graph() -> Graph:
    """The document at /ns/sdi: an owl:Ontology with one rdf:Property per term.
    Built once; callers must not change it."""
    document = Graph()
    document.bind("sdi", SDI)
    document.bind("dct", DCTERMS)
    document.bind("skos", SKOS)
    document.bind("csvw", CSVW)
    document.add((DOCUMENT, RDF.type, OWL.Ontology))
    document.add((DOCUMENT, DCTERMS.title, Literal("Satu Data Indonesia (SDI)", lang="id")))
    document.add(
        (
            DOCUMENT,
            DCTERMS.description,
            Literal("Properti metadata SDI yang tidak ada padanannya di DCAT-AP.", lang="id"),
        )
    )
    document.add(
        (
            DOCUMENT,
            DCTERMS.description,
            Literal("SDI metadata properties without a DCAT-AP equivalent.", lang="en"),
        )
    )
    for term in TERMS:
        document.add((term.uri, RDF.type, RDF.Property))
        document.add((term.uri, RDFS.isDefinedBy, DOCUMENT))
        document.add((term.uri, RDFS.domain, _domain(document, term.domains)))
        document.add((term.uri, RDFS.range, term.range))
        for language in ("id", "en"):
            document.add((term.uri, RDFS.label, Literal(term.labels[language], lang=language)))
            document.add((term.uri, RDFS.comment, Literal(term.comments[language], lang=language)))
        if term.parent is not None:
            document.add((term.uri, RDFS.subPropertyOf, term.parent))
    return document


def _domain(document: Graph, classes: tuple[URIRef, ...]) -> URIRef | BNode:
    """The class, or (a property of both datasets and columns) the owl:unionOf the
    classes: two rdfs:domain statements would mean both at once."""
    if len(classes) == 1:
        return classes[0]
    union = BNode()
    document.add((union, RDF.type, OWL.Class))
    document.add((union, OWL.unionOf, Collection(document, BNode(), list(classes)).uri))
    return union
