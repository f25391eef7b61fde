"""DCAT-AP 3 triples → SDI fields: the reverse of serialize.py, so that a dataset
exported by one instance of this portal arrives at another with the same values.

Codes are recognised by the path of the concept URI (``…/kode/<skema>/<kode>``), not
by its host: the exporting portal has its own site URL. Pure: rdflib and the
vocabularies, no CKAN.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from .. import vocabulary
from . import concepts, mapping
from .mapping import SCHEMA, SDI, VCARD
from .namespace import CSVW
from .serialize import CONCEPT_FIELDS, TEXT_FIELDS


def read_dataset(graph: Graph, ref: Node) -> dict[str, Any]:
    """The SDI fields found for the dataset; fields absent from the graph are absent
    from the result."""
    fields: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        text = _literal(graph, ref, mapping.PREDICATES[field])
        if text:
            fields[field] = text
    for field, skema in CONCEPT_FIELDS.items():
        codes = _codes(graph, ref, mapping.PREDICATES[field], skema)
        if codes:
            fields[field] = codes[0]
    urusan = _codes(graph, ref, DCAT.theme, "urusan")
    if urusan:
        order = vocabulary.get("urusan").codes()
        fields["urusan"] = sorted(urusan, key=order.index)
    topik = _codes(graph, ref, DCAT.theme, "topik")
    if topik:
        fields["topik"] = topik[0]
    fields.update(_eu_codes(graph, ref))
    fields.update(_time(graph, ref))
    fields.update(_references(graph, ref))
    fields.update(_provenance(graph, ref))
    fields.update(_contact(graph, ref))
    return fields


def _eu_codes(graph: Graph, ref: Node) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field, predicate in (
        ("frekuensi", DCTERMS.accrualPeriodicity),
        ("sifat_data", DCTERMS.accessRights),
    ):
        for value in graph.objects(ref, predicate):
            code = mapping.code_of_eu_uri(field, str(value)) if isinstance(value, URIRef) else None
            own = concepts.parse_concept_uri(str(value))
            code = code or (own[1] if own and own[0] == field else None)
            if code:
                fields[field] = code
                break
    prioritas = graph.value(ref, SDI.dataPrioritas)
    if isinstance(prioritas, Literal) and mapping.boolean(prioritas) is not None:
        fields["data_prioritas"] = mapping.boolean(prioritas)
    return fields


def _time(graph: Graph, ref: Node) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for period in graph.objects(ref, DCTERMS.temporal):
        start = graph.value(period, DCAT.startDate) or graph.value(period, SCHEMA.startDate)
        end = graph.value(period, DCAT.endDate) or graph.value(period, SCHEMA.endDate)
        first, last = mapping.years_of_period(_python(start), _python(end))
        if first is not None:
            fields["tahun_mulai"] = first
            if last is not None:
                fields["tahun_selesai"] = last
            break
    day = graph.value(ref, SDI.periodeAkhir)
    if isinstance(day, Literal) and mapping.date_literal(day) is not None:
        fields["periode_akhir"] = str(mapping.date_literal(day))
    return fields


def _references(graph: Graph, ref: Node) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for standard in graph.objects(ref, DCTERMS.conformsTo):
        label = _literal(graph, standard, RDFS.label) if isinstance(standard, BNode) else ""
        if label:
            fields["kode_referensi"] = label
            break
    induk = graph.value(ref, SDI.dataInduk)
    if induk is not None:
        fields["data_induk"] = str(induk)
    return fields


def _provenance(graph: Graph, ref: Node) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for activity in graph.objects(ref, PROV.wasGeneratedBy):
        codes = _codes(graph, activity, DCTERMS.type, "cara_pengumpulan")
        if codes:
            fields["cara_pengumpulan"] = codes[0]
        for source in graph.objects(activity, PROV.used):
            label = _literal(graph, source, RDFS.label)
            if label:
                fields["sumber_data"] = label
                break
    for statement in graph.objects(ref, DCTERMS.provenance):
        text = _literal(graph, statement, RDFS.label) or (
            str(statement) if isinstance(statement, Literal) else ""
        )
        if text:
            fields["metodologi"] = text
            break
    return fields


def _contact(graph: Graph, ref: Node) -> dict[str, Any]:
    for kontak in graph.objects(ref, DCAT.contactPoint):
        fields: dict[str, Any] = {}
        nama = _literal(graph, kontak, VCARD.fn)
        if nama:
            fields["kontak_nama"] = nama
        email = graph.value(kontak, VCARD.hasEmail)
        if email is not None:
            fields["kontak_email"] = str(email).removeprefix("mailto:")
        phone = graph.value(kontak, VCARD.hasTelephone)
        if phone is not None:
            written = _literal(graph, phone, RDFS.label)
            tel = graph.value(phone, VCARD.hasValue) if not isinstance(phone, Literal) else phone
            number = written or str(tel or phone).removeprefix("tel:").split(";")[0]
            if number:
                fields["kontak_telepon"] = number
        if fields:
            return fields
    return {}


def _codes(graph: Graph, subject: Node, predicate: URIRef, skema: str) -> list[str]:
    """The codes of scheme ``skema`` among the objects, known codes only."""
    found: list[str] = []
    for value in graph.objects(subject, predicate):
        parsed = concepts.parse_concept_uri(str(value)) if isinstance(value, URIRef) else None
        if parsed and parsed[0] == skema and parsed[1] not in found:
            found.append(parsed[1])
    return found


def _literal(graph: Graph, subject: Node, predicate: URIRef) -> str:
    value = graph.value(subject, predicate)
    return str(value) if isinstance(value, Literal) else ""


def _python(value: Node | None) -> Any:
    if isinstance(value, Literal):
        python = value.toPython()
        return python if isinstance(python, date | int) else str(value)
    return None


def order_resources(resources: list[dict[str, Any]]) -> None:
    """Distributions have no order in RDF: put the resources in the order they were
    created at the source (dct:issued), which is their order there unless someone
    reordered them. Left as found when a date is missing."""
    if resources and all(resource.get("issued") for resource in resources):
        resources.sort(key=lambda resource: str(resource["issued"]))


def read_formats(graph: Graph, ref: Node, resources: list[dict[str, Any]]) -> None:
    """Resource formats and media types back from EU file types and IANA URIs to
    CKAN's words ("CSV", "text/csv"); ckanext-dcat leaves the URIs."""
    distributions = {str(node): node for node in graph.objects(ref, DCAT.distribution)}
    for resource in resources:
        node = distributions.get(str(resource.get("distribution_ref") or ""))
        if node is None:
            continue
        for value in graph.objects(node, DCTERMS["format"]):
            fmt = mapping.format_of(str(value))
            if fmt:
                resource["format"] = fmt
                break
        media = graph.value(node, DCAT.mediaType)
        mimetype = mapping.mimetype_of(str(media)) if media is not None else None
        if mimetype:
            resource["mimetype"] = mimetype


def read_dictionaries(graph: Graph, ref: Node, resources: list[dict[str, Any]]) -> None:
    """Each distribution's csvw:tableSchema into its resource's ``kamus_data`` (the
    JSON text of the columns as datastore_info gives them): the data dictionary of a
    harvested copy, which has no DataStore table."""
    distributions = {str(node): node for node in graph.objects(ref, DCAT.distribution)}
    for resource in resources:
        node = distributions.get(str(resource.get("distribution_ref") or ""))
        columns = read_table_schema(graph, node) if node is not None else []
        if columns:
            resource[mapping.KAMUS_FIELD] = mapping.kamus_text(columns)


def read_table_schema(graph: Graph, distribution: Node) -> list[dict[str, Any]]:
    """The columns of the distribution's table schema, in order, each as
    {"id", "type", "info"} with the MS-Var keys found; [] when there is none."""
    for schema in graph.objects(distribution, CSVW.tableSchema):
        columns: list[dict[str, Any]] = []
        for node in _column_nodes(graph, schema):
            name = _literal(graph, node, CSVW.name)
            if name:
                datatype = graph.value(node, CSVW.datatype)
                info = _column_info(graph, node)
                columns.append({"id": name, "type": mapping.store_type(datatype), "info": info})
        if columns:
            return columns
    return []


def _column_nodes(graph: Graph, schema: Node) -> list[Node]:
    """The objects of csvw:column: the items of its rdf:List (a cycle or an endless
    list of a foreign graph ends at the DataStore's column limit), or the objects
    themselves when a writer gave them without a list."""
    found: list[Node] = []
    for head in graph.objects(schema, CSVW.column):
        if (head, RDF.first, None) not in graph:
            found.append(head)
            continue
        seen: set[Node] = set()
        item: Node | None = head
        while item is not None and item != RDF.nil and item not in seen:
            seen.add(item)
            first = graph.value(item, RDF.first)
            if first is not None:
                found.append(first)
            item = graph.value(item, RDF.rest)
            if len(found) >= mapping.MAX_COLUMNS:
                break
    return found[: mapping.MAX_COLUMNS]


def _column_info(graph: Graph, node: Node) -> dict[str, str]:
    info: dict[str, str] = {}
    for key, predicate in mapping.COLUMN_TEXTS.items():
        text = _title(graph, node) if predicate == CSVW.title else _literal(graph, node, predicate)
        if text:
            info[key] = text
    for key, (predicate, vocabulary_name) in mapping.COLUMN_CODES.items():
        code = _literal(graph, node, predicate)
        if code and code in vocabulary.get(vocabulary_name):
            info[key] = code
    for key, (predicate, skema, other_key, other) in mapping.COLUMN_CONCEPTS.items():
        codes = _codes(graph, node, predicate, skema)
        if codes:
            info[key] = codes[0]
            text = _literal(graph, node, other)
            if codes[0] == mapping.OTHER and text:
                info[other_key] = text
    return info


def _title(graph: Graph, node: Node) -> str:
    """csvw:title in Indonesian, else without a language, else any."""
    titles = [value for value in graph.objects(node, CSVW.title) if isinstance(value, Literal)]
    for language in ("id", None):
        for title in titles:
            if title.language == language:
                return str(title)
    return str(titles[0]) if titles else ""


# Extras ckanext-dcat derives from the triples that the SDI fields come from: once
# the fields are read, they are noise (and would be stored as free extras).
_REPLACED_EXTRAS = {
    "frekuensi": ("frequency",),
    "sifat_data": ("access_rights",),
    "metodologi": ("provenance",),
    "tahun_mulai": ("temporal_start", "temporal_end"),
    "cakupan_wilayah": ("spatial_uri", "spatial_text"),
    "kontak_nama": (
        "contact_uri",
        "contact_name",
        "contact_email",
        "contact_identifier",
        "contact_url",
    ),
    "kontak_email": ("contact_email",),
}
# Always dropped: the portal's own language, and the parsing site's own URL that
# ckanext-dcat records as the dataset's "homepage".
_NOISE_EXTRAS = ("language", "homepage")
# Keys of the dataset dict that repeat SDI fields in ckanext-dcat's shape.
_REPLACED_KEYS = {"kontak_nama": "contact", "cara_pengumpulan": "provenance_activity"}


def drop_upstream_duplicates(dataset_dict: dict[str, Any], fields: dict[str, Any]) -> None:
    """Remove what ckanext-dcat parsed from the same triples as ``fields``: extras
    such as ``frequency`` or ``contact_email``, the concept URIs in ``theme``, the
    blank-node ids of ``conforms_to``, the data induk in ``related_resource``, and
    the publisher extras (the OPD itself stays in ``publisher`` for the harvester,
    which chooses the owning OPD)."""
    drop = {key for field, keys in _REPLACED_EXTRAS.items() if field in fields for key in keys}
    drop |= set(_NOISE_EXTRAS)
    kept: list[dict[str, Any]] = []
    for extra in dataset_dict.get("extras") or []:
        key = str(extra.get("key"))
        if key in drop or key.startswith("publisher_"):
            continue
        if key in ("theme", "conforms_to", "related_resource"):
            remaining = [
                value
                for value in _json_list(extra.get("value"))
                if not _replaced_item(key, str(value), fields)
            ]
            if not remaining:
                continue
            kept.append({**extra, "value": json.dumps(remaining)})
            continue
        kept.append(extra)
    dataset_dict["extras"] = kept
    for field, key in _REPLACED_KEYS.items():
        if field in fields:
            dataset_dict.pop(key, None)


def _replaced_item(key: str, value: str, fields: dict[str, Any]) -> bool:
    if key == "theme":
        return concepts.parse_concept_uri(value) is not None
    if key == "conforms_to":
        return not value.startswith(("http://", "https://"))
    return value == fields.get("data_induk")


def _json_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    try:
        loaded = json.loads(str(value))
    except ValueError:
        return [value]
    return loaded if isinstance(loaded, list) else [loaded]
