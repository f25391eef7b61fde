"""Harvesting a DCAT catalog exported by this portal itself (/catalog.ttl of the same
test CKAN, served by a real HTTP server on 127.0.0.1) into another OPD, run by CKAN's
own worker: what lands where, in which status, and what re-harvests do."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckan.tests import factories

from tests import sdi
from tests.harvest.portal import (
    act,
    create_source,
    datasets_of,
    gather_errors,
    harvest,
    history,
    is_public,
    object_errors,
    show,
    system,
)
from tests.harvest.server import CatalogServer

pytestmark = pytest.mark.usefixtures("clean_db", "clean_queues", "allow_local")

SDI_FIELDS = (
    "konsep", "definisi", "klasifikasi", "ukuran", "satuan", "frekuensi", "tahun_mulai",
    "tahun_selesai", "cakupan_wilayah", "level_penyajian", "urusan", "topik", "sifat_data",
    "cara_pengumpulan", "kontak_nama", "kontak_email",
)  # fmt: skip


def bappeda_datasets() -> list[dict[str, Any]]:
    """Two published datasets of Bappeda, each with a CSV."""
    made = []
    for name, title in (("penduduk-kecamatan", "Jumlah Penduduk per Kecamatan"),
                        ("luas-wilayah", "Luas Wilayah per Kecamatan")):  # fmt: skip
        made.append(
            sdi.Dataset(
                name=name,
                title=title,
                owner_org="bappeda",
                resources=[{"url": f"https://data.serangkota.go.id/{name}.csv", "format": "CSV"}],
            )
        )
    return made


def export(app: Any) -> bytes:
    """Bappeda's part of this portal's catalog (the harvested copies, once published,
    are in the portal's catalog too, under the URIs they came with)."""
    response = app.get("/catalog.ttl", query_string={"fq": "organization:bappeda"})
    assert response.status_code == 200, response.body
    return response.body.encode() if isinstance(response.body, str) else response.body


def test_a_catalog_exported_by_this_portal_lands_in_the_chosen_opd_as_diajukan(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    originals = bappeda_datasets()
    url = catalogs.serve("/catalog.ttl", export(app))
    source = create_source(people["walidata"], url)

    job = harvest(people["walidata"], source)

    assert job["status"] == "Finished"
    assert object_errors(job) == []
    assert job["stats"].get("added") == 2
    landed = datasets_of("dinkes")
    assert [d["title"] for d in landed] == [
        "Jumlah Penduduk per Kecamatan",
        "Luas Wilayah per Kecamatan",
    ]
    by_title = {o["title"]: o for o in originals}
    for dataset in landed:
        assert dataset["status_verifikasi"] == "diajukan"
        assert not is_public(dataset["name"])
        original = by_title[dataset["title"]]
        assert {f: dataset.get(f) for f in SDI_FIELDS} == {f: original.get(f) for f in SDI_FIELDS}
        assert [r["url"] for r in dataset["resources"]] == [r["url"] for r in original["resources"]]
        [event] = history(dataset["name"])
        assert (event["langkah"], event["dari"], event["ke"]) == ("panen", "draft", "diajukan")
        assert "Katalog Bappeda" in event["catatan"]
        assert event["rincian"]["sumber_id"] == source["id"]
    queue = act(people["walidata"], "satudata_review_queue")
    assert {r["title"] for r in queue["results"]} == set(by_title)


def test_a_trusted_source_publishes_directly(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    bappeda_datasets()
    source = create_source(
        people["walidata"], catalogs.serve("/catalog.ttl", export(app)), terpercaya=True
    )

    harvest(people["walidata"], source)

    landed = datasets_of("dinkes")
    assert [d["status_verifikasi"] for d in landed] == ["ditayangkan", "ditayangkan"]
    assert all(is_public(d["name"]) for d in landed)
    found = act(None, "package_search", fq="organization:dinkes")
    assert found["count"] == 2
    [event] = history(landed[0]["name"])
    assert (event["dari"], event["ke"]) == ("draft", "ditayangkan")
    assert event["rincian"]["terpercaya"] is True


def test_a_reharvest_updates_without_duplicates(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    bappeda_datasets()
    catalogs.serve("/catalog.ttl", export(app))
    source = create_source(people["walidata"], catalogs.url("/catalog.ttl"))
    harvest(people["walidata"], source)
    first = {d["title"]: d for d in datasets_of("dinkes")}

    again = harvest(people["walidata"], source)  # the same catalog

    assert again["stats"]["not modified"] == 2
    assert again["stats"]["added"] == 0
    assert {d["title"]: d["id"] for d in datasets_of("dinkes")} == {
        title: d["id"] for title, d in first.items()
    }

    act(people["sysadmin"], "package_patch", id="luas-wilayah", satuan="ha")
    catalogs.serve("/catalog.ttl", export(app))
    changed = harvest(people["walidata"], source)

    assert changed["stats"]["updated"] == 1
    assert changed["stats"]["not modified"] == 1
    landed = {d["title"]: d for d in datasets_of("dinkes")}
    assert {t: d["id"] for t, d in landed.items()} == {t: d["id"] for t, d in first.items()}
    updated = landed["Luas Wilayah per Kecamatan"]
    assert updated["satuan"] == "ha"
    assert updated["status_verifikasi"] == "diajukan"
    last = history(updated["name"])[-1]
    assert last["langkah"] == "panen"
    assert "satuan" in last["rincian"]["kolom"]


def harvested_and_published(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Bappeda's catalog harvested from a source not trusted, and the copy of "Luas
    Wilayah per Kecamatan" approved and published by the walidata."""
    bappeda_datasets()
    source = create_source(people["walidata"], catalogs.serve("/catalog.ttl", export(app)))
    harvest(people["walidata"], source)
    harvested = next(d for d in datasets_of("dinkes") if d["title"].startswith("Luas"))
    act(people["walidata"], "satudata_approve", id=harvested["name"])
    act(people["walidata"], "satudata_publish", id=harvested["name"])
    return source, harvested


def test_an_untrusted_change_to_a_published_dataset_waits_as_a_revision(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    source, harvested = harvested_and_published(app, catalogs, people)
    assert is_public(harvested["name"])

    act(
        people["sysadmin"],
        "package_patch",
        id="luas-wilayah",
        title="Luas Wilayah Daratan per Kecamatan",
    )
    catalogs.serve("/catalog.ttl", export(app))
    harvest(people["walidata"], source)

    live = act(None, "package_show", id=harvested["name"])
    assert live["title"] == "Luas Wilayah per Kecamatan"  # the public keeps it
    assert live["status_verifikasi"] == "ditayangkan"
    revision = act(people["walidata"], "satudata_revision_show", id=harvested["name"])
    assert {c["kolom"]: c["baru"] for c in revision["perubahan"]}["title"] == (
        "Luas Wilayah Daratan per Kecamatan"
    )
    last = history(harvested["name"])[-1]
    assert last["langkah"] == "revisi_diajukan"
    assert "Katalog Bappeda" in last["catatan"]

    act(people["walidata"], "satudata_approve", id=harvested["name"])
    assert act(None, "package_show", id=harvested["name"])["title"] == (
        "Luas Wilayah Daratan per Kecamatan"
    )


def test_a_harvested_change_never_overwrites_a_produsens_waiting_revision(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    source, harvested = harvested_and_published(app, catalogs, people)
    act(people["produsen"], "package_patch", id=harvested["name"], konsep="Konsep dari OPD.")

    act(people["sysadmin"], "package_patch", id="luas-wilayah", title="Luas Daratan")
    catalogs.serve("/catalog.ttl", export(app))
    job = harvest(people["walidata"], source)

    [message] = object_errors(job)
    assert "revisi oleh" in message and "panen berikutnya" in message, message
    revision = act(people["walidata"], "satudata_revision_show", id=harvested["name"])
    assert {c["kolom"]: c["baru"] for c in revision["perubahan"]} == {"konsep": "Konsep dari OPD."}

    # decided, the next harvest brings the source's change as a revision of its own
    act(people["walidata"], "satudata_return", id=harvested["name"], note="Belum perlu.")
    harvest(people["walidata"], source)
    revision = act(people["walidata"], "satudata_revision_show", id=harvested["name"])
    assert {c["kolom"]: c["baru"] for c in revision["perubahan"]}["title"] == "Luas Daratan"


def test_a_dataset_removed_at_the_source_is_withdrawn_not_deleted(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    bappeda_datasets()
    full = export(app)
    source = create_source(
        people["walidata"], catalogs.serve("/catalog.ttl", full), terpercaya=True
    )
    harvest(people["walidata"], source)
    harvested = next(d for d in datasets_of("dinkes") if d["title"].startswith("Luas"))
    assert is_public(harvested["name"])

    act(people["sysadmin"], "package_delete", id="luas-wilayah")
    catalogs.serve("/catalog.ttl", export(app))
    job = harvest(people["walidata"], source)

    assert job["stats"]["deleted"] == 1, (job["stats"], gather_errors(job), object_errors(job))
    kept = show(harvested["id"])
    assert kept["state"] == "active"
    assert kept["status_verifikasi"] == "ditarik"
    assert not is_public(harvested["name"])
    last = history(harvested["name"])[-1]
    assert (last["langkah"], last["dari"], last["ke"]) == ("panen", "ditayangkan", "ditarik")
    assert "Katalog Bappeda" in last["catatan"]
    assert last["rincian"]["dihapus_di_sumber"] is True
    other = next(d for d in datasets_of("dinkes") if d["title"].startswith("Jumlah"))
    assert show(other["id"])["status_verifikasi"] == "ditayangkan"

    catalogs.serve("/catalog.ttl", full)  # it comes back
    harvest(people["walidata"], source)
    assert len(datasets_of("dinkes")) == 2
    assert show(harvested["id"])["status_verifikasi"] == "ditayangkan"


def test_a_source_that_lists_nothing_withdraws_nothing(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    bappeda_datasets()
    source = create_source(people["walidata"], catalogs.serve("/catalog.ttl", export(app)))
    harvest(people["walidata"], source)

    catalogs.serve("/catalog.ttl", b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n")
    job = harvest(people["walidata"], source)

    assert job["status"] == "Finished"
    assert [d["status_verifikasi"] for d in datasets_of("dinkes")] == ["diajukan", "diajukan"]
    [message] = gather_errors(job)
    assert "tidak memuat dataset" in message, message


MINIMAL = (
    "\n<http://contoh.go.id/dataset/tanpa-sdi> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> ;\n"
    '  <http://purl.org/dc/terms/title> "Data Tanpa Metadata SDI" .\n'
)


def test_a_record_without_sdi_metadata_is_an_error_in_indonesian_and_the_others_land(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    bappeda_datasets()
    catalogs.serve("/catalog.ttl", export(app) + MINIMAL.encode())
    source = create_source(people["walidata"], catalogs.url("/catalog.ttl"))

    job = harvest(people["walidata"], source)

    assert job["stats"]["added"] == 2
    assert job["stats"]["errored"] == 1
    [message] = object_errors(job)
    assert message.startswith("Dataset Data Tanpa Metadata SDI tidak disimpan:"), message
    assert "Missing value" not in message
    page = app.get(
        f"/harvest/{source['name']}/job/{job['id']}",
        headers={"Authorization": walidata_token(people)},
        status=200,
    ).body
    assert "Dataset Data Tanpa Metadata SDI tidak disimpan" in page


def test_defaults_of_the_source_fill_what_a_record_leaves_empty(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    defaults = dict(sdi.COMPLETE_METADATA)
    catalogs.serve("/catalog.ttl", MINIMAL.encode())
    source = create_source(
        people["walidata"],
        catalogs.url("/catalog.ttl"),
        config=json.dumps({"bawaan": defaults}),
    )

    job = harvest(people["walidata"], source)

    assert object_errors(job) == []
    [landed] = datasets_of("dinkes")
    assert landed["title"] == "Data Tanpa Metadata SDI"
    assert landed["konsep"] == defaults["konsep"]
    assert landed["status_verifikasi"] == "diajukan"


def walidata_token(people: dict[str, Any]) -> str:
    return str(factories.APIToken(user=people["walidata"]["name"])["token"])


def test_a_harvested_dataset_gets_a_free_address_and_its_completeness_check(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    bappeda_datasets()
    # the addresses the titles would give are taken already in this portal
    sdi.Dataset(name="jumlah-penduduk-per-kecamatan", owner_org="dinkes")
    sdi.Dataset(name="jumlah-penduduk-per-kecamatan1", owner_org="dinkes")
    source = create_source(people["walidata"], catalogs.serve("/catalog.ttl", export(app)))

    harvest(people["walidata"], source)

    made_here = {"jumlah-penduduk-per-kecamatan", "jumlah-penduduk-per-kecamatan1"}
    harvested = {d["title"]: d for d in datasets_of("dinkes") if d["name"] not in made_here}
    assert harvested["Jumlah Penduduk per Kecamatan"]["name"] == "jumlah-penduduk-per-kecamatan2"
    assert harvested["Luas Wilayah per Kecamatan"]["name"] == "luas-wilayah-per-kecamatan"
    for dataset in harvested.values():
        check = act(people["walidata"], "satudata_completeness_show", id=dataset["name"])
        assert check is not None and check["skor"] > 0
        assert check["diperiksa_oleh"] == system("get_site_user")["name"]
    # the walidata's review page: the check, and the harvest in the history
    page = app.get(
        f"/dataset/{harvested['Luas Wilayah per Kecamatan']['name']}/periksa",
        headers={"Authorization": walidata_token(people)},
    )
    assert page.status_code == 200
    assert 'class="satudata-completeness' in page.body
    assert 'data-step="panen"><strong>Dipanen</strong>' in page.body


def test_harvested_tables_are_not_downloaded_into_the_datastore(
    app: Any, catalogs: CatalogServer, people: dict[str, Any]
) -> None:
    """A harvested dataset's files stay at their source: harvesting queues no load
    into this portal's DataStore (no download of every harvested file)."""
    from ckan.lib import jobs

    from ckanext.satudata_serang.loading import job as loading_job

    bappeda_datasets()
    url = catalogs.serve("/catalog.ttl", export(app))
    jobs.get_queue().empty()

    harvest(people["walidata"], create_source(people["walidata"], url))

    landed = datasets_of("dinkes")
    assert {r["format"] for d in landed for r in d["resources"]} & {"CSV", "XLSX"}
    queued = [j for j in jobs.get_queue().jobs if j.func_name == f"{loading_job.__name__}.run"]
    assert queued == []
