"""What the harvest tests do and look at, as the portal's people would."""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from rq.job import Job

from ckanext.satudata_serang.harvest import runner
from tests import sdi
from tests.jobs import run_jobs
from tests.sdi import act, system

HARVEST_JOB = f"{runner.__name__}.run"


def run_worker() -> list[Job]:
    """CKAN's worker: the harvest jobs queued so far run, other jobs are dropped."""
    return run_jobs(HARVEST_JOB)


def create_source(user: dict[str, Any], url: str, **fields: Any) -> dict[str, Any]:
    data = {
        "name": "katalog-bappeda",
        "title": "Katalog Bappeda",
        "url": url,
        "source_type": "dcat_rdf",
        "owner_org": "dinkes",
        "frequency": "MANUAL",
        **fields,
    }
    return act(user, "harvest_source_create", **data)


def harvest(user: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """Start a job as ``user`` (like "Mulai panen"), let the worker run it; the job
    as the source's page shows it afterwards."""
    job = act(user, "harvest_job_create", source_id=source["id"])
    assert job["status"] == "New"
    ran = run_worker()
    assert [j.id for j in ran] == [runner.rq_job_id(job["id"])]
    return system("harvest_job_show", id=job["id"])


def report(job: dict[str, Any]) -> dict[str, Any]:
    return system("harvest_job_report", id=job["id"])


def object_errors(job: dict[str, Any]) -> list[str]:
    found = report(job)["object_errors"].values()
    return [error["message"] for obj in found for error in obj["errors"]]


def gather_errors(job: dict[str, Any]) -> list[str]:
    return [error["message"] for error in report(job)["gather_errors"]]


def datasets_of(organization: str) -> list[dict[str, Any]]:
    """Every dataset of the OPD, unpublished included, by title."""
    found = system(
        "package_search",
        fq=f"organization:{organization}",
        include_private=True,
        include_drafts=True,
        rows=100,
        sort="title_string asc",
    )
    return cast(list[dict[str, Any]], found["results"])


def show(name_or_id: str) -> dict[str, Any]:
    return system("package_show", id=name_or_id)


def is_public(name_or_id: str) -> bool:
    try:
        act(None, "package_show", id=name_or_id)
    except tk.NotAuthorized:
        return False
    return True


def history(name_or_id: str) -> list[dict[str, Any]]:
    return system("satudata_review_history", id=name_or_id)


def portal_people() -> dict[str, dict[str, Any]]:
    """A walidata (member of Diskominfo, flagged walidata), a produsen of Dinkes, a
    sysadmin; the OPDs Dinkes, Bappeda (whose catalog is exported) and Diskominfo."""
    walidata = factories.User(name="walidata_kominfo")
    produsen = factories.User(name="produsen_dinkes")
    sysadmin = factories.Sysadmin(name="admin_portal")
    sdi.Organization(
        name="dinkes",
        title="Dinas Kesehatan",
        singkatan="DINKES",
        users=[{"name": produsen["name"], "capacity": "editor"}],
    )
    sdi.Organization(name="bappeda", title="Bappeda", singkatan="BAPPEDA")
    sdi.Organization(
        name="diskominfo",
        title="Diskominfo",
        singkatan="DISKOMINFO",
        walidata=True,
        users=[{"name": walidata["name"], "capacity": "member"}],
    )
    return {"walidata": walidata, "produsen": produsen, "sysadmin": sysadmin}
