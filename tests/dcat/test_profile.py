"""The satudata_sdi profile: what a harvester reading the portal's DCAT finds for
each SDI field, what sifat data lets out, and that the mapping table in
docs/dcat.md covers the schema and the output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from ckan import model
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD
from sqlalchemy import event

from ckanext.satudata_serang import vocabulary
from ckanext.satudata_serang.dcat import mapping, parse, serialize
from ckanext.satudata_serang.dcat.mapping import SDMX_ATTRIBUTE, VCARD
from ckanext.satudata_serang.dcat.namespace import SDI, TERMS
from ckanext.satudata_serang.dcat.profile import SatudataSDIProfile
from tests import sdi
from tests.dcat.exports import FILENAME, LINK, SITE, export, full_dataset, opd, shown

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "dcat.md"
EU = "http://publications.europa.eu/resource/authority"
# The table (sdi-reference.md), not the vocabulary's own attribute.
FREQUENCIES = {
    "harian": "DAILY",
    "mingguan": "WEEKLY",
    "bulanan": "MONTHLY",
    "triwulanan": "QUARTERLY",
    "empat_bulanan": "ANNUAL_3",
    "semesteran": "ANNUAL_2",
    "tahunan": "ANNUAL",
    "dua_tahunan": "BIENNIAL",
    "ad_hoc": "IRREG",
}
ACCESS_RIGHTS = {"terbuka": "PUBLIC", "terbatas": "RESTRICTED", "tertutup": "NON_PUBLIC"}
REF = URIRef(f"{SITE}/dataset/uji")


def _pure(**fields: Any) -> Graph:
    graph = Graph()
    serialize.add_dataset(graph, REF, {"id": "uji", "name": "uji", **fields}, SITE)
    return graph


def _one(graph: Graph, subject: Any, predicate: URIRef) -> Any:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def _dataset_ref(graph: Graph) -> URIRef:
    return next(s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef))


# --- registration -----------------------------------------------------------------------


def test_the_portal_exports_with_euro_dcat_ap_3_then_satudata_sdi():
    serializer = RDFSerializer()  # the configured profiles
    profiles = serializer._profiles  # pyright: ignore[reportAttributeAccessIssue]
    assert [profile.name for profile in profiles] == ["euro_dcat_ap_3", "satudata_sdi"]
    assert profiles[1] is SatudataSDIProfile


# --- one field at a time (the pure serializer) ---------------------------------------


def test_every_frekuensi_code_has_its_eu_frequency():
    assert set(FREQUENCIES) == set(vocabulary.get("frekuensi").codes())


@pytest.mark.parametrize(("code", "eu"), FREQUENCIES.items())
def test_frekuensi_is_the_eu_frequency(code, eu):
    graph = _pure(frekuensi=code)
    frequency = URIRef(f"{EU}/frequency/{eu}")
    assert _one(graph, REF, DCTERMS.accrualPeriodicity) == frequency
    assert (frequency, RDF.type, DCTERMS.Frequency) in graph
    assert (frequency, SKOS.inScheme, URIRef(f"{EU}/frequency")) in graph
    assert parse.read_dataset(graph, REF)["frekuensi"] == code


@pytest.mark.parametrize(("code", "eu"), ACCESS_RIGHTS.items())
def test_sifat_data_is_the_eu_access_right(code, eu):
    graph = _pure(sifat_data=code)
    right = URIRef(f"{EU}/access-right/{eu}")
    assert _one(graph, REF, DCTERMS.accessRights) == right
    assert (right, RDF.type, DCTERMS.RightsStatement) in graph
    assert parse.read_dataset(graph, REF)["sifat_data"] == code


@pytest.mark.parametrize(
    ("mulai", "selesai", "start", "end"),
    [(2019, 2024, "2019", "2024"), (2023, None, "2023", "2023"), ("2020", "2021", "2020", "2021")],
)
def test_tahun_is_the_temporal_coverage_in_years(mulai, selesai, start, end):
    graph = _pure(tahun_mulai=mulai, tahun_selesai=selesai)
    period = _one(graph, REF, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert _one(graph, period, DCAT.startDate) == Literal(start, datatype=XSD.gYear)
    assert _one(graph, period, DCAT.endDate) == Literal(end, datatype=XSD.gYear)
    read = parse.read_dataset(graph, REF)
    assert read["tahun_mulai"] == int(mulai)
    assert read.get("tahun_selesai") == (int(selesai) if selesai else None)


def test_phone_numbers_become_tel_uris_and_keep_their_written_form():
    assert mapping.tel_uri("(0254) 200123") == URIRef("tel:+62254200123")
    assert mapping.tel_uri("+62 812-1234-5678") == URIRef("tel:+6281212345678")
    assert mapping.tel_uri("200123") == URIRef("tel:200123;phone-context=+62")
    graph = _pure(kontak_nama="Seksi Data", kontak_telepon="(0254) 200-123")
    assert parse.read_dataset(graph, REF)["kontak_telepon"] == "(0254) 200-123"


def test_a_dataset_from_elsewhere_without_sdi_triples_parses_to_no_sdi_field():
    graph = Graph()
    graph.add((REF, RDF.type, DCAT.Dataset))
    graph.add((REF, DCAT.theme, URIRef(f"{EU}/data-theme/ECON")))
    graph.add((REF, DCTERMS.accrualPeriodicity, URIRef(f"{EU}/frequency/CONT")))
    assert parse.read_dataset(graph, REF) == {}


# --- a full dataset through CKAN ----------------------------------------------------------


@pytest.fixture
def full(clean_db: None) -> tuple[dict[str, Any], dict[str, Any], Graph]:
    organization = opd()
    dataset = full_dataset(organization["id"], sifat_data="terbuka", dasar_pengecualian="")
    return organization, dataset, export(dataset)


def test_the_standard_data_and_references_are_literals_of_documented_properties(full):
    _, dataset, graph = full
    ref = _dataset_ref(graph)
    literals = {
        "konsep": SDI.konsep,
        "definisi": SKOS.definition,
        "klasifikasi": SDI.klasifikasi,
        "ukuran_lainnya": SDI.ukuranLainnya,
        "satuan_lainnya": SDI.satuanLainnya,
        "interpretasi": SDI.interpretasi,
    }
    for field, predicate in literals.items():
        assert _one(graph, ref, predicate) == Literal(dataset[field]), field
    assert _one(graph, ref, SDI.ukuran) == URIRef(f"{SITE}/kode/ukuran/lainnya")
    assert _one(graph, ref, SDMX_ATTRIBUTE.unitMeasure) == URIRef(f"{SITE}/kode/satuan/lainnya")
    assert _one(graph, ref, SDI.levelPenyajian) == URIRef(f"{SITE}/kode/level_penyajian/kelurahan")
    assert _one(graph, ref, SDI.dataPrioritas) == Literal(True)
    assert _one(graph, ref, SDI.periodeAkhir) == Literal("2024-06-30", datatype=XSD.date)
    standard = _one(graph, ref, DCTERMS.conformsTo)
    assert (standard, RDF.type, DCTERMS.Standard) in graph
    assert _one(graph, standard, RDFS.label) == Literal("Kode wilayah Kemendagri")
    induk = URIRef(dataset["data_induk"])
    assert _one(graph, ref, SDI.dataInduk) == induk
    assert _one(graph, ref, DCTERMS.relation) == induk


def test_cakupan_wilayah_is_a_location_with_the_kemendagri_code_and_name(full):
    _, _, graph = full
    place = _one(graph, _dataset_ref(graph), DCTERMS.spatial)
    assert place == URIRef(f"{SITE}/kode/wilayah/36.73.05")
    assert (place, RDF.type, DCTERMS.Location) in graph
    assert _one(graph, place, SKOS.notation) == Literal("36.73.05")
    assert Literal("Kecamatan Cipocok Jaya", lang="id") in set(graph.objects(place, SKOS.prefLabel))
    assert _one(graph, place, SKOS.broader) == URIRef(f"{SITE}/kode/wilayah/36.73")


def test_urusan_and_topik_are_themes_from_the_portals_schemes(full):
    _, _, graph = full
    themes = set(graph.objects(_dataset_ref(graph), DCAT.theme))
    assert themes == {
        URIRef(f"{SITE}/kode/urusan/2.12"),
        URIRef(f"{SITE}/kode/urusan/2.20"),
        URIRef(f"{SITE}/kode/topik/kependudukan"),
    }
    for theme in themes:
        scheme = _one(graph, theme, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
        assert any(graph.objects(scheme, DCTERMS.title))


def test_the_producer_is_the_publisher_with_its_opd_code(full):
    organization, _, graph = full
    publisher = _one(graph, _dataset_ref(graph), DCTERMS.publisher)
    assert publisher == URIRef(f"{SITE}/organization/{organization['id']}")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert _one(graph, publisher, FOAF.name) == Literal(organization["title"])
    assert _one(graph, publisher, DCTERMS.identifier) == Literal("2.12.0.00.0.00.01.0000")
    assert _one(graph, publisher, SKOS.altLabel) == Literal("DISDUKCAPIL")
    assert _one(graph, publisher, FOAF.mbox) == URIRef("mailto:disdukcapil@serangkota.go.id")
    kind = _one(graph, publisher, DCTERMS.type)
    assert kind == URIRef("http://purl.org/adms/publishertype/LocalAuthority")


def test_the_contact_is_a_vcard_contact_point(full):
    _, _, graph = full
    kontak = _one(graph, _dataset_ref(graph), DCAT.contactPoint)
    assert (kontak, RDF.type, VCARD.Kind) in graph
    assert _one(graph, kontak, VCARD.fn) == Literal("Seksi Statistik Sektoral")
    assert _one(graph, kontak, VCARD.hasEmail) == URIRef("mailto:statistik@serangkota.go.id")
    phone = _one(graph, kontak, VCARD.hasTelephone)
    assert _one(graph, phone, VCARD.hasValue) == URIRef("tel:+62254200123")


def test_the_collection_method_source_and_methodology_are_provenance(full):
    _, dataset, graph = full
    ref = _dataset_ref(graph)
    activity = _one(graph, ref, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in graph
    assert _one(graph, activity, DCTERMS.type) == URIRef(f"{SITE}/kode/cara_pengumpulan/survei")
    source = _one(graph, activity, PROV.used)
    assert _one(graph, source, RDFS.label) == Literal(dataset["sumber_data"])
    statement = _one(graph, ref, DCTERMS.provenance)
    assert _one(graph, statement, RDFS.label) == Literal(dataset["metodologi"])


def test_open_data_has_its_files_download_urls(full):
    _, dataset, graph = full
    by_name = {resource["name"]: resource for resource in dataset["resources"]}
    upload = by_name["Kepadatan per kelurahan"]
    assert upload["url"].endswith(f"/download/{FILENAME}")
    distributions = {
        str(_one(graph, d, DCTERMS.title)): d
        for d in graph.objects(_dataset_ref(graph), DCAT.distribution)
    }
    csv, api = distributions["Kepadatan per kelurahan"], distributions["API kepadatan"]
    assert _one(graph, csv, DCAT.downloadURL) == URIRef(upload["url"])
    assert _one(graph, csv, DCTERMS["format"]) == URIRef(f"{EU}/file-type/CSV")
    assert _one(graph, csv, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/csv"
    )
    assert _one(graph, csv, DCTERMS.license) == URIRef(dataset["license_url"])
    assert _one(graph, api, DCAT.accessURL) == URIRef(LINK)
    assert not list(graph.objects(api, DCAT.downloadURL))  # a link is not known to be a file


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("sifat", ["terbatas", "tertutup"])
def test_data_that_is_not_open_leaves_no_download_url(sifat):
    dataset = full_dataset(opd()["id"], sifat_data=sifat)
    graph = export(dataset)
    landing = URIRef(f"{SITE}/dataset/{dataset['name']}")
    distributions = list(graph.objects(_dataset_ref(graph), DCAT.distribution))
    assert len(distributions) == 2  # described: title, format, licence
    for distribution in distributions:
        assert not list(graph.objects(distribution, DCAT.downloadURL))
        assert _one(graph, distribution, DCAT.accessURL) == landing
        assert any(graph.objects(distribution, DCTERMS["format"]))
    for text in (graph.serialize(format="turtle"), graph.serialize(format="xml")):
        for resource in dataset["resources"]:
            assert resource["url"] not in text
        assert "/download/" not in text and LINK not in text


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize(("sifat", "shown_service"), [("terbuka", True), ("terbatas", False)])
def test_a_harvested_data_service_goes_only_with_open_data(sifat, shown_service):
    """A resource harvested from another catalog may carry a data service whose
    endpoint serves the data: it stays for terbuka data, goes for terbatas."""
    endpoint = "https://api.example.go.id/kepadatan"
    services = [{"title": "API", "endpoint_url": [endpoint]}]
    dataset = sdi.Dataset(
        owner_org=opd()["id"],
        **sdi.every_field(sifat_data=sifat),
        resources=[{"url": LINK, "format": "JSON", "access_services": json.dumps(services)}],
    )
    text = export(shown(dataset["id"])).serialize(format="turtle")
    assert (endpoint in text) is shown_service
    assert ("dcat:DataService" in text) is shown_service
    assert (LINK in text) is shown_service


# --- the catalog ------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_db")
def test_the_catalog_has_a_publisher_an_eu_language_and_the_theme_schemes():
    graph = export(catalog=True)
    catalog = next(iter(graph.subjects(RDF.type, DCAT.Catalog)))
    assert _one(graph, catalog, DCTERMS.language) == URIRef(f"{EU}/language/IND")
    publisher = _one(graph, catalog, DCTERMS.publisher)
    assert _one(graph, publisher, FOAF.name) == Literal("Pemerintah Kota Serang")
    assert set(graph.objects(catalog, DCAT.themeTaxonomy)) == {
        URIRef(f"{SITE}/kode/topik"),
        URIRef(f"{SITE}/kode/urusan"),
    }


# --- speed --------------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_db")
def test_a_page_of_datasets_is_exported_without_a_query_per_dataset():
    """After the first dataset of each OPD (ckanext-dcat reads the OPD once per
    process), exporting more datasets asks nothing of the database."""
    datasets = []
    for index, name in enumerate(("dinkes", "dishub")):
        organization = opd(name=name, singkatan=name.upper(), kode_opd=f"0{index}")
        for number in range(5):
            datasets.append(
                shown(sdi.Dataset(owner_org=organization["id"], name=f"{name}-{number}")["id"])
            )
    serializer = RDFSerializer(profiles=["euro_dcat_ap_3", "satudata_sdi"])
    serializer.graph_from_dataset(datasets[0])
    serializer.graph_from_dataset(datasets[5])
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = model.meta.engine
    assert engine is not None
    event.listen(engine, "before_cursor_execute", count)
    try:
        for dataset in datasets:
            serializer.graph_from_dataset(dataset)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []


# --- parsing --------------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_db")
def test_parsing_leaves_no_duplicate_of_an_sdi_field_among_the_extras():
    graph = export(full_dataset(opd()["id"]))
    parser = RDFParser(profiles=["euro_dcat_ap_3", "satudata_sdi"])
    parser.parse(graph.serialize(format="turtle"), _format="turtle")
    parsed = next(parser.datasets())
    keys = {extra["key"] for extra in parsed["extras"]}
    assert keys <= {"issued", "modified", "identifier", "uri"}, keys
    assert "contact" not in parsed and "provenance_activity" not in parsed
    # the producing OPD stays readable for the harvester, which picks the owner
    assert parsed["publisher"][0]["identifier"] == "2.12.0.00.0.00.01.0000"
    formats = {resource["name"]: resource["format"] for resource in parsed["resources"]}
    assert formats == {"Kepadatan per kelurahan": "CSV", "API kepadatan": "JSON"}


# --- the documentation ---------------------------------------------------------------------


def _docs_table_fields() -> set[str]:
    """The backticked names in the tables of docs/dcat.md."""
    rows = [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    return set(re.findall(r"`([a-z_]+)`", "\n".join(rows)))


def test_the_docs_table_names_every_dataset_field():
    schema = yaml.safe_load((ROOT / "schemas" / "dataset.yaml").read_text(encoding="utf-8"))
    fields = {field["field_name"] for field in schema["dataset_fields"]}
    missing = fields - _docs_table_fields()
    assert not missing, f"docs/dcat.md does not map {sorted(missing)}"


@pytest.mark.usefixtures("clean_db")
def test_the_docs_name_every_property_of_a_full_export():
    graph = export(full_dataset(opd()["id"]), catalog=True)
    text = DOCS.read_text(encoding="utf-8")
    names = {
        graph.namespace_manager.normalizeUri(str(p)) for p in set(graph.predicates()) - {RDF.type}
    }
    names |= {f"sdi:{term.name}" for term in TERMS}
    missing = sorted(name for name in names if name not in text)
    assert not missing, f"docs/dcat.md does not name {missing}"


def test_blank_nodes_are_not_taken_for_links():
    graph = Graph()
    graph.add((REF, DCTERMS.conformsTo, BNode()))
    assert "kode_referensi" not in parse.read_dataset(graph, REF)
