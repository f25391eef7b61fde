"""The Daftar Data actions against the real portal: who may do what, and where each
period stands as datasets are linked, submitted and published."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from tests.daftar.portal import dataset, entry, people
from tests.sdi import act


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    return people()


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_quarterly_entry_owes_four_quarters_and_knows_which_were_delivered(
    opd: dict[str, Any],
) -> None:
    made = entry(opd["walidata"], frekuensi="triwulanan", tenggat={"2026-T2": "15/08/2026"})
    assert [(p["kode"], p["tenggat"], p["tenggat_diubah"]) for p in made["periode"]] == [
        ("2026-T1", "2026-04-30", False),
        ("2026-T2", "2026-08-15", True),
        ("2026-T3", "2026-10-31", False),
        ("2026-T4", "2027-01-31", False),
    ]
    dataset(opd["disdukcapil"], made["id"], "diajukan", ["2026-T2"])
    # Q1 due 30 April: late on 15 May
    shown = act(opd["walidata"], "satudata_daftar_show", id=made["id"])
    assert [p["status"] for p in shown["periode"]] == ["terlambat", "diajukan", "belum", "belum"]

    dataset(opd["disdukcapil"], made["id"], "ditayangkan", ["2026-T1"], name="triwulan-1")
    shown = act(opd["walidata"], "satudata_daftar_show", id=made["id"])
    assert [p["status"] for p in shown["periode"]] == ["terpenuhi", "diajukan", "belum", "belum"]
    assert shown["ringkasan"]["terpenuhi"] == 1
    assert shown["ringkasan"]["persen_terpenuhi"] == 25.0


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_only_the_walidata_manage_the_list(opd: dict[str, Any]) -> None:
    for user in (opd["produsen"], opd["admin"], opd["warga"], None):
        with pytest.raises(tk.NotAuthorized):
            entry(user)
    made = entry(opd["walidata"])
    with pytest.raises(tk.NotAuthorized):
        act(opd["produsen"], "satudata_daftar_update", id=made["id"], nama="Lain")
    with pytest.raises(tk.NotAuthorized):
        act(opd["produsen"], "satudata_daftar_delete", id=made["id"])
    changed = act(opd["walidata"], "satudata_daftar_update", id=made["id"], frekuensi="semesteran")
    assert [p["kode"] for p in changed["periode"]] == ["2026-S1", "2026-S2"]
    assert changed["nama"] == made["nama"]


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_wrong_entry_is_refused_field_by_field_in_indonesian(opd: dict[str, Any]) -> None:
    with pytest.raises(tk.ValidationError) as refused:
        entry(opd["walidata"], organization="DINSOSX", frekuensi="sebulan", tahun="20x6")
    errors = refused.value.error_dict
    assert errors["organization"] == ["OPD “DINSOSX” tidak dikenal."]
    assert errors["frekuensi"] == ["Frekuensi “sebulan” tidak dikenal."]
    assert errors["tahun"] == ["Tahun “20x6” bukan tahun."]
    entry(opd["walidata"])
    with pytest.raises(tk.ValidationError) as twice:
        entry(opd["walidata"], nama="jumlah PENDUDUK menurut kecamatan")
    assert twice.value.error_dict["nama"] == [
        "jumlah PENDUDUK menurut kecamatan sudah ada dalam Daftar Data 2026 OPD ini."
    ]


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_private_public_page_off_each_opd_reads_only_its_own(
    opd: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.daftar_publik", False)
    entry(opd["walidata"])
    entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES")
    assert [e["nama"] for e in act(opd["produsen"], "satudata_daftar_list")] == [
        "Jumlah penduduk menurut kecamatan"
    ]
    assert len(act(opd["walidata"], "satudata_daftar_list")) == 2
    for user in (opd["warga"], None):
        with pytest.raises(tk.NotAuthorized):
            act(user, "satudata_daftar_list")
        with pytest.raises(tk.NotAuthorized):
            act(user, "satudata_compliance")
    with pytest.raises(tk.NotAuthorized):
        act(opd["produsen"], "satudata_compliance", organization="dinkes")


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_linked_datasets_the_reader_may_not_see_are_not_named(opd: dict[str, Any]) -> None:
    made = entry(opd["walidata"])
    hidden = dataset(opd["disdukcapil"], made["id"], "diajukan", ["2026"], name="belum-tayang")
    public = act(None, "satudata_daftar_show", id=made["id"])
    assert public["periode"][0]["status"] == "diajukan"
    assert public["dataset"] == [] and public["periode"][0]["dataset"] == []
    own = act(opd["produsen"], "satudata_daftar_show", id=made["id"])
    assert [d["name"] for d in own["dataset"]] == [hidden["name"]]


@pytest.mark.freeze_time("2027-02-10 09:00:00")
def test_compliance_per_opd_against_hand_counted_numbers(opd: dict[str, Any]) -> None:
    # DISDUKCAPIL owes 1 (tahunan 2026, due 31 Mar 2027) + 4 quarters = 5 periods
    yearly = entry(opd["walidata"])
    quarterly = entry(opd["walidata"], nama="Kelahiran", frekuensi="triwulanan", prioritas=True)
    dataset(opd["disdukcapil"], quarterly["id"], "ditayangkan", ["2026-T1", "2026-T2"])
    dataset(opd["disdukcapil"], quarterly["id"], "diajukan", ["2026-T3"], name="t3")
    # T4 was due 31 Jan 2027: late; the yearly one is not due yet
    # DINKES owes 12 months, delivered one table covering the whole year
    monthly = entry(
        opd["walidata"], nama="Kunjungan puskesmas", organization="DINKES", frekuensi="bulanan"
    )
    dataset(opd["dinkes"], monthly["id"], "ditayangkan", ["2026"], name="setahun")

    found = act(opd["walidata"], "satudata_compliance", tahun=2026)

    rows = {r["organization"]["name"]: r for r in found["opd"]}
    assert {k: rows["disdukcapil"][k] for k in ("entri", "wajib", "terpenuhi", "diajukan", "terlambat", "belum", "jatuh_tempo")} == {
        "entri": 2, "wajib": 5, "terpenuhi": 2, "diajukan": 1, "terlambat": 1, "belum": 1, "jatuh_tempo": 4,
    }  # fmt: skip
    assert rows["disdukcapil"]["persen_terpenuhi"] == 40.0
    assert rows["dinkes"]["wajib"] == 12 and rows["dinkes"]["terpenuhi"] == 12
    assert [r["organization"]["name"] for r in found["opd"]] == ["dinkes", "disdukcapil"]
    assert found["kota"]["wajib"] == 17 and found["kota"]["terpenuhi"] == 14
    prioritas = act(opd["walidata"], "satudata_compliance", tahun=2026, prioritas=True)
    assert [(r["organization"]["name"], r["wajib"]) for r in prioritas["opd"]] == [
        ("disdukcapil", 4)
    ]
    assert yearly["periode"][0]["tenggat"] == "2027-03-31"


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_dataset_links_only_to_an_entry_of_its_own_opd(opd: dict[str, Any]) -> None:
    other = entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES")
    with pytest.raises(tk.ValidationError) as refused:
        dataset(opd["disdukcapil"], other["id"], "draft", [])
    assert refused.value.error_dict["daftar_data"] == ["Entri Daftar Data ini milik OPD lain."]
    own = entry(opd["walidata"])
    made = dataset(opd["disdukcapil"], "", "ditayangkan", ["2026"])
    with pytest.raises(tk.NotAuthorized):
        act(opd["produsen"], "satudata_daftar_tautkan", package_id=made["id"], entri_id=own["id"])
    act(opd["walidata"], "satudata_daftar_tautkan", package_id=made["id"], entri_id=own["id"])
    assert act(None, "package_show", id=made["id"])["daftar_data"] == own["id"]
    assert act(None, "satudata_daftar_show", id=own["id"])["periode"][0]["status"] == "terpenuhi"


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_years_list_is_copied_into_the_next(opd: dict[str, Any]) -> None:
    entry(opd["walidata"], frekuensi="triwulanan", tenggat={"2026-T1": "15/05/2026"})
    entry(opd["walidata"], nama="Kelahiran", tahun=2027)
    copied = act(opd["walidata"], "satudata_daftar_salin", dari=2026, ke=2027)
    assert copied == {"disalin": 1, "dilewati": 0}
    again = act(opd["walidata"], "satudata_daftar_salin", dari=2026, ke=2027)
    assert again == {"disalin": 0, "dilewati": 1}
    new = [
        e
        for e in act(opd["walidata"], "satudata_daftar_list", tahun=2027)
        if e["nama"].startswith("Jumlah")
    ]
    assert [(p["kode"], p["tenggat"]) for p in new[0]["periode"]][:2] == [
        ("2027-T1", "2027-05-15"),
        ("2027-T2", "2027-07-31"),
    ]
