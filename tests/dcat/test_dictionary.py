"""The data dictionary (MS-Var in the DataStore's column info) in the DCAT export: the
distribution's csvw:tableSchema, every column in table order with its MS-Var values;
still 0 SHACL violations; read back into the resource's ``kamus_data`` by a
harvesting instance, which has no DataStore table and exports it again the same."""

from __future__ import annotations

import json
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.types import Context
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, RDF, SKOS, XSD
from rdflib.term import Node

from ckanext.satudata_serang.dcat import mapping, parse, profile, serialize
from ckanext.satudata_serang.dcat.mapping import SDMX_ATTRIBUTE
from ckanext.satudata_serang.dcat.namespace import CSVW, SDI, TERMS
from tests import sdi
from tests.dcat.exports import LINK, PROFILES, SITE, export, opd, shown
from tests.dcat.test_profile import DOCS
from tests.dcat.test_shacl import JUSTIFIED_WARNINGS, assert_valid

JUMLAH = {
    "label": "Jumlah penduduk",
    "alias": "pddk",
    "konsep": "Penduduk adalah setiap orang yang berdomisili di Kota Serang.",
    "notes": "Banyaknya penduduk menurut data konsolidasi bersih.",
    "tipe_data": "bilangan_bulat",
    "satuan": "jiwa",
    "ukuran": "jumlah",
    "klasifikasi_isian": "Bilangan bulat ≥ 0",
    "aturan_validasi": ">= 0",
    "peran": "indikator",
}
# tahun, kecamatan (a code, loaded as text), jumlah, luas (another unit and measure),
# and a column nobody described.
FIELDS: list[dict[str, Any]] = [
    {"id": "tahun", "type": "int8", "info": {"label": "Tahun", "tipe_data": "tahun"}},
    {
        "id": "kecamatan",
        "type": "text",
        "info": {"label": "Kecamatan", "tipe_data": "kode", "peran": "wilayah"},
    },
    {"id": "jumlah", "type": "int8", "info": JUMLAH},
    {
        "id": "luas",
        "type": "numeric",
        "info": {
            "label": "Luas permukiman",
            "tipe_data": "bilangan_desimal",
            "satuan": "lainnya",
            "satuan_lainnya": "hektare per kapita",
            "ukuran": "lainnya",
            "ukuran_lainnya": "kepadatan",
        },
    },
    {"id": "catatan", "type": "text", "info": {}},
]
RECORDS = [
    {"tahun": 2023, "kecamatan": "36.73.05", "jumlah": 55123, "luas": 1.5, "catatan": ""},
    {"tahun": 2024, "kecamatan": "36.73.05", "jumlah": 56001, "luas": 1.4, "catatan": "x"},
]
FORMATS = ("turtle", "xml", "json-ld")


def _sysadmin() -> Context:
    return cast(Context, {"user": factories.Sysadmin()["name"]})


def _load(resource_id: str, fields: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
    """The table the loading worker would make, with its dictionary, in one call."""
    tk.get_action("datastore_create")(
        _sysadmin(),
        {"resource_id": resource_id, "force": True, "fields": fields, "records": records},
    )


def _dataset(sifat: str = "terbuka", fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A published dataset with a CSV in the DataStore (described by ``fields``) and a
    link that is not in it; package_show as the public sees it."""
    dasar = {"dasar_pengecualian": ""} if sifat == "terbuka" else {}
    dataset = sdi.Dataset(
        owner_org=opd()["id"],
        **sdi.every_field(sifat_data=sifat, **dasar),
        resources=[
            {"url": "https://data.example.go.id/penduduk.csv", "name": "Tabel", "format": "CSV"},
            {"url": LINK, "name": "API", "format": "JSON"},
        ],
    )
    _load(dataset["resources"][0]["id"], fields or FIELDS, RECORDS)
    return shown(dataset["id"])


def _distribution(graph: Graph, resource: dict[str, Any]) -> URIRef:
    return URIRef(f"{SITE}/dataset/{resource['package_id']}/resource/{resource['id']}")


def _columns(graph: Graph, distribution: Node) -> list[Node]:
    schemas = list(graph.objects(distribution, CSVW.tableSchema))
    assert len(schemas) == 1, schemas
    assert (schemas[0], RDF.type, CSVW.Schema) in graph
    head = graph.value(schemas[0], CSVW.column)
    assert head is not None
    return list(Collection(graph, head))


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Any:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def _expected_kamus() -> list[dict[str, Any]]:
    return [{"id": f["id"], "type": f["type"], "info": f["info"]} for f in FIELDS]


# --- serialising ------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_db")
def test_a_described_table_is_the_distributions_csvw_schema_in_turtle():
    dataset = _dataset()
    text = RDFSerializer(profiles=PROFILES).serialize_dataset(dataset, _format="turtle")
    assert "@prefix csvw: <http://www.w3.org/ns/csvw#>" in text
    graph = Graph().parse(data=text, format="turtle")
    table, api = dataset["resources"]
    columns = _columns(graph, _distribution(graph, table))
    assert not list(graph.objects(_distribution(graph, api), CSVW.tableSchema))

    assert [str(_one(graph, c, CSVW.name)) for c in columns] == [f["id"] for f in FIELDS]
    for column in columns:
        assert (column, RDF.type, CSVW.Column) in graph
    tahun, kecamatan, jumlah, luas, catatan = columns
    assert [_one(graph, c, CSVW.datatype) for c in columns] == [
        XSD.gYear,
        XSD.string,
        XSD.integer,
        XSD.decimal,
        XSD.string,
    ]

    assert _one(graph, jumlah, CSVW.title) == Literal("Jumlah penduduk", lang="id")
    assert _one(graph, jumlah, SKOS.altLabel) == Literal("pddk")
    assert _one(graph, jumlah, SDI.konsep) == Literal(JUMLAH["konsep"])
    assert _one(graph, jumlah, SKOS.definition) == Literal(JUMLAH["notes"])
    assert _one(graph, jumlah, SDI.tipeData) == Literal("bilangan_bulat")
    satuan = _one(graph, jumlah, SDMX_ATTRIBUTE.unitMeasure)
    assert satuan == URIRef(f"{SITE}/kode/satuan/jiwa")
    assert (satuan, RDF.type, SKOS.Concept) in graph  # described in the output, as always
    assert _one(graph, jumlah, SDI.ukuran) == URIRef(f"{SITE}/kode/ukuran/jumlah")
    assert _one(graph, jumlah, SDI.klasifikasiIsian) == Literal("Bilangan bulat ≥ 0")
    assert _one(graph, jumlah, SDI.aturanValidasi) == Literal(">= 0")
    assert _one(graph, jumlah, SDI.peranVariabel) == Literal("indikator")

    assert _one(graph, kecamatan, SDI.peranVariabel) == Literal("wilayah")
    assert _one(graph, kecamatan, SDI.tipeData) == Literal("kode")
    # "lainnya": the concept, and the text in the same property as on the dataset
    assert _one(graph, luas, SDMX_ATTRIBUTE.unitMeasure) == URIRef(f"{SITE}/kode/satuan/lainnya")
    assert _one(graph, luas, SDI.satuanLainnya) == Literal("hektare per kapita")
    assert _one(graph, luas, SDI.ukuran) == URIRef(f"{SITE}/kode/ukuran/lainnya")
    assert _one(graph, luas, SDI.ukuranLainnya) == Literal("kepadatan")
    # a column nobody described: its name and datatype only
    assert set(graph.predicate_objects(catatan)) == {
        (RDF.type, CSVW.Column),
        (CSVW.name, Literal("catatan")),
        (CSVW.datatype, XSD.string),
    }
    assert not list(graph.objects(tahun, SDMX_ATTRIBUTE.unitMeasure))


@pytest.mark.usefixtures("clean_db")
def test_a_table_without_description_has_no_schema():
    dataset = _dataset(fields=[{"id": f["id"], "type": f["type"]} for f in FIELDS])
    assert dataset["resources"][0]["datastore_active"] is True
    graph = export(dataset)
    assert not list(graph.subjects(CSVW.tableSchema, None))
    assert not list(graph.subjects(RDF.type, CSVW.Column))


@pytest.mark.usefixtures("clean_db")
def test_only_a_resource_in_the_datastore_is_looked_up_once(monkeypatch):
    dataset = _dataset()
    table, api = dataset["resources"]
    assert table["datastore_active"] is True and not api.get("datastore_active")
    asked: list[tuple[str, str]] = []
    get_action = tk.get_action

    def spy(name: str) -> Any:
        action = get_action(name)
        if not name.startswith("datastore_"):
            return action

        def call(context: Context, data_dict: dict[str, Any]) -> Any:
            asked.append((name, str(data_dict.get("id") or data_dict.get("resource_id"))))
            return action(context, data_dict)

        return call

    monkeypatch.setattr(profile.tk, "get_action", spy)
    export(dataset)
    assert asked == [("datastore_info", table["id"])]


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("sifat", ["terbuka", "terbatas"])
def test_the_dictionary_leaves_no_shacl_violation(sifat):
    graph = export(_dataset(sifat), catalog=True)
    assert len(list(graph.subjects(RDF.type, CSVW.Column))) == len(FIELDS)
    counts = assert_valid(graph)
    assert set(counts) <= set(JUSTIFIED_WARNINGS)


@pytest.mark.usefixtures("clean_db")
def test_a_terbatas_dataset_describes_its_columns_but_not_its_file():
    dataset = _dataset("terbatas")
    graph = export(dataset)
    table = _distribution(graph, dataset["resources"][0])
    assert len(_columns(graph, table)) == len(FIELDS)
    assert _one(graph, table, DCAT.accessURL) == URIRef(f"{SITE}/dataset/{dataset['name']}")
    assert "penduduk.csv" not in graph.serialize(format="turtle")


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize(("path", "rdflib_format"), [(".jsonld", "json-ld"), (".rdf", "xml")])
def test_the_public_exports_carry_the_schema(app, path, rdflib_format):
    """/dataset/<name>.* and /catalog.ttl, as anonymous asks for them."""
    dataset = _dataset()
    table = dataset["resources"][0]
    for url, fmt in (
        (f"/dataset/{dataset['name']}{path}", rdflib_format),
        ("/catalog.ttl", "turtle"),
    ):
        response = app.get(url)
        assert response.status_code == 200, url
        graph = Graph().parse(data=response.body, format=fmt)
        columns = _columns(graph, _distribution(graph, table))
        assert [str(_one(graph, c, CSVW.name)) for c in columns] == [f["id"] for f in FIELDS]


# --- parsing and harvesting ---------------------------------------------------------------


def _parsed(dataset: dict[str, Any], rdflib_format: str) -> dict[str, Any]:
    text = RDFSerializer(profiles=PROFILES).serialize_dataset(dataset, _format=rdflib_format)
    parser = RDFParser(profiles=PROFILES)
    parser.parse(text, _format=rdflib_format)
    parsed = list(parser.datasets())
    assert len(parsed) == 1
    return parsed[0]


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("rdflib_format", FORMATS)
def test_parsing_gives_the_same_columns_and_info(rdflib_format):
    parsed = _parsed(_dataset(), rdflib_format)
    by_name = {resource["name"]: resource for resource in parsed["resources"]}
    assert json.loads(by_name["Tabel"][mapping.KAMUS_FIELD]) == _expected_kamus()
    assert mapping.KAMUS_FIELD not in by_name["API"]


@pytest.mark.usefixtures("clean_db")
def test_a_harvested_copy_keeps_the_dictionary_and_exports_it_again():
    """The second instance has no DataStore table: its resource keeps ``kamus_data``
    (a free resource field: the scheming schema needs no change), and its own export
    writes the same table schema from it."""
    before = _dataset()
    received = {
        **_parsed(before, "turtle"),
        "owner_org": opd(name="portal-kedua", singkatan="KEDUA")["id"],
        "name": f"{before['name']}-panen",
    }
    created = tk.get_action("package_create")(_sysadmin(), received)
    after = shown(created["id"])
    table = next(r for r in after["resources"] if r["name"] == "Tabel")
    assert not table.get("datastore_active")
    assert json.loads(table[mapping.KAMUS_FIELD]) == _expected_kamus()

    again = _parsed(after, "turtle")
    copy = next(r for r in again["resources"] if r["name"] == "Tabel")
    assert json.loads(copy[mapping.KAMUS_FIELD]) == _expected_kamus()


# --- rules without CKAN ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("store_type", "tipe_data", "datatype"),
    [
        ("int8", "tahun", XSD.gYear),
        ("int8", "bilangan_bulat", XSD.integer),
        ("int8", "bilangan_desimal", XSD.decimal),
        ("numeric", "bilangan_desimal", XSD.decimal),
        ("date", "tanggal", XSD.date),
        ("text", "kode", XSD.string),
        ("int8", "teks", XSD.string),  # any value can be read as text
        # the values are not of the declared type: the datatype says what they are
        ("text", "tanggal", XSD.string),
        ("numeric", "bilangan_bulat", XSD.decimal),
        # no tipe_data: the DataStore type
        ("int8", None, XSD.integer),
        ("numeric", None, XSD.decimal),
        ("date", None, XSD.date),
        ("text", None, XSD.string),
        ("timestamp", None, XSD.dateTime),
        ("tsvector", None, XSD.string),
    ],
)
def test_the_column_datatype(store_type, tipe_data, datatype):
    assert mapping.column_datatype(store_type, tipe_data) == datatype


def test_unknown_codes_and_stray_texts_are_not_written():
    graph = Graph()
    ref = URIRef(f"{SITE}/dataset/uji/resource/r")
    info = {
        "label": "Nilai",
        "satuan": "parsec",  # not a code of the list
        "ukuran": "jumlah",
        "ukuran_lainnya": "sisa dari pilihan 'lainnya' sebelumnya",
        "peran": "bintang",
    }
    assert serialize.set_table_schema(
        graph, ref, [{"id": "nilai", "type": "int8", "info": info}], SITE
    )
    (column,) = _columns(graph, ref)
    assert not list(graph.objects(column, SDMX_ATTRIBUTE.unitMeasure))
    assert not list(graph.objects(column, SDI.ukuranLainnya))
    assert not list(graph.objects(column, SDI.peranVariabel))
    assert _one(graph, column, SDI.ukuran) == URIRef(f"{SITE}/kode/ukuran/jumlah")


@pytest.mark.parametrize(
    "value",
    ["", "bukan json", "{}", json.dumps([{"type": "text"}, 3, {"id": ""}]), json.dumps("x")],
)
def test_a_kamus_data_that_is_no_list_of_columns_gives_none(value):
    assert mapping.kamus_columns(value) == []


def test_a_cyclic_column_list_of_a_foreign_graph_ends():
    graph = Graph()
    ref, schema, item = URIRef(f"{SITE}/r"), URIRef(f"{SITE}/s"), URIRef(f"{SITE}/l")
    column = URIRef(f"{SITE}/c")
    graph.add((ref, CSVW.tableSchema, schema))
    graph.add((schema, CSVW.column, item))
    graph.add((item, RDF.first, column))
    graph.add((item, RDF.rest, item))
    graph.add((column, CSVW.name, Literal("a")))
    assert parse.read_table_schema(graph, ref) == [{"id": "a", "type": "text", "info": {}}]


# --- the documentation -----------------------------------------------------------------------


@pytest.mark.usefixtures("clean_db")
def test_the_docs_name_every_property_of_the_dictionary():
    graph = export(_dataset())
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Kamus data (MS-Var)") :]
    columns = set(graph.subjects(RDF.type, CSVW.Column)) | set(
        graph.subjects(RDF.type, CSVW.Schema)
    )
    names = {
        graph.namespace_manager.normalizeUri(str(p))
        for column in columns
        for p in graph.predicates(column)
        if p != RDF.type
    }
    names |= {"csvw:tableSchema", "csvw:column"}
    names |= {f"sdi:{t.name}" for t in TERMS if CSVW.Column in t.domains}
    missing = sorted(name for name in names if name not in section)
    assert not missing, f"docs/dcat.md (Kamus data) does not name {missing}"
