"""The SDI completeness check kept on every submit: what the produsen and the walidata
read of it through satudata_completeness_show and on the dataset page, and that no one
else does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from tests import sdi
from tests.sdi import act

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def people() -> dict[str, dict[str, Any]]:
    produsen = factories.User(name="produsen_dinkes", fullname="Rina Dinkes")
    lain = factories.User(name="produsen_dishub")
    walidata = factories.User(name="walidata_kominfo", fullname="Walidata Kominfo")
    sdi.Organization(name="dinkes", users=[{"name": produsen["name"], "capacity": "editor"}])
    sdi.Organization(name="dishub", users=[{"name": lain["name"], "capacity": "editor"}])
    sdi.Organization(
        name="diskominfo", walidata=True, users=[{"name": walidata["name"], "capacity": "member"}]
    )
    return {"produsen": produsen, "lain": lain, "walidata": walidata}


def _draft(produsen: dict[str, Any], name: str = "puskesmas", **fields: Any) -> dict[str, Any]:
    dataset = act(
        produsen, "package_create", **sdi.complete(name=name, owner_org="dinkes", **fields)
    )
    act(
        produsen,
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/p.csv",
        format="CSV",
    )
    return dataset


def _rules(check: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["aturan"]: rule for rule in check["aturan"]}


def test_nothing_before_the_first_submit(people):
    _draft(people["produsen"])
    assert act(people["produsen"], "satudata_completeness_show", id="puskesmas") is None


def test_a_failed_submit_is_kept_with_the_rules_that_failed(people):
    produsen = people["produsen"]
    act(produsen, "package_create", name="kosong", owner_org="dinkes", title="Belum lengkap")
    with pytest.raises(tk.ValidationError):
        act(produsen, "satudata_submit", id="kosong")

    check = act(produsen, "satudata_completeness_show", id="kosong")
    assert check["lulus"] is False
    assert 0 <= check["skor"] < 100
    rules = _rules(check)
    missing = rules["metadata_wajib_lengkap"]
    assert (missing["wajib"], missing["lulus"]) == (True, False)
    assert "konsep" in missing["rincian"].split(", ")
    assert "Konsep" in missing["rincian_label"]  # as the form names the field
    assert missing["label"] and missing["label"] != "metadata_wajib_lengkap"
    assert rules["sumber_daya_terbuka"]["lulus"] is False
    assert rules["periode_konsisten"]["lulus"] is True
    assert rules["kata_kunci_ada"]["wajib"] is False
    assert check["diperiksa_oleh"] == "produsen_dinkes"
    assert datetime.fromisoformat(check["diperiksa"]).tzinfo is not None


def test_a_passing_submit_is_shown_to_the_produsen_and_the_walidata(people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    for_produsen = act(produsen, "satudata_completeness_show", id="puskesmas")
    assert for_produsen["lulus"] is True
    assert all(rule["lulus"] for rule in for_produsen["aturan"] if rule["wajib"])
    assert not _rules(for_produsen)["kontak_telepon_terisi"]["lulus"]  # scored only
    assert for_produsen["skor"] < 100
    assert act(walidata, "satudata_completeness_show", id="puskesmas") == for_produsen


def test_a_later_submit_replaces_the_result(people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    first = act(produsen, "satudata_completeness_show", id="puskesmas")
    act(walidata, "satudata_return", id="puskesmas", note="Tambahkan telepon kontak.")
    act(produsen, "package_patch", id="puskesmas", kontak_telepon="(0254) 200123")
    act(produsen, "satudata_submit", id="puskesmas")
    second = act(walidata, "satudata_completeness_show", id="puskesmas")
    assert _rules(second)["kontak_telepon_terisi"]["lulus"] is True
    assert second["skor"] > first["skor"]
    assert second["diperiksa"] > first["diperiksa"]


@pytest.mark.parametrize("who", ["lain", None])
def test_refused_to_another_opd_and_to_anonymous(people, who):
    _draft(people["produsen"])
    act(people["produsen"], "satudata_submit", id="puskesmas")
    with pytest.raises(tk.NotAuthorized):
        act(people[who] if who else None, "satudata_completeness_show", id="puskesmas")


def test_refused_even_once_published(people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    act(walidata, "satudata_approve", id="puskesmas")
    act(walidata, "satudata_publish", id="puskesmas")
    for who in (people["lain"], None):
        with pytest.raises(tk.NotAuthorized):
            act(who, "satudata_completeness_show", id="puskesmas")


def test_unknown_dataset_is_not_found(people):
    with pytest.raises(tk.ObjectNotFound):
        act(people["produsen"], "satudata_completeness_show", id="tidak-ada")


# The dataset page, over HTTP.


def _section(app: Any, name: str, user: dict[str, Any] | None) -> Any:
    headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}
    page = BeautifulSoup(
        app.get(f"/dataset/{name}", headers=headers, status=200).body, "html.parser"
    )
    return page.select_one(".satudata-completeness")


def test_the_produsen_sees_a_failed_check_on_the_dataset_page(app, people):
    produsen = people["produsen"]
    _draft(produsen, konsep="")
    with pytest.raises(tk.ValidationError):
        act(produsen, "satudata_submit", id="puskesmas")
    section = _section(app, "puskesmas", produsen)
    assert section is not None
    text = " ".join(section.get_text(" ").split())
    score = act(produsen, "satudata_completeness_show", id="puskesmas")["skor"]
    assert f"Kelengkapan SDI: skor {score}/100" in text
    assert "Tidak lulus" in text
    failed = section.select_one('[data-rule="metadata_wajib_lengkap"]')
    assert failed["data-lulus"] == "false"
    assert "Semua metadata wajib sudah diisi" in failed.get_text()
    assert "Konsep" in failed.get_text()
    assert "Rina Dinkes" in text


def test_the_check_on_the_page_only_for_those_who_may_read_it(app, people):
    produsen, walidata = people["produsen"], people["walidata"]
    _draft(produsen)
    act(produsen, "satudata_submit", id="puskesmas")
    shown = _section(app, "puskesmas", walidata)
    assert shown is not None and "Lulus" in shown.get_text()
    assert shown.select_one('[data-rule="sumber_daya_terbuka"]')["data-lulus"] == "true"
    act(walidata, "satudata_approve", id="puskesmas")
    act(walidata, "satudata_publish", id="puskesmas")
    assert _section(app, "puskesmas", produsen) is not None
    assert _section(app, "puskesmas", people["lain"]) is None
    assert _section(app, "puskesmas", None) is None
