"""The workflow actions through CKAN: who may take which step, what the public sees."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.types import Context

from tests import sdi
from tests.sdi import act

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def people() -> dict[str, dict[str, Any]]:
    produsen = factories.User(name="produsen_dinkes")
    lain = factories.User(name="produsen_dishub")
    walidata = factories.User(name="walidata_kominfo")
    sdi.Organization(name="dinkes", users=[{"name": produsen["name"], "capacity": "editor"}])
    sdi.Organization(name="dishub", users=[{"name": lain["name"], "capacity": "editor"}])
    sdi.Organization(
        name="diskominfo", walidata=True, users=[{"name": walidata["name"], "capacity": "member"}]
    )
    return {"produsen": produsen, "lain": lain, "walidata": walidata}


def _draft(produsen: dict[str, Any], **fields: Any) -> dict[str, Any]:
    dataset = act(
        produsen, "package_create", **sdi.complete(name="puskesmas", owner_org="dinkes", **fields)
    )
    act(
        produsen,
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/p.csv",
        format="CSV",
    )
    return dataset


def _visible(user: dict[str, Any] | None, name: str) -> bool:
    try:
        act(user, "package_show", id=name)
    except tk.NotAuthorized:
        return False
    return True


def test_the_whole_journey(people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    assert not _visible(None, "puskesmas")
    assert not _visible(walidata, "puskesmas")  # a draft is the OPD's own

    submitted = act(produsen, "satudata_submit", id="puskesmas")
    assert submitted["status_verifikasi"] == "diajukan"
    assert submitted["kelengkapan"]["lulus"] is True
    assert _visible(walidata, "puskesmas")
    assert not _visible(people["lain"], "puskesmas")
    assert not _visible(None, "puskesmas")

    with pytest.raises(tk.ValidationError) as caught:
        act(walidata, "satudata_return", id="puskesmas")
    assert "catatan" in caught.value.error_dict
    act(walidata, "satudata_return", id="puskesmas", note="Definisi belum jelas.")
    assert act(produsen, "package_show", id="puskesmas")["status_verifikasi"] == "perlu_perbaikan"

    act(
        produsen,
        "package_patch",
        id="puskesmas",
        definisi="Jumlah puskesmas aktif per 31 Desember.",
    )
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_approve", id="puskesmas")
    assert not _visible(None, "puskesmas")
    published = act(walidata, "satudata_publish", id="puskesmas")
    assert published["status_verifikasi"] == "ditayangkan"
    shown = act(None, "package_show", id="puskesmas")
    assert shown["private"] is False
    assert act(None, "package_search", q="name:puskesmas")["count"] == 1

    history = act(produsen, "satudata_review_history", id="puskesmas")
    assert [(h["dari"], h["ke"]) for h in history] == [
        ("draft", "diajukan"), ("diajukan", "perlu_perbaikan"), ("perlu_perbaikan", "diajukan"),
        ("diajukan", "disetujui"), ("disetujui", "ditayangkan"),
    ]  # fmt: skip
    assert history[1]["catatan"] == "Definisi belum jelas."
    assert history[1]["oleh"] == "walidata_kominfo"

    act(walidata, "satudata_withdraw", id="puskesmas", note="Data ganda.")
    assert not _visible(None, "puskesmas")


def test_submit_is_refused_with_the_rules_that_fail(people):
    produsen = people["produsen"]
    act(produsen, "package_create", name="kosong", owner_org="dinkes", title="Belum lengkap")
    with pytest.raises(tk.ValidationError) as caught:
        act(produsen, "satudata_submit", id="kosong")
    failed = " ".join(cast(list[str], caught.value.error_dict["kelengkapan"]))
    assert "metadata_wajib_lengkap" in failed
    assert "sumber_daya_terbuka" in failed
    assert act(produsen, "package_show", id="kosong")["status_verifikasi"] == "draft"


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("produsen", "satudata_approve"),
        ("produsen", "satudata_publish"),
        ("lain", "satudata_submit"),
        ("walidata", "satudata_submit"),
        (None, "satudata_submit"),
        ("lain", "satudata_review_history"),
    ],
)
def test_callers_without_the_role_get_403(people, who, action):
    _draft(people["produsen"])
    with pytest.raises(tk.NotAuthorized):
        act(people[who] if who else None, action, id="puskesmas", note="x")


def test_an_impossible_step_explains_the_current_status(people):
    _draft(people["produsen"])
    act(people["produsen"], "satudata_submit", id="puskesmas")
    with pytest.raises(tk.ValidationError) as caught:
        act(people["walidata"], "satudata_publish", id="puskesmas")
    message = cast(list[str], caught.value.error_dict["status_verifikasi"])[0]
    assert "Diajukan ke Walidata" in message
    assert "Disetujui" in message  # the status that would allow it


def test_a_step_on_a_dataset_one_may_not_see_does_not_tell_its_status(people):
    _draft(people["produsen"])  # a draft is the OPD's own: the walidata do not see it
    with pytest.raises(tk.NotAuthorized) as caught:
        act(people["walidata"], "satudata_publish", id="puskesmas")
    assert "Draf" not in str(caught.value)


def test_produsen_cannot_change_a_dataset_under_review(people):
    produsen = people["produsen"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    with pytest.raises(tk.ValidationError) as caught:
        act(produsen, "package_patch", id="puskesmas", title="Diubah diam-diam")
    assert (
        "Diajukan ke Walidata" in cast(list[str], caught.value.error_dict["status_verifikasi"])[0]
    )
    with pytest.raises(tk.ValidationError):
        act(produsen, "resource_create", package_id="puskesmas", url="http://example.com/b.csv")
    assert act(produsen, "package_show", id="puskesmas")["title"] != "Diubah diam-diam"


def test_walidata_curates_directly_and_it_is_logged(people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    act(
        walidata,
        "package_patch",
        id="puskesmas",
        klasifikasi="Menurut kecamatan dan jenis puskesmas",
    )
    assert act(walidata, "package_show", id="puskesmas")["klasifikasi"].endswith("jenis puskesmas")
    last = act(produsen, "satudata_review_history", id="puskesmas")[-1]
    assert last["langkah"] == "ubah"
    assert last["oleh"] == "walidata_kominfo"
    assert last["rincian"] == {"kolom": ["klasifikasi"]}


def test_a_background_job_marking_a_file_loaded_is_not_curation(people):
    """xloader writes as CKAN's site user (datastore_active on the resource): the
    history shows the walidata's and produsen's steps, not the machine's."""
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_approve", id="puskesmas")
    act(walidata, "satudata_publish", id="puskesmas")
    site_user = tk.get_action("get_site_user")(cast(Context, {"ignore_auth": True}), {})
    resource = act(walidata, "package_show", id="puskesmas")["resources"][0]
    act(site_user, "resource_patch", id=resource["id"], last_modified="2026-11-30T10:00:00")
    assert act(None, "resource_show", id=resource["id"])["last_modified"].startswith("2026-11-30")
    steps = [e["langkah"] for e in act(produsen, "satudata_review_history", id="puskesmas")]
    assert steps == ["submit", "approve", "publish"]


def test_walidata_cannot_touch_an_opd_draft(people):
    _draft(people["produsen"])
    with pytest.raises(tk.NotAuthorized):
        act(people["walidata"], "package_patch", id="puskesmas", title="x")


def test_review_queue_lists_what_waits_oldest_first_with_counts(people):
    produsen, walidata = people["produsen"], people["walidata"]
    for name in ("antre-satu", "antre-dua"):
        dataset = act(produsen, "package_create", **sdi.complete(name=name, owner_org="dinkes"))
        act(
            produsen,
            "resource_create",
            package_id=dataset["id"],
            url="http://e.com/a.csv",
            format="CSV",
        )
        act(produsen, "satudata_submit", id=name)
    act(produsen, "package_create", **sdi.complete(name="masih-draf", owner_org="dinkes"))
    queue = act(walidata, "satudata_review_queue")
    assert [r["name"] for r in queue["results"]] == ["antre-satu", "antre-dua"]
    assert queue["per_status"]["diajukan"] == 2
    assert queue["per_status"]["draft"] == 0  # the OPD's drafts are not the walidata's
    assert act(walidata, "satudata_review_queue", organization="dishub")["count"] == 0
    assert act(walidata, "satudata_review_queue", waiting_days=3)["count"] == 0
    assert act(walidata, "satudata_review_queue", waiting_days=0)["count"] == 2
    with pytest.raises(tk.NotAuthorized):
        act(produsen, "satudata_review_queue")
    with pytest.raises(tk.ValidationError):
        act(walidata, "satudata_review_queue", status="bukan-status")


def test_sysadmin_override_needs_a_reason_and_is_recorded(people):
    _draft(people["produsen"])
    admin = factories.Sysadmin()
    with pytest.raises(tk.ValidationError):
        act(admin, "satudata_set_status", id="puskesmas", status="ditayangkan")
    act(
        admin,
        "satudata_set_status",
        id="puskesmas",
        status="ditayangkan",
        reason="Data darurat banjir.",
    )
    assert act(None, "package_show", id="puskesmas")["status_verifikasi"] == "ditayangkan"
    last = act(admin, "satudata_review_history", id="puskesmas")[-1]
    assert (last["langkah"], last["catatan"]) == ("override", "Data darurat banjir.")
    with pytest.raises(tk.NotAuthorized):
        act(people["walidata"], "satudata_set_status", id="puskesmas", status="draft", reason="x")


def test_status_badge_on_the_dataset_page_and_in_search_results(app, people):
    produsen = people["produsen"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    token = factories.APIToken(user=produsen["name"])["token"]
    headers = {"Authorization": token}
    page = app.get("/dataset/puskesmas", headers=headers).body
    assert 'data-status="diajukan"' in page and "Diajukan ke Walidata" in page
    listing = app.get("/dataset/?q=name:puskesmas", headers=headers).body
    assert 'data-status="diajukan"' in listing


def test_timeline_on_the_dataset_page_only_for_those_who_may_read_it(app, people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_return", id="puskesmas", note="Satuan belum sesuai.")
    token = factories.APIToken(user=produsen["name"])["token"]
    page = app.get("/dataset/puskesmas", headers={"Authorization": token}).body
    assert "Riwayat Pemeriksaan" in page
    assert "Satuan belum sesuai." in page
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_approve", id="puskesmas")
    act(walidata, "satudata_publish", id="puskesmas")
    public = app.get("/dataset/puskesmas").body
    assert "Satuan belum sesuai." not in public
    assert "Riwayat Pemeriksaan" not in public
