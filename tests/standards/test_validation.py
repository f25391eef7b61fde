"""A produsen uploads a table to a dataset that follows a standard: CKAN's worker
checks it, the report says which rows and columns fail and why, and the dataset
cannot be submitted until its file passes."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest

from tests.loading.portal import replace_file
from tests.sdi import act, system
from tests.standards.portal import (
    BAD_CSV,
    GOOD_CSV,
    KODE,
    draft_dataset,
    people,
    published_standard,
    report,
    run_checks,
    upload_table,
)

pytestmark = pytest.mark.usefixtures("clean_db", "with_request_context")


@pytest.fixture
def users() -> dict[str, dict[str, Any]]:
    found = people()
    published_standard(found["walidata"])
    return found


def _submit_refusal(produsen: dict[str, Any], dataset: dict[str, Any]) -> str:
    with pytest.raises(tk.ValidationError) as caught:
        act(produsen, "satudata_submit", id=dataset["id"])
    return " ".join(cast(list[str], caught.value.error_dict["kelengkapan"]))


def test_a_table_that_follows_the_standard_passes(users):
    produsen = users["produsen"]
    dataset = draft_dataset(produsen)
    resource = upload_table(produsen, dataset, GOOD_CSV)
    assert report(resource["id"])["status"] == "antri"
    assert len(run_checks()) == 1
    found = report(resource["id"])
    assert (found["status"], found["baris"], found["laporan"]) == ("lulus", 3, [])
    assert found["standar"] == f"{KODE}@1" and found["terkini"]
    assert act(produsen, "satudata_submit", id=dataset["id"])["status_verifikasi"] == "diajukan"


def test_a_failing_table_blocks_the_submission_until_it_is_fixed(users):
    produsen = users["produsen"]
    dataset = draft_dataset(produsen)
    resource = upload_table(produsen, dataset, BAD_CSV)
    run_checks()
    found = act(produsen, "satudata_validasi_show", resource_id=resource["id"])
    assert (found["status"], found["jumlah_galat"]) == ("gagal", 3)
    assert [(p["baris"], p["kolom"], p["nilai"]) for p in found["laporan"]] == [
        (3, "kode_kecamatan", "36.74.01"),
        (4, "tahun", "20x3"),
        (4, "jumlah_penduduk", ""),
    ]
    assert found["laporan"][1]["pesan"] == 'Baris 4, kolom "tahun": "20x3" bukan tahun (4 angka).'

    refusal = _submit_refusal(produsen, dataset)
    assert "standar_data_terpenuhi" in refusal and "penduduk.csv=gagal" in refusal
    shown = act(produsen, "satudata_completeness_show", id=dataset["id"])
    rule = {r["aturan"]: r for r in shown["aturan"]}["standar_data_terpenuhi"]
    assert rule["wajib"] and not rule["lulus"] and rule["label"] != "standar_data_terpenuhi"
    assert act(produsen, "package_show", id=dataset["id"])["status_verifikasi"] == "draft"

    replace_file(produsen, resource, "penduduk.csv", GOOD_CSV)
    assert report(resource["id"])["status"] == "antri"
    # not yet checked: still refused
    assert "penduduk.csv=antri" in _submit_refusal(produsen, dataset)
    run_checks()
    assert report(resource["id"])["status"] == "lulus"
    assert act(produsen, "satudata_submit", id=dataset["id"])["status_verifikasi"] == "diajukan"


def test_a_new_standard_for_the_dataset_checks_its_file_again(users):
    produsen, walidata = users["produsen"], users["walidata"]
    dataset = draft_dataset(produsen, standar_data="")
    resource = upload_table(produsen, dataset, BAD_CSV)
    assert run_checks() == []
    assert system("satudata_validasi_show", resource_id=resource["id"]) is None
    act(produsen, "satudata_submit", id=dataset["id"])  # no standard: nothing to check
    act(walidata, "satudata_return", id=dataset["id"], note="Ikuti standar penduduk.")

    act(produsen, "package_patch", id=dataset["id"], standar_data=f"{KODE}@1")
    assert len(run_checks()) == 1
    assert report(resource["id"])["status"] == "gagal"
    assert "penduduk.csv=gagal" in _submit_refusal(produsen, dataset)
    # editing a description is no new file: nothing is checked again
    act(produsen, "resource_patch", id=resource["id"], description="Tabel penduduk 2023.")
    assert run_checks() == []


def test_a_resource_can_be_exempted_or_follow_another_standard(users):
    produsen = users["produsen"]
    dataset = draft_dataset(produsen)
    summary = upload_table(produsen, dataset, b"ringkasan,nilai\ntotal,3\n", "ringkasan.csv")
    run_checks()
    assert report(summary["id"])["status"] == "gagal"
    act(produsen, "resource_patch", id=summary["id"], standar_data="tanpa")
    assert system("satudata_validasi_show", resource_id=summary["id"]) is None
    assert act(produsen, "satudata_submit", id=dataset["id"])["status_verifikasi"] == "diajukan"


def test_only_a_published_standard_can_be_attached(users):
    walidata, produsen = users["walidata"], users["produsen"]
    act(walidata, "satudata_standar_update", kode=KODE, judul="Versi 2 (draf)")
    with pytest.raises(tk.ValidationError) as caught:
        draft_dataset(produsen, standar_data=f"{KODE}@2")
    assert "standar_data" in caught.value.error_dict
    with pytest.raises(tk.ValidationError):
        draft_dataset(produsen, standar_data="tidak-ada@1")


def test_the_check_can_be_run_again_by_its_editors_and_the_walidata(users):
    produsen = users["produsen"]
    dataset = draft_dataset(produsen)
    resource = upload_table(produsen, dataset, GOOD_CSV)
    run_checks()
    for who in ("produsen", "walidata"):
        queued = act(users[who], "satudata_validasi_jalankan", resource_id=resource["id"])
        assert queued["status"] == "antri"
        assert len(run_checks()) == 1
        assert report(resource["id"])["status"] == "lulus"
    with pytest.raises(tk.NotAuthorized):
        act(users["lain"], "satudata_validasi_jalankan", resource_id=resource["id"])
    with pytest.raises(tk.NotAuthorized):
        act(None, "satudata_validasi_jalankan", resource_id=resource["id"])


def test_the_report_is_seen_by_whoever_sees_the_dataset(users):
    produsen = users["produsen"]
    dataset = draft_dataset(produsen)
    resource = upload_table(produsen, dataset, BAD_CSV)
    run_checks()
    assert act(produsen, "satudata_validasi_show", resource_id=resource["id"])["status"] == "gagal"
    # a draft is the OPD's own: another OPD, the walidata and the public do not see it
    for who in ("lain", "walidata", None):
        with pytest.raises(tk.NotAuthorized):
            act(users[who] if who else None, "satudata_validasi_show", resource_id=resource["id"])


def test_a_link_that_cannot_be_downloaded_is_a_clear_error(users):
    produsen = users["produsen"]
    dataset = draft_dataset(produsen)
    resource = act(
        produsen,
        "resource_create",
        package_id=dataset["id"],
        url="http://127.0.0.1:9/penduduk.csv",
        format="CSV",
        name="penduduk.csv",
    )
    run_checks()
    found = report(resource["id"])
    assert found["status"] == "galat"
    assert found["pesan"].startswith("Berkas dari tautan tidak dapat diunduh untuk diperiksa: ")
    assert "127.0.0.1" in found["pesan"]  # a loopback address is never fetched
    assert "penduduk.csv=galat" in _submit_refusal(produsen, dataset)
