"""Datasets and their DCAT export, shared by the tests of the satudata_sdi profile."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers
from ckanext.dcat.processors import RDFSerializer
from rdflib import Graph
from rdflib.namespace import DCAT
from werkzeug.datastructures import FileStorage

from tests import sdi

ROOT_SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "dataset.yaml"
SITE = "http://test.ckan.net"  # ckan.site_url of the test runs
PROFILES = ["euro_dcat_ap_3", "satudata_sdi"]
LINK = "https://data.example.go.id/api/kepadatan.json"
FILENAME = "kepadatan.csv"


def opd(**fields: Any) -> dict[str, Any]:
    """An OPD with every detail the publisher carries."""
    return sdi.Organization(
        **{
            "singkatan": "DISDUKCAPIL",
            "kode_opd": "2.12.0.00.0.00.01.0000",
            "email": "disdukcapil@serangkota.go.id",
            "website": "https://disdukcapil.serangkota.go.id",
            **fields,
        }
    )


def full_dataset(owner_org: str, **fields: Any) -> dict[str, Any]:
    """A published dataset with every SDI field filled, an uploaded CSV file and a
    link to a JSON API; ``package_show`` as the public sees it."""
    dataset = sdi.Dataset(owner_org=owner_org, **sdi.every_field(**fields))
    admin = factories.Sysadmin()
    context = {"user": admin["name"]}
    stream = FileStorage(BytesIO(b"kelurahan,kepadatan\n36.73.05.1004,5120\n"), FILENAME)
    ckan_helpers.call_action(
        "resource_create",
        context,
        package_id=dataset["id"],
        upload=stream,
        url=FILENAME,
        name="Kepadatan per kelurahan",
        description="Berkas CSV.",
        format="CSV",
    )
    ckan_helpers.call_action(
        "resource_create",
        context,
        package_id=dataset["id"],
        url=LINK,
        name="API kepadatan",
        format="JSON",
    )
    return shown(dataset["id"])


def shown(dataset_id: str) -> dict[str, Any]:
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset_id})


def export(*datasets: dict[str, Any], catalog: bool = False) -> Graph:
    """The graph the configured profiles make of the datasets (with the catalog)."""
    serializer = RDFSerializer(profiles=PROFILES)
    catalog_ref = serializer.graph_from_catalog() if catalog else None
    for dataset in datasets:
        ref = serializer.graph_from_dataset(dataset)
        if catalog_ref is not None:
            serializer.g.add((catalog_ref, DCAT.dataset, ref))
    return serializer.g
