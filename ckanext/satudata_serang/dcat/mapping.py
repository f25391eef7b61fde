"""Where each SDI field goes in DCAT-AP 3, and the value conversions both ways.

Pure: rdflib and the vocabularies only, no CKAN. docs/dcat.md is the readable table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from .. import vocabulary
from .namespace import CSVW, SDI

SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# schema.org as ckanext-dcat writes it (http, not rdflib's https SDO)
SCHEMA = Namespace("http://schema.org/")

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_FREQUENCY = EU_AUTHORITY + "frequency"
EU_ACCESS_RIGHT = EU_AUTHORITY + "access-right"
EU_FILE_TYPE = EU_AUTHORITY + "file-type"
EU_LANGUAGE = EU_AUTHORITY + "language"
INDONESIAN = URIRef(EU_LANGUAGE + "/IND")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPES = URIRef("http://purl.org/adms/publishertype/1.0")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
ADMS_LICENCE_TYPES = URIRef("http://purl.org/adms/licencetype/1.0")
SCHEME_TITLES = {ADMS_PUBLISHER_TYPES: "Publisher Type", ADMS_LICENCE_TYPES: "Licence Type"}


def bind(graph: Graph) -> None:
    """The prefixes of the DCAT output besides ckanext-dcat's own."""
    graph.bind("sdi", SDI)
    graph.bind("sdmx-attribute", SDMX_ATTRIBUTE)
    graph.bind("vcard", VCARD)
    graph.bind("prov", PROV)
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("csvw", CSVW)


# Who publishes the catalog as a whole (the city, through its walidata).
CATALOG_PUBLISHER_NAME = "Pemerintah Kota Serang"

_EU_FREQUENCY_LABELS = {
    "DAILY": "daily",
    "WEEKLY": "weekly",
    "MONTHLY": "monthly",
    "QUARTERLY": "quarterly",
    "ANNUAL_3": "three times a year",
    "ANNUAL_2": "semiannual",
    "ANNUAL": "annual",
    "BIENNIAL": "biennial",
    "IRREG": "irregular",
}
_EU_ACCESS_RIGHT_LABELS = {
    "PUBLIC": "public",
    "RESTRICTED": "restricted",
    "NON_PUBLIC": "non-public",
}


@dataclass(frozen=True)
class External:
    """A concept of someone else's authority table, described just enough for the
    DCAT-AP shapes (its class and scheme) and for a reader (its English label)."""

    uri: URIRef
    scheme: URIRef
    label: str
    classes: tuple[URIRef, ...]


def frequency(code: str | None) -> External | None:
    """The EU frequency of a ``frekuensi`` code (the vocabulary's ``eu`` attribute)."""
    return _eu_term("frekuensi", code, EU_FREQUENCY, _EU_FREQUENCY_LABELS, DCTERMS.Frequency)


def access_right(code: str | None) -> External | None:
    """The EU access right of a ``sifat_data`` code."""
    return _eu_term(
        "sifat_data", code, EU_ACCESS_RIGHT, _EU_ACCESS_RIGHT_LABELS, DCTERMS.RightsStatement
    )


def _eu_term(
    name: str, code: str | None, scheme: str, labels: dict[str, str], cls: URIRef
) -> External | None:
    term = vocabulary.get(name).term(code) if code else None
    eu = str(term.attributes.get("eu") or "") if term else ""
    if not eu:
        return None
    return External(URIRef(f"{scheme}/{eu}"), URIRef(scheme), labels.get(eu, eu), (cls,))


def code_of_eu_uri(name: str, uri: str) -> str | None:
    """The code of vocabulary ``name`` whose ``eu`` attribute the URI ends with."""
    tail = uri.rstrip("/").rsplit("/", 1)[-1]
    for term in vocabulary.get(name):
        if term.attributes.get("eu") == tail:
            return term.code
    return None


LANGUAGE = External(INDONESIAN, URIRef(EU_LANGUAGE), "Indonesian", (DCTERMS.LinguisticSystem,))
PUBLISHER_TYPE = External(LOCAL_AUTHORITY, ADMS_PUBLISHER_TYPES, "Local Authority", (SKOS.Concept,))

# Resource formats → (EU file type, IANA media type or "").
FILE_TYPES: dict[str, tuple[str, str]] = {
    "CSV": ("CSV", "text/csv"),
    "TSV": ("TSV", "text/tab-separated-values"),
    "JSON": ("JSON", "application/json"),
    "GEOJSON": ("GEOJSON", "application/geo+json"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "XML": ("XML", "application/xml"),
    "PDF": ("PDF", "application/pdf"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "TXT": ("TXT", "text/plain"),
    "HTML": ("HTML", "text/html"),
    "ZIP": ("ZIP", "application/zip"),
    "SHP": ("SHP", ""),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
    "GPKG": ("GPKG", "application/geopackage+sqlite3"),
    "RDF": ("RDF_XML", "application/rdf+xml"),
    "TTL": ("RDF_TURTLE", "text/turtle"),
    "JSON-LD": ("JSON_LD", "application/ld+json"),
    "PNG": ("PNG", "image/png"),
    "JPEG": ("JPEG", "image/jpeg"),
}
_FORMAT_ALIASES = {"GEO+JSON": "GEOJSON", "JPG": "JPEG", "TURTLE": "TTL", "JSONLD": "JSON-LD"}


def file_type(fmt: str | None) -> External | None:
    """The EU file type of a resource format as CKAN stores it ("CSV", "csv")."""
    key = (fmt or "").strip().upper()
    key = _FORMAT_ALIASES.get(key, key)
    if key not in FILE_TYPES:
        return None
    eu = FILE_TYPES[key][0]
    return External(
        URIRef(f"{EU_FILE_TYPE}/{eu}"), URIRef(EU_FILE_TYPE), eu, (DCTERMS.MediaTypeOrExtent,)
    )


def media_type(fmt: str | None, mimetype: str | None) -> URIRef | None:
    """The IANA media type URI: the resource's mimetype, or the one of its format."""
    value = (mimetype or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+-]+", value):
        key = _FORMAT_ALIASES.get((fmt or "").strip().upper(), (fmt or "").strip().upper())
        value = FILE_TYPES.get(key, ("", ""))[1]
    return URIRef(IANA_MEDIA_TYPES + value) if value else None


def format_of(uri: str) -> str | None:
    """The resource format ("CSV") of an EU file type URI, None for anything else."""
    if not uri.startswith(EU_FILE_TYPE + "/"):
        return None
    eu = uri.rsplit("/", 1)[-1]
    return next((fmt for fmt, (code, _) in FILE_TYPES.items() if code == eu), eu)


def mimetype_of(uri: str) -> str | None:
    return uri.removeprefix(IANA_MEDIA_TYPES) if uri.startswith(IANA_MEDIA_TYPES) else None


# --- values ---------------------------------------------------------------------------


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def period_years(tahun_mulai: object, tahun_selesai: object) -> tuple[int, int] | None:
    """The first and last year of dct:temporal: a single year when there is no end."""
    first = _as_year(tahun_mulai)
    if first is None:
        return None
    last = _as_year(tahun_selesai)
    return first, last if last is not None else first


def years_of_period(start: object, end: object) -> tuple[int | None, int | None]:
    """tahun_mulai and tahun_selesai from dct:temporal: an end in the start year means
    a single year (tahun_selesai left empty, as the form asks)."""
    first, last = _as_year(start), _as_year(end)
    if first is None:
        return None, None
    return first, last if last is not None and last != first else None


def _as_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.year
    match = re.match(r"^\s*(\d{4})", str(value or ""))
    return int(match.group(1)) if match else None


def date_literal(value: object) -> Literal | None:
    text = str(value or "").strip()[:10]
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
    except ValueError:
        return None


def tel_uri(phone: str | None) -> URIRef | None:
    """An RFC 3966 tel: URI of an Indonesian number as people write it:
    "(0254) 200123" → tel:+62254200123; without a leading 0 or +, a local number."""
    text = (phone or "").strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    if text.startswith("+"):
        return URIRef(f"tel:+{digits}")
    if digits.startswith("0"):
        return URIRef(f"tel:+62{digits[1:]}")
    return URIRef(f"tel:{digits};phone-context=+62")


def boolean(value: object) -> bool | None:
    """A stored flag (True, "true", "True", …) as a bool; None when absent or unclear."""
    if isinstance(value, bool):
        return value
    # not `value or ""`: an rdflib Literal(False) is falsy
    text = "" if value is None else str(value).strip().lower()
    return {"true": True, "false": False}.get(text)


def mailto(email: str | None) -> URIRef | None:
    text = (email or "").strip().removeprefix("mailto:")
    return URIRef(f"mailto:{text}") if text else None


def is_link(value: str) -> bool:
    return bool(re.match(r"^https?://\S+$", value.strip()))


# The predicate of each field written as one value (a literal, a date or one concept);
# serialize.py writes and parse.py reads them through this table.
PREDICATES = {
    "konsep": SDI.konsep,
    "definisi": SKOS.definition,
    "klasifikasi": SDI.klasifikasi,
    "ukuran": SDI.ukuran,
    "ukuran_lainnya": SDI.ukuranLainnya,
    "satuan": SDMX_ATTRIBUTE.unitMeasure,
    "satuan_lainnya": SDI.satuanLainnya,
    "periode_akhir": SDI.periodeAkhir,
    "jadwal_pemutakhiran_berikutnya": SDI.jadwalPemutakhiranBerikutnya,
    "cakupan_wilayah": DCTERMS.spatial,
    "level_penyajian": SDI.levelPenyajian,
    "dasar_pengecualian": SDI.dasarPengecualian,
    "interpretasi": SDI.interpretasi,
}


# --- the data dictionary (MS-Var in the DataStore's column info) as CSVW ----------------

# The resource field a harvested copy keeps the dictionary in (it has no DataStore
# table): the JSON text of a list of {"id", "type", "info"}, as datastore_info's fields.
KAMUS_FIELD = "kamus_data"
MAX_COLUMNS = 1600  # PostgreSQL's limit: more is no table of a DataStore
INTERNAL_COLUMNS = frozenset({"_id", "_full_text"})

# tipe_data (schemas/vocabularies/tipe_data.yaml) → csvw:datatype.
TIPE_DATA_DATATYPES: dict[str, URIRef] = {
    "teks": XSD.string,
    "bilangan_bulat": XSD.integer,
    "bilangan_desimal": XSD.decimal,
    "tanggal": XSD.date,
    "tahun": XSD.gYear,
    "periode": XSD.string,
    "kode": XSD.string,
}
# The DataStore (PostgreSQL) type of a column → csvw:datatype; anything else is text.
STORE_DATATYPES: dict[str, URIRef] = {
    "text": XSD.string,
    "int8": XSD.integer,
    "int4": XSD.integer,
    "int2": XSD.integer,
    "int": XSD.integer,
    "numeric": XSD.decimal,
    "float8": XSD.double,
    "float4": XSD.double,
    "date": XSD.date,
    "timestamp": XSD.dateTime,
    "timestamptz": XSD.dateTime,
    "time": XSD.time,
    "bool": XSD.boolean,
    "json": CSVW.JSON,
}
# csvw:datatype → the DataStore type a column of it has (the loader's types: int8,
# numeric, date, text); a year (tipe_data tahun) is loaded as a whole number.
STORE_TYPES: dict[URIRef, str] = {
    XSD.string: "text",
    XSD.integer: "int8",
    XSD.decimal: "numeric",
    XSD.date: "date",
    XSD.gYear: "int8",
    XSD.double: "float8",
    XSD.dateTime: "timestamp",
    XSD.time: "time",
    XSD.boolean: "bool",
    CSVW.JSON: "json",
}
# The values of a DataStore column of the second datatype are values of the first.
_HOLDS: dict[URIRef, frozenset[URIRef]] = {
    XSD.integer: frozenset({XSD.integer}),
    XSD.decimal: frozenset({XSD.integer, XSD.decimal}),
    XSD.date: frozenset({XSD.date}),
    XSD.gYear: frozenset({XSD.integer}),
}


def column_datatype(store_type: str | None, tipe_data: str | None) -> URIRef:
    """The csvw:datatype of a column: the one of its tipe_data, if the values the
    DataStore holds are of it (any column may be read as text; a whole number as a
    year or a decimal); else the one of its DataStore type, so that the datatype is
    never wrong about the values (a ``tanggal`` column left as text is xsd:string)."""
    stored = STORE_DATATYPES.get(str(store_type or "").strip().lower(), XSD.string)
    declared = TIPE_DATA_DATATYPES.get(str(tipe_data or ""))
    if declared is None:
        return stored
    if declared == XSD.string or stored in _HOLDS.get(declared, frozenset()):
        return declared
    return stored


def store_type(datatype: object) -> str:
    """The DataStore type of a column read back from its csvw:datatype."""
    return STORE_TYPES.get(datatype, "text") if isinstance(datatype, URIRef) else "text"


# Column info keys written as literals, and their predicate on the csvw:Column (the
# "lainnya" texts only with the code "lainnya"; label is csvw:title, with @id).
COLUMN_TEXTS: dict[str, URIRef] = {
    "label": CSVW.title,
    "alias": SKOS.altLabel,
    "konsep": SDI.konsep,
    "notes": SKOS.definition,
    "klasifikasi_isian": SDI.klasifikasiIsian,
    "aturan_validasi": SDI.aturanValidasi,
}
# Coded keys written as the code itself: key → (predicate, vocabulary).
COLUMN_CODES: dict[str, tuple[URIRef, str]] = {
    "tipe_data": (SDI.tipeData, "tipe_data"),
    "peran": (SDI.peranVariabel, "peran_variabel"),
}
# Coded keys written as a concept of the portal's scheme: key → (predicate, scheme,
# the key of the text asked for by "lainnya", its predicate); as on the dataset.
COLUMN_CONCEPTS: dict[str, tuple[URIRef, str, str, URIRef]] = {
    "satuan": (SDMX_ATTRIBUTE.unitMeasure, "satuan", "satuan_lainnya", SDI.satuanLainnya),
    "ukuran": (SDI.ukuran, "ukuran", "ukuran_lainnya", SDI.ukuranLainnya),
}
OTHER = "lainnya"


def kamus_columns(value: object) -> list[dict[str, Any]]:
    """The columns of a ``kamus_data`` value (JSON text, or the list itself), each as
    {"id", "type", "info"}; whatever is not such a column is left out."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if not isinstance(value, list):
        return []
    columns: list[dict[str, Any]] = []
    for item in value[:MAX_COLUMNS]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            continue
        info = item.get("info")
        columns.append(
            {
                "id": item["id"],
                "type": str(item.get("type") or "text"),
                "info": info if isinstance(info, dict) else {},
            }
        )
    return columns


def kamus_text(columns: list[dict[str, Any]]) -> str:
    return json.dumps(columns, ensure_ascii=False)
