"""The completeness rule standar_data_terpenuhi: which resources follow which
standard, and what keeps a dataset from being submitted. No CKAN."""

from __future__ import annotations

from typing import Any

from ckanext.satudata_serang.standards.rule import ValidationState, effective_standard, unmet
from ckanext.satudata_serang.workflow import completeness
from tests import sdi

STANDAR = "penduduk-per-kecamatan@1"


def _dataset(*resources: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**sdi.every_field(), "standar_data": STANDAR, "resources": list(resources), **fields}


CSV = {"id": "r1", "name": "penduduk.csv", "format": "CSV", "description": "Tabel"}
PDF = {"id": "r2", "name": "metodologi.pdf", "format": "PDF", "description": "Catatan"}


def test_the_dataset_standard_applies_to_its_tables_only():
    dataset = _dataset(CSV, PDF)
    assert effective_standard(CSV, dataset) == STANDAR
    assert effective_standard(PDF, dataset) is None


def test_a_resource_may_follow_another_standard_or_none():
    dataset = _dataset()
    assert effective_standard({**PDF, "standar_data": "lain@2"}, dataset) == "lain@2"
    assert effective_standard({**CSV, "standar_data": "tanpa"}, dataset) is None


def test_only_a_passed_check_of_the_current_file_and_standard_counts():
    dataset = _dataset(CSV, PDF)
    passed = ValidationState("lulus", STANDAR, current=True)
    assert unmet(dataset, {"r1": passed}) == []
    assert unmet(dataset, {}) == ["penduduk.csv=belum_diperiksa"]
    assert unmet(dataset, {"r1": ValidationState("gagal", STANDAR, True)}) == ["penduduk.csv=gagal"]
    assert unmet(dataset, {"r1": ValidationState("lulus", STANDAR, False)}) == [
        "penduduk.csv=berkas_berubah"
    ]
    assert unmet(dataset, {"r1": ValidationState("lulus", "lain@1", True)}) == [
        "penduduk.csv=standar_berubah"
    ]


def test_the_rule_is_mandatory_in_the_completeness_check():
    dataset = _dataset(CSV)
    failing = completeness.check(dataset, [], {"r1": ValidationState("antri", STANDAR, True)})
    assert not failing.passed
    assert [(r.rule, r.detail) for r in failing.failed_mandatory] == [
        ("standar_data_terpenuhi", "penduduk.csv=antri")
    ]
    assert completeness.check(dataset, [], {"r1": ValidationState("lulus", STANDAR, True)}).passed


def test_a_dataset_without_a_standard_passes_the_rule():
    check = completeness.check(_dataset(CSV, standar_data=""), [])
    assert check.passed
