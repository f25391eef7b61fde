"""The standards through CKAN's actions: who may manage them, who sees what, and a
published version never changing."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from tests.sdi import act
from tests.standards.portal import JUDUL, KODE, people, published_standard, skema

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def users() -> dict[str, dict[str, Any]]:
    return people()


def test_the_walidata_create_and_publish_a_standard(users):
    walidata = users["walidata"]
    draft = act(walidata, "satudata_standar_create", kode=KODE, judul=JUDUL, skema=skema())
    assert (draft["versi"], draft["status"], draft["ref"]) == (1, "draf", f"{KODE}@1")
    shown = act(walidata, "satudata_standar_terbitkan", kode=KODE)
    assert shown["status"] == "berlaku" and shown["berlaku_pada"]
    # the code list is expanded for whoever uses the standard
    expanded = act(None, "satudata_standar_show", kode=KODE)["skema_lengkap"]
    assert expanded["fields"][0]["constraints"]["enum"][-1] == "36.73.06"


def test_a_published_version_never_changes_a_change_is_the_next_version(users):
    walidata = users["walidata"]
    published_standard(walidata)
    changed = skema()
    changed["fields"][2]["constraints"]["maximum"] = 2_000_000
    second = act(walidata, "satudata_standar_update", kode=KODE, skema=changed)
    assert (second["versi"], second["status"], second["versi_baru"]) == (2, "draf", True)
    first = act(walidata, "satudata_standar_show", kode=KODE, versi=1)
    assert first["skema"] == skema() and first["status"] == "berlaku"
    # the draft changes in place until it is published
    again = act(walidata, "satudata_standar_update", kode=KODE, judul="Penduduk per kecamatan")
    assert (again["versi"], again["versi_baru"]) == (2, False)
    act(walidata, "satudata_standar_terbitkan", kode=KODE, versi=2)
    with pytest.raises(tk.ValidationError) as caught:
        act(walidata, "satudata_standar_terbitkan", kode=KODE, versi=2)
    assert "versi" in caught.value.error_dict
    assert [v["versi"] for v in act(None, "satudata_standar_show", kode=KODE)["versi_lain"]] == [
        2,
        1,
    ]


def test_an_unchanged_update_makes_no_version(users):
    walidata = users["walidata"]
    published_standard(walidata)
    same = act(walidata, "satudata_standar_update", kode=KODE, skema=skema(), judul=JUDUL)
    assert (same["versi"], same["versi_baru"], same["status"]) == (1, False, "berlaku")


def test_a_schema_with_mistakes_is_refused_with_the_reasons(users):
    with pytest.raises(tk.ValidationError) as caught:
        act(
            users["walidata"],
            "satudata_standar_create",
            kode=KODE,
            judul=JUDUL,
            skema='{"fields": [{"name": "tahun", "type": "angka"}]',
        )
    errors = cast(dict[str, list[str]], caught.value.error_dict)
    assert errors["skema"][0].startswith("Skema bukan JSON yang sah: baris 1")
    with pytest.raises(tk.ValidationError) as caught:
        act(
            users["walidata"],
            "satudata_standar_create",
            kode=KODE,
            judul=JUDUL,
            skema={"fields": [{"name": "tahun", "type": "angka"}]},
        )
    assert 'tipe "angka" tidak dikenal' in caught.value.error_dict["skema"][0]  # pyright: ignore[reportIndexIssue,reportOptionalSubscript]


def test_a_code_is_used_once(users):
    published_standard(users["walidata"])
    with pytest.raises(tk.ValidationError) as caught:
        act(users["walidata"], "satudata_standar_create", kode=KODE, judul="Lain", skema=skema())
    assert "kode" in caught.value.error_dict


@pytest.mark.parametrize(
    "action",
    [
        "satudata_standar_create",
        "satudata_standar_update",
        "satudata_standar_terbitkan",
        "satudata_standar_cabut",
    ],
)
@pytest.mark.parametrize("who", ["produsen", None])
def test_only_the_walidata_manage_standards(users, who, action):
    act(users["walidata"], "satudata_standar_create", kode=KODE, judul=JUDUL, skema=skema())
    with pytest.raises(tk.NotAuthorized):
        act(
            users[who] if who else None,
            action,
            kode=KODE,
            versi=1,
            judul="Diubah",
            skema=skema(),
        )


def test_a_sysadmin_manages_standards_too():
    admin = factories.Sysadmin()
    act(admin, "satudata_standar_create", kode=KODE, judul=JUDUL, skema=skema())
    assert act(admin, "satudata_standar_terbitkan", kode=KODE)["status"] == "berlaku"


def test_the_public_sees_only_versions_in_force(users):
    walidata = users["walidata"]
    published_standard(walidata)
    act(walidata, "satudata_standar_update", kode=KODE, judul="Versi 2 (draf)")
    act(walidata, "satudata_standar_create", kode="sekolah", judul="Sekolah", skema=skema())
    for who in (None, users["produsen"]):
        listed = act(who, "satudata_standar_list")
        assert [(s["kode"], s["versi"], s["status"]) for s in listed] == [(KODE, 1, "berlaku")]
        shown = act(who, "satudata_standar_show", kode=KODE)
        assert (shown["versi"], [v["versi"] for v in shown["versi_lain"]]) == (1, [1])
        for hidden in ({"kode": "sekolah"}, {"kode": KODE, "versi": 2}):
            with pytest.raises(tk.ObjectNotFound):
                act(who, "satudata_standar_show", **hidden)
    listed = act(walidata, "satudata_standar_list")
    assert [(s["kode"], s["versi"], s["status"], s["versi_berlaku"]) for s in listed] == [
        (KODE, 2, "draf", 1),
        ("sekolah", 1, "draf", None),
    ]


def test_a_withdrawn_version_leaves_the_public_list(users):
    walidata = users["walidata"]
    published_standard(walidata)
    act(walidata, "satudata_standar_cabut", kode=KODE, versi=1)
    assert act(None, "satudata_standar_list") == []
    assert act(walidata, "satudata_standar_show", kode=KODE)["status"] == "dicabut"
    with pytest.raises(tk.ValidationError):
        act(walidata, "satudata_standar_cabut", kode=KODE, versi=1)
