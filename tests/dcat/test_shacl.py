"""The DCAT output validates against the official DCAT-AP 3.0.0 SHACL shapes
(tests/dcat/shapes/, pyshacl, no inference: every class the shapes ask for is
stated in the output itself) with zero violations: a fully filled dataset, open
and restricted, and the whole demo catalog as /catalog.ttl serves it.

The shapes also report warnings where a value is not from an EU vocabulary. Each
kind the portal produces is a named, justified exception below (and in
docs/dcat.md); any other warning fails the test like a violation would.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from ckanext.satudata_serang.demo import seed
from tests.dcat.exports import export, full_dataset, opd

SHAPES = Path(__file__).parent / "shapes"
SHAPE_FILES = ("dcat-ap-SHACL.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")


@dataclass(frozen=True)
class Exception_:
    """A warning of the shapes the portal cannot avoid, and why."""

    path: URIRef
    focus_class: URIRef
    reason: str


JUSTIFIED_WARNINGS: dict[str, Exception_] = {
    "publisher-not-an-eu-corporate-body": Exception_(
        DCTERMS.publisher,
        DCAT.Dataset,
        "The publisher is a Kota Serang OPD (or the city, for the catalog); the EU "
        "corporate-body table lists EU institutions only.",
    ),
    "catalog-publisher-not-an-eu-corporate-body": Exception_(
        DCTERMS.publisher,
        DCAT.Catalog,
        "Likewise for the catalog's publisher, Pemerintah Kota Serang.",
    ),
    "spatial-is-a-kemendagri-region": Exception_(
        DCTERMS.spatial,
        DCAT.Dataset,
        "Coverage is a Kemendagri region code (Kota Serang, its kecamatan), which no EU "
        "place, country or continent URI and no GeoNames URI the portal can verify "
        "expresses at that level.",
    ),
    "theme-is-an-sdi-code": Exception_(
        DCAT.theme,
        DCAT.Dataset,
        "Themes are the SDI topik and the urusan of Permendagri 90/2019, the portal's "
        "own SKOS schemes, as the national SDI portal expects; the EU data-theme table "
        "has no equivalent for most of them.",
    ),
    "catalog-theme-taxonomy-is-the-portals": Exception_(
        DCAT.themeTaxonomy,
        DCAT.Catalog,
        "The catalog lists the schemes its datasets use (topik, urusan), not the EU "
        "data-theme table, which no dataset uses.",
    ),
}


@dataclass(frozen=True)
class Finding:
    severity: URIRef
    focus: str
    focus_classes: frozenset[URIRef]
    path: URIRef | None
    message: str

    def exception(self) -> str | None:
        """The name of the justified exception this warning is, if any."""
        if self.severity != SH.Warning:
            return None
        for name, exception in JUSTIFIED_WARNINGS.items():
            if self.path == exception.path and exception.focus_class in self.focus_classes:
                return name
        return None


@functools.cache
def _shapes() -> Graph:
    shapes = Graph()
    for name in SHAPE_FILES:
        shapes.parse(SHAPES / name, format="turtle")
    return shapes


def validate(data: Graph) -> list[Finding]:
    """Every top-level result of the SHACL report."""
    _, report, _ = pyshacl.validate(
        data, shacl_graph=_shapes(), inference="none", allow_warnings=True
    )
    assert isinstance(report, Graph)
    findings: list[Finding] = []
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        assert isinstance(severity, URIRef)
        findings.append(
            Finding(
                severity=severity,
                focus=str(focus),
                focus_classes=frozenset(
                    cls for cls in data.objects(focus, RDF.type) if isinstance(cls, URIRef)
                ),
                path=path if isinstance(path, URIRef) else None,
                message=str(report.value(result, SH.resultMessage)),
            )
        )
    return findings


def assert_valid(data: Graph) -> dict[str, int]:
    """Zero violations, and no warning but the justified ones (counted by name)."""
    findings = validate(data)
    violations = [f for f in findings if f.severity == SH.Violation]
    assert not violations, "\n".join(f"{f.focus} {f.path} {f.message}" for f in violations)
    unexplained = [f for f in findings if f.exception() is None]
    assert not unexplained, "\n".join(f"{f.focus} {f.path} {f.message}" for f in unexplained)
    counts: dict[str, int] = {}
    for finding in findings:
        name = str(finding.exception())
        counts[name] = counts.get(name, 0) + 1
    return counts


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("sifat", ["terbuka", "terbatas"])
def test_a_fully_filled_dataset_has_no_violation(sifat):
    dasar = {} if sifat == "terbatas" else {"dasar_pengecualian": ""}
    dataset = full_dataset(opd()["id"], sifat_data=sifat, **dasar)
    counts = assert_valid(export(dataset, catalog=True))
    assert set(counts) <= set(JUSTIFIED_WARNINGS)


def test_the_whole_demo_catalog_has_no_violation(app, clean_db):
    seed.seed_organizations()
    seed.seed_datasets()
    response = app.get("/catalog.ttl")
    assert response.status_code == 200
    catalog = Graph().parse(data=response.body, format="turtle")
    datasets = set(catalog.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 8  # every demo dataset is published, none is tertutup
    for dataset in datasets:  # the SDI profile went over each one
        assert any(catalog.objects(dataset, DCAT.theme)), dataset
    counts = assert_valid(catalog)
    assert set(counts) <= set(JUSTIFIED_WARNINGS)


@pytest.mark.usefixtures("clean_db")
def test_the_validation_does_catch_a_violation():
    """The shapes are really applied: a format given as text, as ckanext-dcat alone
    writes it, is a violation."""
    graph = export(full_dataset(opd()["id"]))
    distribution = next(iter(graph.subjects(RDF.type, DCAT.Distribution)))
    graph.remove((distribution, DCTERMS["format"], None))
    graph.add((distribution, DCTERMS["format"], Literal("CSV")))
    violations = [f for f in validate(graph) if f.severity == SH.Violation]
    assert {f.path for f in violations} == {DCTERMS["format"]}
