from __future__ import annotations

from typing import Any

from ckanext.satudata_serang.workflow import completeness
from tests import sdi

MANDATORY = ["notes", "konsep", "definisi", "ukuran", "satuan", "frekuensi", "tahun_mulai",
             "cakupan_wilayah", "level_penyajian", "urusan", "topik", "sifat_data",
             "cara_pengumpulan", "kontak_nama", "kontak_email"]  # fmt: skip


def _dataset(**fields: Any) -> dict[str, Any]:
    return {
        **sdi.every_field(),
        "resources": [{"format": "CSV", "description": "Tabel"}],
        **fields,
    }


def _failed(check: completeness.Check) -> dict[str, str]:
    return {r.rule: r.detail for r in check.failed_mandatory}


def test_a_complete_dataset_passes_with_full_score():
    check = completeness.check(_dataset(), MANDATORY)
    assert check.passed
    assert check.score == 100


def test_missing_fields_are_named():
    check = completeness.check(_dataset(konsep="", urusan=[]), MANDATORY)
    assert _failed(check) == {"metadata_wajib_lengkap": "konsep, urusan"}


def test_an_open_machine_readable_resource_is_required():
    assert "sumber_daya_terbuka" in _failed(
        completeness.check(_dataset(resources=[{"format": "PDF"}]), MANDATORY)
    )
    assert "sumber_daya_terbuka" in _failed(completeness.check(_dataset(resources=[]), MANDATORY))
    assert completeness.check(_dataset(resources=[{"format": "xlsx "}]), MANDATORY).passed


def test_exemption_basis_needed_unless_terbuka():
    check = completeness.check(_dataset(sifat_data="tertutup", dasar_pengecualian=""), MANDATORY)
    assert "dasar_pengecualian_ada" in _failed(check)
    assert completeness.check(
        _dataset(sifat_data="terbuka", dasar_pengecualian=""), MANDATORY
    ).passed


def test_codes_no_longer_listed_fail():
    check = completeness.check(_dataset(urusan=["1.02", "9.99"], topik="lama"), MANDATORY)
    assert _failed(check) == {"kode_referensi_valid": "urusan=9.99, topik=lama"}


def test_optional_rules_only_lower_the_score():
    check = completeness.check(_dataset(metodologi="", tags=[], notes="Pendek."), MANDATORY)
    assert check.passed
    assert check.score < 100
    assert {r["aturan"] for r in check.as_dict()["aturan"] if not r["lulus"]} == {
        "metodologi_terisi", "kata_kunci_ada", "deskripsi_memadai",
    }  # fmt: skip
