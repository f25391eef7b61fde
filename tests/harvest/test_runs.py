"""Harvest jobs as CKAN's worker runs them: hostile sources refused with a reason the
walidata reads on the job page (in Indonesian), a broken source that stalls nothing,
the schedule, "Mulai panen" from ckanext-harvest's page, and a CKAN portal as source."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.cli.cli import ckan as ckan_command
from ckan.lib import jobs
from ckan.tests import factories
from rq.registry import ScheduledJobRegistry

from ckanext.satudata_serang.harvest import runner, schedule
from ckanext.satudata_serang.harvest.models import HarvestJob, HarvestObject, HarvestSource
from tests import sdi
from tests.harvest.conftest import ALLOWED
from tests.harvest.portal import (
    act,
    create_source,
    datasets_of,
    gather_errors,
    harvest,
    run_worker,
    show,
    system,
)
from tests.harvest.server import CatalogServer, drip, endless

pytestmark = pytest.mark.usefixtures("clean_db", "clean_queues", "allow_local")

DCAT_TTL = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://contoh.go.id/katalog> a dcat:Catalog ; dcat:dataset <http://contoh.go.id/dataset/a> .
<http://contoh.go.id/dataset/a> a dcat:Dataset ; dct:title "Data Contoh" .
"""


def sdi_defaults() -> str:
    """A source configuration filling the SDI fields a bare DCAT record lacks."""
    return json.dumps({"bawaan": sdi.COMPLETE_METADATA})


# --- Hostile sources -------------------------------------------------------------------------


def test_a_source_on_a_private_address_is_not_fetched_without_the_allowlist(
    catalogs: CatalogServer, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved while a sysadmin allowed 127.0.0.1; the allowance removed, the next
    harvest does not connect at all."""
    source = create_source(people["walidata"], catalogs.serve("/catalog.ttl", DCAT_TTL.encode()))
    monkeypatch.setitem(tk.config, ALLOWED, [])

    job = harvest(people["walidata"], source)

    assert job["status"] == "Finished"
    [message] = gather_errors(job)
    assert "127.0.0.1" in message and "harvest_allowed_hosts" in message, message
    assert message.startswith("Host 127.0.0.1"), message  # Indonesian
    assert catalogs.requests == []
    assert datasets_of("dinkes") == []


def test_an_rdf_xml_document_with_an_external_entity_is_refused(
    catalogs: CatalogServer, people: dict[str, Any], tmp_path: Path
) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KATA-SANDI-RAHASIA", encoding="utf-8")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY rahasia SYSTEM "file://{secret}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="http://contoh.go.id/dataset/a"><dct:title>&rahasia;</dct:title>
  </dcat:Dataset>
</rdf:RDF>"""
    source = create_source(
        people["walidata"],
        catalogs.serve("/catalog.rdf", xxe.encode(), content_type="application/rdf+xml"),
        config=sdi_defaults(),
    )

    job = harvest(people["walidata"], source)

    [message] = gather_errors(job)
    assert "DTD" in message and "ditolak" in message, message
    assert datasets_of("dinkes") == []
    stored = model.Session.query(HarvestObject.content).all()
    assert not any("KATA-SANDI" in (content or "") for (content,) in stored)


def test_an_entity_expansion_bomb_is_refused_at_once(
    catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    """Parsed by rdflib, this 1 KB document kept a worker busy for minutes."""
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10)
    )
    bomb = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY lol1 "lollollollollollollollollollol">{entities}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="http://contoh.go.id/dataset/a"><dct:title>&lol9;</dct:title>
  </dcat:Dataset>
</rdf:RDF>"""
    source = create_source(
        people["walidata"],
        catalogs.serve("/catalog.rdf", bomb.encode(), content_type="application/rdf+xml"),
    )
    started = time.monotonic()
    job = harvest(people["walidata"], source)
    assert time.monotonic() - started < 30
    [message] = gather_errors(job)
    assert "DTD" in message, message


def test_json_ld_naming_a_remote_context_is_refused_and_the_context_never_fetched(
    catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    context_url = catalogs.serve("/konteks.jsonld", b"{}", content_type="application/ld+json")
    document = {"@context": context_url, "@id": "http://contoh.go.id/dataset/a"}
    source = create_source(
        people["walidata"],
        catalogs.serve(
            "/catalog.jsonld", json.dumps(document).encode(), content_type="application/ld+json"
        ),
    )
    job = harvest(people["walidata"], source)
    [message] = gather_errors(job)
    assert "@context" in message, message
    assert catalogs.requested("/konteks.jsonld") == 0


def test_a_too_large_answer_stops_its_job_with_the_reason(
    catalogs: CatalogServer, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.harvest_max_mb", 1)
    source = create_source(people["walidata"], catalogs.serve("/catalog.ttl", endless()))
    job = harvest(people["walidata"], source)
    assert job["status"] == "Finished"
    [message] = gather_errors(job)
    assert "1 MB" in message, message


def hanging_then_good_job(
    catalogs: CatalogServer, people: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two queued jobs: first a source that answers a byte every half second, forever;
    then a good one with one dataset."""
    hanging = create_source(people["walidata"], catalogs.serve("/macet.ttl", drip(0.5)))
    good = create_source(
        people["walidata"],
        catalogs.serve("/catalog.ttl", DCAT_TTL.encode()),
        name="katalog-baik",
        config=sdi_defaults(),
    )
    first = act(people["walidata"], "harvest_job_create", source_id=hanging["id"])
    second = act(people["walidata"], "harvest_job_create", source_id=good["id"])
    return first, second


def test_a_hanging_source_stalls_neither_its_job_nor_the_next_one(
    catalogs: CatalogServer, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.harvest_download_seconds", 2)
    first, second = hanging_then_good_job(catalogs, people)

    started = time.monotonic()
    assert len(run_worker()) == 2
    assert time.monotonic() - started < 60

    stuck = system("harvest_job_show", id=first["id"])
    assert stuck["status"] == "Finished"
    [message] = gather_errors(stuck)
    assert "2 detik" in message, message
    done = system("harvest_job_show", id=second["id"])
    assert done["status"] == "Finished"
    assert done["stats"]["added"] == 1
    assert [d["title"] for d in datasets_of("dinkes")] == ["Data Contoh"]


def test_a_job_past_its_time_limit_is_stopped_finished_and_says_why(
    catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    first, second = hanging_then_good_job(catalogs, people)
    # The job's limit in CKAN's queue, shortened (it is harvest_job_minutes, at least
    # a minute): the download of the hanging source (limit 60 s) outlasts it.
    queued = jobs.job_from_id(runner.rq_job_id(first["id"]))
    queued.timeout = 3
    queued.save()

    started = time.monotonic()
    assert len(run_worker()) == 2
    assert time.monotonic() - started < 40

    stopped = system("harvest_job_show", id=first["id"])
    assert stopped["status"] == "Finished"
    assert any("Panen dihentikan setelah" in m for m in gather_errors(stopped))
    done = system("harvest_job_show", id=second["id"])
    assert done["status"] == "Finished"
    assert [d["title"] for d in datasets_of("dinkes")] == ["Data Contoh"]


def test_a_job_left_running_by_a_dead_worker_is_closed_by_the_scheduled_check(
    people: dict[str, Any],
) -> None:
    source = create_source(people["walidata"], "https://data.jakarta.go.id/catalog.ttl")
    created = act(people["walidata"], "harvest_job_create", source_id=source["id"], run=False)
    job = HarvestJob.get(created["id"])
    job.status = "Running"
    job.created = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=3)
    job.save()

    found = schedule.check()

    assert found["ditutup"] == [created["id"]]
    closed = system("harvest_job_show", id=created["id"])
    assert closed["status"] == "Finished"
    [message] = gather_errors(closed)
    assert "worker" in message, message


# --- Starting jobs -----------------------------------------------------------------------------


def test_mulai_panen_on_the_source_page_queues_the_job_for_the_worker(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    source = create_source(
        people["walidata"], catalogs.serve("/catalog.ttl", DCAT_TTL.encode()), config=sdi_defaults()
    )
    headers = {"Authorization": str(factories.APIToken(user="walidata_kominfo")["token"])}

    app.post(f"/harvest/refresh/{source['id']}", headers=headers, follow_redirects=False)

    [job] = act(people["walidata"], "harvest_job_list", source_id=source["id"])
    assert job["status"] == "New"
    assert runner.is_queued(job["id"])
    run_worker()
    assert system("harvest_job_show", id=job["id"])["status"] == "Finished"
    assert [d["title"] for d in datasets_of("dinkes")] == ["Data Contoh"]


def test_a_daily_source_is_harvested_by_the_scheduled_check(
    catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    source = create_source(
        people["walidata"],
        catalogs.serve("/catalog.ttl", DCAT_TTL.encode()),
        frequency="DAILY",
        config=sdi_defaults(),
    )
    create_source(
        people["walidata"],
        catalogs.url("/lain.ttl"),
        name="manual",
        frequency="MANUAL",
    )

    found = schedule.check()

    [job_id] = found["dimulai"]
    assert system("harvest_job_show", id=job_id)["source_id"] == source["id"]
    run_worker()
    assert [d["title"] for d in datasets_of("dinkes")] == ["Data Contoh"]
    next_run = HarvestSource.get(source["id"]).next_run
    assert next_run > datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=23)
    assert schedule.check()["dimulai"] == []  # not due again today
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    assert any(i.startswith(schedule.CHECK_PREFIX) for i in registry.get_job_ids())


def test_prepare_rearms_the_check_and_the_jobs_an_empty_queue_lost(
    catalogs: CatalogServer, people: dict[str, Any], cli: Any
) -> None:
    source = create_source(people["walidata"], catalogs.serve("/catalog.ttl", DCAT_TTL.encode()))
    created = act(people["walidata"], "harvest_job_create", source_id=source["id"])
    jobs.get_queue().empty()  # Redis restarted without its data
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    for job_id in registry.get_job_ids():
        registry.remove(job_id, delete_job=True)

    output = cli.invoke(ckan_command, ["satudata", "panen", "jadwal"])

    assert output.exit_code == 0, output.output
    assert "1 tugas panen diantrekan lagi" in output.output
    assert runner.is_queued(created["id"])
    assert any(i.startswith(schedule.CHECK_PREFIX) for i in registry.get_job_ids())


# --- A CKAN portal as source -------------------------------------------------------------------


def ckan_api(catalogs: CatalogServer, app: Any, organization: str) -> str:
    """The package_search of this portal (anonymous: published datasets only), served
    page by page from the test server as a remote CKAN would."""

    def search(query: dict[str, list[str]]) -> bytes:
        start = query.get("start", ["0"])[0]
        found = app.get(
            "/api/3/action/package_search",
            query_string={"fq": f"organization:{organization}", "rows": 100, "start": start},
        )
        return found.body.encode() if isinstance(found.body, str) else found.body

    catalogs.serve("/api/3/action/package_search", search, content_type="application/json")
    return catalogs.url("/")


def test_a_ckan_portal_is_harvested_and_its_removals_withdrawn(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    kept = sdi.Dataset(name="puskesmas", title="Jumlah Puskesmas", owner_org="bappeda")
    gone = sdi.Dataset(name="posyandu", title="Jumlah Posyandu", owner_org="bappeda")
    source = create_source(
        people["walidata"], ckan_api(catalogs, app, "bappeda"), source_type="ckan", name="ckan"
    )

    job = harvest(people["walidata"], source)

    assert job["stats"]["added"] == 2, (gather_errors(job), job["stats"])
    landed = {d["title"]: d for d in datasets_of("dinkes")}
    assert set(landed) == {"Jumlah Puskesmas", "Jumlah Posyandu"}
    for title, original in (("Jumlah Puskesmas", kept), ("Jumlah Posyandu", gone)):
        assert landed[title]["id"] != original["id"]
        assert landed[title]["status_verifikasi"] == "diajukan"
        assert landed[title]["konsep"] == original["konsep"]

    act(people["sysadmin"], "package_delete", id="posyandu")
    again = harvest(people["walidata"], source)

    assert again["stats"]["deleted"] == 1
    assert again["stats"]["not modified"] == 1
    assert show(landed["Jumlah Posyandu"]["id"])["status_verifikasi"] == "ditarik"
    assert show(landed["Jumlah Puskesmas"]["id"])["status_verifikasi"] == "diajukan"


def test_a_ckan_portal_on_a_private_address_is_refused_in_indonesian(
    app: Any, catalogs: CatalogServer, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = create_source(
        people["walidata"], ckan_api(catalogs, app, "bappeda"), source_type="ckan", name="ckan"
    )
    monkeypatch.setitem(tk.config, ALLOWED, [])

    job = harvest(people["walidata"], source)

    [message] = gather_errors(job)
    assert message.startswith("Daftar dataset portal CKAN"), message
    assert "Host 127.0.0.1 mengarah ke 127.0.0.1" in message, message
    assert catalogs.requests == []


def test_a_harvest_can_be_run_by_hand_from_the_command_line(
    catalogs: CatalogServer, people: dict[str, Any], cli: Any
) -> None:
    create_source(
        people["walidata"], catalogs.serve("/catalog.ttl", DCAT_TTL.encode()), config=sdi_defaults()
    )

    output = cli.invoke(ckan_command, ["satudata", "panen", "jalankan", "katalog-bappeda"])

    assert output.exit_code == 0, output.output
    assert "1 baru" in output.output
    assert [d["title"] for d in datasets_of("dinkes")] == ["Data Contoh"]
