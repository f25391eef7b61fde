"""What the standards tests do, as the walidata, an OPD's produsen and the public
would: publish a standard, upload a table to a dataset that follows it, let CKAN's
worker check it, read the report and try to submit."""

from __future__ import annotations

import copy
from typing import Any

from ckan.tests import factories
from rq.job import Job

from ckanext.satudata_serang.standards import validation
from tests import sdi
from tests.jobs import run_jobs
from tests.loading.portal import upload
from tests.sdi import act, system

CHECK_JOB = f"{validation.__name__}.run"
KODE = "penduduk-per-kecamatan"

# "Jumlah penduduk per kecamatan per tahun": every kecamatan of Kota Serang, a year,
# a count that is never negative; one row per kecamatan and year.
SKEMA: dict[str, Any] = {
    "fields": [
        {
            "name": "kode_kecamatan",
            "title": "Kode kecamatan",
            "type": "string",
            "kodeReferensi": "wilayah:kecamatan",
            "constraints": {"required": True},
        },
        {"name": "tahun", "title": "Tahun", "type": "year", "constraints": {"required": True}},
        {
            "name": "jumlah_penduduk",
            "title": "Jumlah penduduk",
            "type": "integer",
            "constraints": {"required": True, "minimum": 0},
        },
    ],
    "primaryKey": ["kode_kecamatan", "tahun"],
}
JUDUL = "Jumlah penduduk per kecamatan per tahun"

GOOD_CSV = (
    b"kode_kecamatan,tahun,jumlah_penduduk\n"
    b"36.73.01,2023,120500\n"
    b"36.73.02,2023,98000\n"
    b"36.73.03,2023,87300\n"
)
# Row 3: a kecamatan code of another city; row 4: a year with a letter and no count.
BAD_CSV = (
    b"Kode_Kecamatan,Tahun,Jumlah Penduduk\n"
    b"36.73.01,2023,120500\n"
    b"36.74.01,2023,98000\n"
    b"36.73.03,20x3,\n"
)


def skema() -> dict[str, Any]:
    return copy.deepcopy(SKEMA)


def people() -> dict[str, dict[str, Any]]:
    """An OPD with a produsen (editor), another OPD's produsen, the walidata."""
    produsen = factories.User(name="produsen_disdukcapil")
    lain = factories.User(name="produsen_dinkes")
    walidata = factories.User(name="walidata_kominfo")
    sdi.Organization(name="disdukcapil", users=[{"name": produsen["name"], "capacity": "editor"}])
    sdi.Organization(name="dinkes", users=[{"name": lain["name"], "capacity": "editor"}])
    sdi.Organization(
        name="diskominfo", walidata=True, users=[{"name": walidata["name"], "capacity": "member"}]
    )
    return {"produsen": produsen, "lain": lain, "walidata": walidata}


def published_standard(walidata: dict[str, Any], kode: str = KODE) -> dict[str, Any]:
    act(walidata, "satudata_standar_create", kode=kode, judul=JUDUL, skema=skema())
    return act(walidata, "satudata_standar_terbitkan", kode=kode)


def draft_dataset(produsen: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A produsen's draft with complete SDI metadata, following the standard."""
    return act(
        produsen,
        "package_create",
        **sdi.complete(
            **{
                "name": "penduduk-kecamatan",
                "owner_org": "disdukcapil",
                "standar_data": f"{KODE}@1",
                **fields,
            }
        ),
    )


def upload_table(
    user: dict[str, Any], dataset: dict[str, Any], content: bytes, name: str = "penduduk.csv"
) -> dict[str, Any]:
    return upload(user, dataset, name, content, description="Tabel penduduk.")


def run_checks() -> list[Job]:
    """CKAN's worker: the checks against standards queued so far run, other jobs
    (loads among them) are dropped."""
    return run_jobs(CHECK_JOB)


def report(resource_id: str) -> dict[str, Any]:
    found = system("satudata_validasi_show", resource_id=resource_id)
    assert found is not None
    return found
