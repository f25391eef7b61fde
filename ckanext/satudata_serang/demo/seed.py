"""Seed the demo portal: the administrator, the OPDs and sample datasets.

Every step is idempotent: a second run finds what the first made and changes nothing.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

import ckan.plugins.toolkit as tk
import yaml
from ckan import model
from ckan.types import Context
from werkzeug.datastructures import FileStorage

log = logging.getLogger(__name__)

DEMO_DATA = Path(str(resources.files("ckanext.satudata_serang.demo") / "data"))
STANDARDS = Path(str(resources.files("ckanext.satudata_serang.demo") / "standar"))
OPD_FILE = Path(str(resources.files("ckanext.satudata_serang.demo") / "opd-kota-serang.yaml"))


@dataclass(frozen=True)
class SeedReport:
    created: int
    unchanged: int
    updated: int = 0


def site_context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return cast(Context, {"user": site_user["name"], "ignore_auth": True})


def quiet_context() -> Context:
    """The site user's, sending no workflow email: sample data's walidata and OPD
    admins are fictional."""
    return cast(Context, {**site_context(), "satudata_no_notification": True})


def ensure_sysadmin(name: str, email: str, password: str | None) -> str | None:
    """Create the sysadmin if missing. Returns the generated password, if one was made."""
    user = model.User.get(name)
    generated: str | None = None
    if user is None:
        if not password:
            generated = password = secrets.token_urlsafe(12)
        tk.get_action("user_create")(
            site_context(), {"name": name, "email": email, "password": password}
        )
        user = model.User.get(name)
        assert user is not None
    if not user.sysadmin:
        user.sysadmin = True
        model.Session.commit()
    return generated


def api_token(user: str, token_name: str) -> str:
    result = tk.get_action("api_token_create")(site_context(), {"user": user, "name": token_name})
    return str(result["token"])


def seed_organizations(path: Path = OPD_FILE) -> SeedReport:
    """The OPDs of the project's copy of the city's list, through `opd import`: new
    ones created, changed ones updated, all in one transaction."""
    from ..opd import files, sync

    result = sync.import_entries(files.read(path))
    for change in result.updated:
        log.info("OPD diperbarui: %s (%s)", change.record.singkatan, ", ".join(change.fields))
    return SeedReport(
        created=len(result.created),
        unchanged=len(result.unchanged),
        updated=len(result.updated),
    )


def seed_datasets(folder: Path = DEMO_DATA) -> SeedReport:
    document = yaml.safe_load((folder / "datasets.yaml").read_text(encoding="utf-8"))
    created = unchanged = 0
    for spec in document["datasets"]:
        package = model.Package.get(spec["name"])
        if package is not None and len(package.resources) >= len(spec.get("resources", [])):
            _resubmit_unloaded(package)
            _publish(package.id)
            unchanged += 1
            continue
        dataset_id = _create_dataset(spec, folder, existing_id=package.id if package else None)
        _publish(dataset_id)
        created += 1
    for spec in document["datasets"]:
        if spec.get("standar"):
            _follow_standard(spec["name"], STANDARDS / f"{spec['standar']}.json")
    return SeedReport(created=created, unchanged=unchanged)


def _follow_standard(dataset: str, path: Path) -> None:
    """The sample standard, published, and the published sample dataset following it
    (attached after publication: the worker checks the file against it)."""
    from ..standards import registry
    from ..standards import schema as standard_schema

    document = standard_schema.read_document(json.loads(path.read_text(encoding="utf-8")))
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    standar, _ = registry.import_document(document, site_user["id"], publish_now=True)
    model.Session.commit()
    ref = f"{standar.kode}@{standar.versi}"
    shown = tk.get_action("package_show")(site_context(), {"id": dataset})
    if shown.get("standar_data") != ref:
        tk.get_action("package_patch")(site_context(), {"id": dataset, "standar_data": ref})
        log.info("Dataset contoh %s mengikuti standar %s", dataset, ref)


# The step that moves a dataset on from each status, on the way to ditayangkan.
_NEXT_STEP = {
    "draft": "satudata_submit",
    "perlu_perbaikan": "satudata_submit",
    "ditarik": "satudata_submit",
    "diajukan": "satudata_approve",
    "pemeriksaan_pembina": "satudata_approve",
    "disetujui": "satudata_publish",
}


def _publish(dataset_id: str) -> None:
    """Take the sample dataset through the walidata workflow (submit, approve,
    publish) as the site's sysadmin, so the demo shows the path real data takes."""
    for _ in range(len(_NEXT_STEP) + 1):
        status = tk.get_action("package_show")(site_context(), {"id": dataset_id})[
            "status_verifikasi"
        ]
        if status not in _NEXT_STEP:
            return
        tk.get_action(_NEXT_STEP[status])(quiet_context(), {"id": dataset_id})


def _resubmit_unloaded(package: model.Package) -> None:
    """Queue again the uploads an earlier run could not load into the datastore
    (e.g. the portal was stopped before the worker reached them)."""
    for resource in package.resources:
        if resource.extras.get("datastore_active") not in (True, "True", "true"):
            tk.get_action("xloader_submit")(
                site_context(), {"resource_id": resource.id, "ignore_hash": True}
            )


def _dictionary(columns: dict[str, dict[str, Any]] | None) -> dict[str, str]:
    if not columns:
        return {}
    described = [{"id": name, "info": info} for name, info in columns.items()]
    return {"kamus_data": json.dumps(described, ensure_ascii=False)}


_NOT_METADATA = frozenset({"organization", "tags", "resources", "standar"})


def _create_dataset(spec: dict[str, Any], folder: Path, existing_id: str | None) -> str:
    """Create the dataset, or finish one whose resources an earlier run did not add."""
    # Every other key of the spec is SDI metadata, passed as it is to the schema.
    metadata = {k: v for k, v in spec.items() if k not in _NOT_METADATA}
    dataset = {
        **metadata,
        "name": spec["name"],
        "title": spec["title"],
        "owner_org": spec["organization"],
        "license_id": spec.get("license_id", "cc-by"),
        "tags": [{"name": t} for t in spec.get("tags", [])],
    }
    if existing_id is None:
        package = tk.get_action("package_create")(site_context(), dataset)
    else:
        package = tk.get_action("package_show")(site_context(), {"id": existing_id})
    present = {r["name"] for r in package.get("resources", [])}
    # Resources are added one by one: xloader only loads those made by
    # resource_create, not those inside package_create.
    for resource in spec.get("resources", []):
        if resource["name"] in present:
            continue
        path = folder / resource["file"]
        with path.open("rb") as stream:
            tk.get_action("resource_create")(
                site_context(),
                {
                    "package_id": package["id"],
                    "name": resource["name"],
                    "description": resource.get("description", ""),
                    "format": resource.get("format", "CSV"),
                    # the columns' MS-Var, applied when the worker loads the file
                    **_dictionary(resource.get("kamus_data")),
                    "url": path.name,
                    "upload": FileStorage(stream=stream, filename=path.name),
                },
            )
    log.info("Dataset contoh dibuat: %s", spec["name"])
    return str(package["id"])


def seed_daftar(folder: Path = DEMO_DATA) -> SeedReport:
    """The Daftar Data of the current year and the sample deliveries (demo/daftar.py)."""
    from . import daftar

    report = daftar.seed_daftar(folder / "daftar.yaml")
    return SeedReport(created=report.entries, unchanged=0, updated=report.datasets)
