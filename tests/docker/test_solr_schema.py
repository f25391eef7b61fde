"""The portal's Solr configset (docker/solr/conf/schema.xml) declares every field the
portal indexes, with a type that fits its values, so `search_backend = solr` indexes
and facets the same fields as the PostgreSQL backend.

The field names come from the code: the document CKAN's own Solr indexer builds for a
dataset with every SDI field filled (the portal's before_dataset_index included), the
PostgreSQL backend's document of the same dataset, the scheming dataset schema, and
the facets every IFacets plugin asks for. Solr itself cannot run here, so the schema
is checked statically.
"""

from __future__ import annotations

import fnmatch
import re
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from ckan import logic, plugins
from ckan.lib.search import index as solr_index
from ckan.tests import factories
from ckan.types import Context
from ckanext.scheming.helpers import (  # pyright: ignore[reportMissingTypeStubs]
    scheming_get_dataset_schema,  # pyright: ignore[reportUnknownVariableType]
)

from ckanext.satudata_serang.search import backend
from tests import sdi

SCHEMA = Path(__file__).parents[2] / "docker" / "solr" / "conf" / "schema.xml"
CATCH_ALL = "*"
TEXT = "solr.TextField"
FACETABLE = {"solr.StrField", "solr.BoolField", "solr.IntPointField", "solr.LongPointField"}
INTEGER_CLASSES = {"solr.IntPointField", "solr.LongPointField"}
DATE_CLASSES = {"solr.DatePointField"}
SOLR_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
# Dataset types whose facets the portal offers: its own and ckanext-harvest's sources.
PACKAGE_TYPES = ("dataset", "harvest")


@dataclass(frozen=True)
class Declaration:
    name: str
    field_class: str
    indexed: bool
    multi_valued: bool
    dynamic: bool


def _schema() -> tuple[dict[str, Declaration], list[Declaration]]:
    root = ET.parse(SCHEMA).getroot()
    types = {t.get("name", ""): t for t in root.iter() if t.tag in ("fieldType", "fieldtype")}

    def declaration(element: ET.Element, dynamic: bool) -> Declaration:
        field_type = types[element.get("type", "")]

        def flag(name: str) -> bool:
            value = element.get(name, field_type.get(name, "true" if name == "indexed" else ""))
            return value == "true"

        return Declaration(
            name=element.get("name", ""),
            field_class=field_type.get("class", ""),
            indexed=flag("indexed"),
            multi_valued=flag("multiValued"),
            dynamic=dynamic,
        )

    fields = {f.get("name", ""): declaration(f, False) for f in root.iter("field")}
    dynamic = [declaration(f, True) for f in root.iter("dynamicField")]
    return fields, dynamic


FIELDS, DYNAMIC_FIELDS = _schema()


def declared(key: str) -> Declaration | None:
    """The declaration Solr applies to ``key``, ignoring the catch-all ``*``: an
    explicit field, else the longest matching dynamic field pattern."""
    if key in FIELDS:
        return FIELDS[key]
    patterns = [d for d in DYNAMIC_FIELDS if d.name != CATCH_ALL and fnmatch.fnmatch(key, d.name)]
    return max(patterns, key=lambda d: len(d.name), default=None)


class _CapturingSolr:
    """Stands in for pysolr's connection: keeps what CKAN would send."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def add(self, docs: list[dict[str, Any]], commit: bool = False) -> None:
        self.docs.extend(docs)


@dataclass(frozen=True)
class Documents:
    solr: dict[str, Any]
    postgres: dict[str, Any]


@pytest.fixture(scope="module")
def documents(reset_db: Callable[[], None]) -> Iterator[Documents]:
    reset_db()
    organization = sdi.Organization(name="disdukcapil")
    group = factories.Group(name="kependudukan")
    dataset = sdi.Dataset(
        name="kepadatan-penduduk",
        owner_org=organization["id"],
        groups=[{"name": group["name"]}],
        resources=[
            {
                "url": "http://example.com/kepadatan.csv",
                "format": "CSV",
                "name": "Kepadatan",
                "description": "Per kelurahan",
                "resource_type": "file",
            }
        ],
        **{k: v for k, v in sdi.every_field().items() if k != "owner_org"},
    )
    both = logic.package_show_default_and_custom_schemas(cast(Context, {}), dataset["id"])
    with pytest.MonkeyPatch.context() as patch:
        solr = _CapturingSolr()
        patch.setattr(solr_index, "make_connection", lambda: solr)
        # CKAN's own indexer (the PostgreSQL backend replaces only the names in
        # ckan.lib.search), with the portal's before_dataset_index
        solr_index.PackageSearchIndex().index_package(dict(both[0], with_custom_schema=both[1]))
    postgres = backend.document_for(dict(both[0], with_custom_schema=both[1]))
    yield Documents(solr=solr.docs[0], postgres=postgres.fields)


def _facet_fields() -> set[str]:
    names: set[str] = set()
    for plugin in plugins.PluginImplementations(plugins.IFacets):
        for package_type in PACKAGE_TYPES:
            names.update(plugin.dataset_facets(OrderedDict(), package_type))
            names.update(plugin.organization_facets(OrderedDict(), "organization", package_type))
            names.update(plugin.group_facets(OrderedDict(), "group", package_type))
    return names


def _is_boolean(value: object) -> bool:
    return isinstance(value, bool) or value in ("true", "false")


def _values(raw: object) -> list[object]:
    if isinstance(raw, list | tuple):
        return [v for v in cast(list[object], raw) if v not in (None, "")]
    return [] if raw in (None, "") else [raw]


def test_the_document_is_the_portals(documents: Documents):
    # the fixture really fills what the portal adds, or the checks below prove little
    assert {"urusan", "tahun", "data_prioritas", "status_sejak"} <= set(documents.solr)
    assert documents.solr["urusan"] == ["2.12", "2.20"]


def test_every_indexed_key_is_declared(documents: Documents):
    keys = set(documents.solr) | set(documents.postgres)
    undeclared = sorted(k for k in keys if declared(k) is None)
    assert undeclared == [], f"declare these in {SCHEMA}"


def test_every_dataset_field_of_the_scheming_schema_is_declared():
    schema = cast(dict[str, Any], scheming_get_dataset_schema("dataset"))
    names = {f["field_name"] for f in schema["dataset_fields"]} - {"tag_string"}
    assert sorted(n for n in names if declared(n) is None) == []


def test_every_facet_is_declared_explicitly_and_facets():
    facets = _facet_fields()
    assert {"urusan", "tahun", "topik", "organization"} <= facets
    wrong = {
        name: FIELDS.get(name)
        for name in sorted(facets)
        if name not in FIELDS
        or not FIELDS[name].indexed
        or FIELDS[name].field_class not in FACETABLE
    }
    assert wrong == {}


def test_lists_go_to_multi_valued_fields(documents: Documents):
    lists = {
        k: v
        for k, v in documents.solr.items()
        if isinstance(v, list) and len(cast(list[object], v)) > 1
    }
    assert "urusan" in lists and "tahun" in lists
    single = sorted(k for k in lists if not getattr(declared(k), "multi_valued", True))
    assert single == []


def test_types_fit_the_values(documents: Documents):
    misfits: list[str] = []
    for key, raw in documents.solr.items():
        declaration = declared(key)
        values = _values(raw)
        if declaration is None or not values or declaration.field_class == TEXT:
            continue  # a text field takes any value (CKAN's extras_* copies among them)
        if all(_is_boolean(v) for v in values):
            expected = {"solr.BoolField", "solr.StrField"}
        elif all(isinstance(v, int) for v in values):
            expected = INTEGER_CLASSES
        elif all(isinstance(v, str) and SOLR_DATE.match(v) for v in values):
            expected = DATE_CLASSES
        else:
            expected = None
        if declaration.field_class in DATE_CLASSES and expected != DATE_CLASSES:
            misfits.append(f"{key}={raw!r} is not a Solr date")
        elif expected is not None and declaration.field_class not in expected:
            misfits.append(f"{key}={raw!r} declared {declaration.field_class}")
        elif declaration.field_class in INTEGER_CLASSES and not all(
            re.fullmatch(r"-?\d+", str(v)) for v in values
        ):
            misfits.append(f"{key}={raw!r} is not an integer")
    assert misfits == []


def test_booleans_of_the_portal_are_boolean_fields(documents: Documents):
    booleans = {
        k
        for k, v in documents.postgres.items()
        if _is_boolean(v) and getattr(declared(k), "field_class", None) != TEXT
    }
    assert {"data_prioritas", "private"} <= booleans
    wrong = sorted(
        k for k in booleans if getattr(declared(k), "field_class", None) != "solr.BoolField"
    )
    assert wrong == []
