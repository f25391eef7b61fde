"""Edits to a published dataset wait for the walidata; the public keeps the live one."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from tests import sdi

from .test_actions import _draft, act, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def published(people):  # noqa: F811
    _draft(people["produsen"])
    for step, who in (("satudata_submit", "produsen"), ("satudata_approve", "walidata"),
                      ("satudata_publish", "walidata")):  # fmt: skip
        act(people[who], step, id="puskesmas")
    return people


def test_a_produsen_edit_waits_and_the_public_sees_the_live_version(published):
    produsen, walidata = published["produsen"], published["walidata"]
    before = act(None, "package_show", id="puskesmas")
    result = act(
        produsen,
        "package_patch",
        id="puskesmas",
        title="Jumlah Puskesmas Terkini",
        klasifikasi="Menurut kecamatan",
    )
    assert result["title"] == before["title"]
    assert result["revisi_menunggu"]["status"] == "menunggu"
    assert act(None, "package_show", id="puskesmas")["title"] == before["title"]
    assert act(None, "package_search", q="Terkini")["count"] == 0

    revision = act(walidata, "satudata_revision_show", id="puskesmas")
    changes = {c["kolom"]: (c["lama"], c["baru"]) for c in revision["perubahan"]}
    assert changes == {
        "title": (before["title"], "Jumlah Puskesmas Terkini"),
        "klasifikasi": (before["klasifikasi"], "Menurut kecamatan"),
    }

    act(walidata, "satudata_approve", id="puskesmas")
    live = act(None, "package_show", id="puskesmas")
    assert live["title"] == "Jumlah Puskesmas Terkini"
    assert live["status_verifikasi"] == "ditayangkan"
    assert act(walidata, "satudata_revision_show", id="puskesmas") is None
    assert (
        act(produsen, "satudata_review_history", id="puskesmas")[-1]["langkah"]
        == "revisi_disetujui"
    )


def test_a_returned_revision_leaves_the_live_version(published):
    produsen, walidata = published["produsen"], published["walidata"]
    act(produsen, "package_patch", id="puskesmas", title="Judul Keliru")
    with pytest.raises(tk.ValidationError):
        act(walidata, "satudata_return", id="puskesmas")  # a note is required
    act(walidata, "satudata_return", id="puskesmas", note="Judul tidak sesuai standar.")
    assert act(None, "package_show", id="puskesmas")["title"] != "Judul Keliru"
    last = act(produsen, "satudata_review_history", id="puskesmas")[-1]
    assert (last["langkah"], last["catatan"]) == (
        "revisi_dikembalikan",
        "Judul tidak sesuai standar.",
    )


def test_an_invalid_revision_is_refused_at_once(published):
    with pytest.raises(tk.ValidationError) as caught:
        act(published["produsen"], "package_patch", id="puskesmas", kontak_email="bukan-email")
    assert "kontak_email" in caught.value.error_dict
    assert act(published["walidata"], "satudata_revision_show", id="puskesmas") is None


def test_files_of_a_published_dataset_are_not_changed_by_the_produsen(published):
    with pytest.raises(tk.ValidationError):
        act(
            published["produsen"],
            "resource_create",
            package_id="puskesmas",
            url="http://e.com/b.csv",
            format="CSV",
        )
    assert len(act(None, "package_show", id="puskesmas")["resources"]) == 1


def test_walidata_edits_apply_directly(published):
    act(published["walidata"], "package_patch", id="puskesmas", title="Diperbaiki Walidata")
    assert act(None, "package_show", id="puskesmas")["title"] == "Diperbaiki Walidata"


def test_approve_without_a_revision_is_refused(published):
    with pytest.raises(tk.ValidationError):
        act(published["walidata"], "satudata_approve", id="puskesmas")
    assert sdi  # the shared helpers stay imported for the fixtures
