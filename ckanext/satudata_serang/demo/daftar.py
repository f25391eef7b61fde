"""The demo's Daftar Data for the current year (demo/data/daftar.yaml): the entries,
and sample datasets the OPDs delivered for some of them, in each workflow status, so
the dashboard shows fulfilled, submitted, returned and late periods. Idempotent."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from ckan import model
from werkzeug.datastructures import FileStorage

from ..daftar import actions as daftar_actions
from ..daftar import registry, values
from ..daftar.models import Entri
from .seed import quiet_context

log = logging.getLogger(__name__)

# The steps from draft to each status a sample delivery is left in.
_STEPS = {
    "diajukan": ["satudata_submit"],
    "perlu_perbaikan": ["satudata_submit", "satudata_return"],
    "ditayangkan": ["satudata_submit", "satudata_approve", "satudata_publish"],
}
RETURN_NOTE = "Kolom kecamatan belum memakai kode wilayah Kemendagri; mohon diperbaiki."


@dataclass(frozen=True)
class DaftarReport:
    entries: int
    datasets: int


def seed_daftar(path: Path) -> DaftarReport:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = daftar_actions.today()
    known = registry.known()
    entries = datasets = 0
    for spec in document["entri"]:
        raw = {
            "tahun": today.year,
            "nama": spec["nama"],
            "organization": spec["opd"],
            "urusan": spec.get("urusan", ""),
            "frekuensi": spec["frekuensi"],
            "standar": spec.get("standar", "") if spec.get("standar") in known.standar else "",
            "prioritas": spec.get("prioritas", False),
            "catatan": spec.get("catatan", ""),
        }
        checked, errors = values.check(raw, known)
        if checked is None:
            raise ValueError(f"Daftar Data contoh salah: {spec['nama']}: {errors}")
        entri = registry.same_name(checked)
        if entri is None:
            if spec.get("terlambat"):
                _late_from_the_start(checked, today)
            entri = registry.create(checked, None)
            model.Session.commit()
            entries += 1
        for delivery in spec.get("setor", []):
            datasets += _deliver(entri, spec, document["dataset_dasar"], delivery, today)
    return DaftarReport(entries, datasets)


def _late_from_the_start(checked: values.EntryValues, today: Any) -> None:
    """Early in the year no deadline has passed yet: the first one moves to
    yesterday, so the demo always has a late period."""
    period, deadline, _ = checked.periods()[0]
    if deadline >= today:
        checked.tenggat[period.code] = today - timedelta(days=1)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def _deliver(
    entri: Entri, spec: dict[str, Any], base: dict[str, Any], delivery: dict[str, Any], today: Any
) -> int:
    rows = sorted(entri.periode, key=lambda p: p.mulai)
    if delivery["periode"] == "jatuh_tempo":
        chosen = [p for p in rows if p.tenggat < today] or rows[:1]
    else:
        chosen = rows[:1]
    name = f"setor-{_slug(entri.nama)}-{entri.tahun}"
    if model.Package.get(name) is not None:
        return 0
    first, last = chosen[0], chosen[-1]
    dataset = tk.get_action("package_create")(
        quiet_context(),
        {
            **base,
            "name": name,
            "title": f"{entri.nama} {entri.tahun}",
            "owner_org": entri.organization_id,
            "frekuensi": entri.frekuensi,
            "urusan": [entri.urusan] if entri.urusan else [],
            "topik": spec.get("topik", "pemerintahan"),
            "data_prioritas": entri.prioritas,
            "tahun_mulai": first.mulai.year,
            "periode_akhir": last.selesai.isoformat(),
            "daftar_data": entri.id,
            "license_id": "cc-by",
        },
    )
    for row in chosen:
        table = f"periode;nilai\n{row.kode};{100 + len(row.kode) * 7}\n".encode()
        tk.get_action("resource_create")(
            quiet_context(),
            {
                "package_id": dataset["id"],
                "name": f"{entri.nama} ({row.kode})",
                "format": "CSV",
                "periode_data": row.kode,
                "url": f"{row.kode}.csv",
                "upload": FileStorage(stream=io.BytesIO(table), filename=f"{row.kode}.csv"),
            },
        )
    for step in _STEPS[delivery["status"]]:
        note = {"note": RETURN_NOTE} if step == "satudata_return" else {}
        tk.get_action(step)(quiet_context(), {"id": dataset["id"], **note})
    log.info("Setoran contoh %s (%s)", name, delivery["status"])
    return 1
