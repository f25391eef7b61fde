"""Who manages harvest sources (the walidata and sysadmins, for every OPD; not the OPD
produsen, not the public), through the API and the pages of ckanext-harvest, and
which addresses a source may have."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from tests.harvest.portal import act, create_source, run_worker, system
from tests.harvest.server import CatalogServer

pytestmark = pytest.mark.usefixtures("clean_db", "clean_queues")

EXAMPLE = "https://data.jakarta.go.id/catalog.ttl"


def token(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": str(factories.APIToken(user=user["name"])["token"])}


@pytest.mark.usefixtures("allow_local")
def test_the_walidata_creates_a_source_for_any_opd(
    catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    source = create_source(people["walidata"], catalogs.url("/catalog.ttl"))
    assert source["owner_org"] == system("organization_show", id="dinkes")["id"]
    shown = act(people["walidata"], "harvest_source_show", id=source["name"])
    assert shown["url"] == catalogs.url("/catalog.ttl")
    act(people["walidata"], "harvest_source_patch", id=source["id"], frequency="WEEKLY")
    assert act(people["sysadmin"], "harvest_source_show", id=source["id"])["frequency"] == (
        "WEEKLY"
    )


def test_a_produsen_may_not_create_read_run_or_change_sources(people: dict[str, Any]) -> None:
    produsen = people["produsen"]
    for action in ("harvest_source_create", "package_create"):
        with pytest.raises(tk.NotAuthorized):
            act(
                produsen,
                action,
                type="harvest",
                name="sumber-produsen",
                url=EXAMPLE,
                source_type="dcat_rdf",
                owner_org="dinkes",  # their own OPD
            )
    source = create_source(people["walidata"], EXAMPLE)
    for action, data in (
        ("harvest_source_show", {"id": source["id"]}),
        ("harvest_source_patch", {"id": source["id"], "config": '{"terpercaya": true}'}),
        ("harvest_source_delete", {"id": source["id"]}),
        ("harvest_job_create", {"source_id": source["id"]}),
        ("harvest_job_list", {"source_id": source["id"]}),
        ("harvest_source_list", {}),
    ):
        with pytest.raises(tk.NotAuthorized):
            act(produsen, action, **data)
    assert run_worker() == []
    with pytest.raises(tk.NotAuthorized):  # clearing deletes datasets: sysadmins only
        act(people["walidata"], "harvest_source_clear", id=source["id"])


def test_the_public_sees_no_source_and_no_harvested_record(
    app: Any, people: dict[str, Any]
) -> None:
    source = create_source(people["walidata"], EXAMPLE, config='{"api_key": "rahasia"}')
    for action, data in (
        ("harvest_source_list", {}),
        ("harvest_source_show", {"id": source["id"]}),
        ("harvest_object_list", {"source_id": source["id"]}),
    ):
        with pytest.raises(tk.NotAuthorized):
            act(None, action, **data)
    app.get(f"/harvest/{source['name']}", status=404)
    assert "rahasia" not in app.get("/harvest", status=200).body


def test_the_new_source_page_offers_every_opd_and_the_trust_choice(
    app: Any, people: dict[str, Any]
) -> None:
    page = BeautifulSoup(
        app.get("/harvest/new", headers=token(people["walidata"]), status=200).body, "html.parser"
    )
    options = {o.get_text(strip=True) for o in page.select("select[name=owner_org] option")}
    assert {"Dinas Kesehatan", "Bappeda", "Diskominfo"} <= options
    trust = page.select_one("select[name=terpercaya]")
    assert trust is not None
    assert [o["value"] for o in trust.select("option")] == ["false", "true"]
    app.get("/harvest/new", headers=token(people["produsen"]), status=403)


def test_the_trust_choice_is_kept_in_the_source_configuration(people: dict[str, Any]) -> None:
    source = create_source(people["walidata"], EXAMPLE, terpercaya="true")
    assert json.loads(source["config"])["terpercaya"] is True
    shown = act(people["walidata"], "harvest_source_show", id=source["id"])
    assert shown["terpercaya"] is True
    act(people["walidata"], "harvest_source_patch", id=source["id"], terpercaya="false")
    assert (
        json.loads(system("harvest_source_show", id=source["id"])["config"])["terpercaya"] is False
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///etc/passwd", "Hanya alamat http:// dan https://"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://127.0.0.1:5000/catalog.ttl", "127.0.0.1"),
        ("http://[::1]/catalog.ttl", "::1"),
    ],
)
def test_a_source_address_the_harvesters_may_not_fetch_is_refused_on_save(
    app: Any, people: dict[str, Any], url: str, says: str
) -> None:
    """Through the API, as the walidata's tools call it (errors in Indonesian)."""
    answer = app.post(
        "/api/3/action/harvest_source_create",
        json={
            "name": "sumber-terlarang",
            "url": url,
            "source_type": "dcat_rdf",
            "owner_org": "dinkes",
        },
        headers=token(people["walidata"]),
        status=409,
    )
    [message] = answer.json["error"]["url"]
    assert says in message
    assert system("package_search", fq="dataset_type:harvest")["count"] == 0


def test_the_allowlist_lets_an_internal_source_be_saved(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        tk.config, "ckanext.satudata_serang.harvest_allowed_hosts", ["10.20.0.0/16"]
    )
    assert create_source(people["walidata"], "http://10.20.0.15/catalog.ttl")["id"]


def test_a_ckan_source_cannot_send_its_datasets_to_other_opds(people: dict[str, Any]) -> None:
    with pytest.raises(tk.ValidationError) as refused:
        create_source(
            people["walidata"],
            "https://data.jakarta.go.id/",
            source_type="ckan",
            config='{"remote_orgs": "create"}',
        )
    assert "remote_orgs" in str(refused.value.error_dict["config"])


@pytest.mark.parametrize(
    "config", ['{"remote_groups": "only_local"}', '{"default_groups": ["kesehatan"]}']
)
def test_a_ckan_source_says_groups_are_not_harvested(
    app: Any, people: dict[str, Any], config: str
) -> None:
    answer = app.post(
        "/api/3/action/harvest_source_create",
        json={
            "name": "portal-jakarta",
            "url": "https://data.jakarta.go.id/",
            "source_type": "ckan",
            "owner_org": "dinkes",
            "config": config,
        },
        headers=token(people["walidata"]),
        status=409,
    )
    [message] = answer.json["error"]["config"]
    assert "tidak didukung" in message and "grup" in message, message


def test_bad_portal_configuration_is_refused(people: dict[str, Any]) -> None:
    for config in ('{"terpercaya": "ya"}', '{"bawaan": ["topik"]}'):
        with pytest.raises(tk.ValidationError):
            create_source(people["walidata"], EXAMPLE, config=config)


def test_the_edit_page_shows_the_source_as_saved(app: Any, people: dict[str, Any]) -> None:
    source = create_source(people["walidata"], EXAMPLE, owner_org="bappeda", terpercaya="true")
    page = BeautifulSoup(
        app.get(
            f"/harvest/edit/{source['name']}", headers=token(people["walidata"]), status=200
        ).body,
        "html.parser",
    )
    selected = page.select_one("select[name=owner_org] option[selected]")
    assert selected is not None and selected.get_text(strip=True) == "Bappeda"
    trust = page.select_one("select[name=terpercaya] option[selected]")
    assert trust is not None and trust["value"] == "true"
    app.get(f"/harvest/edit/{source['name']}", headers=token(people["produsen"]), status=404)
