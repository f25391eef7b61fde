"""`ckan satudata standar …`: the data-structure standards from and to files (JSON or
YAML), as the walidata keep them beside the portal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, cast

import ckan.plugins.toolkit as tk
import click
import yaml
from ckan.types import Context

from . import schema


def _context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return cast(Context, {"user": site_user["name"], "ignore_auth": True})


@click.group(short_help="Standar struktur data (Table Schema)")
def standar() -> None:
    """Standar struktur data: daftar, impor dan ekspor."""


@standar.command("list")
def list_() -> None:
    """Daftar standar: versi terbaru tiap standar (juga draf dan yang dicabut)."""
    for item in tk.get_action("satudata_standar_list")(_context(), {}):
        click.echo(
            f"{item['ref']:<40} {item['status']:<8} {item['jumlah_kolom']:>3} kolom  "
            f"{item['judul']}"
        )


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


MESSAGES = {
    "dibuat": "Standar {ref} dibuat",
    "diperbarui": "Draf {ref} diperbarui",
    "versi_baru": "Versi baru {ref} dibuat",
    "tidak_berubah": "Standar {ref} tidak berubah",
}


@standar.command("import")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--terbitkan", is_flag=True, help="Terbitkan (berlakukan) versi yang diimpor.")
def import_(berkas: Path, terbitkan: bool) -> None:
    """Impor standar dari BERKAS (JSON atau YAML: kode, judul, deskripsi, skema).

    Standar baru menjadi versi 1; perubahan atas versi yang berlaku menjadi versi
    berikutnya; berkas yang sama dengan versi terbaru tidak mengubah apa pun.
    """
    from ckan import model

    from . import registry

    try:
        document = schema.read_document(_read(berkas))
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise click.ClickException(f"{berkas}: bukan JSON/YAML yang sah ({error})") from None
    except schema.SchemaProblems as problems:
        raise click.ClickException(
            f"{berkas} tidak dapat diimpor:\n" + "\n".join(f"- {p}" for p in problems.problems)
        ) from None
    site_user = model.User.get(str(_context().get("user")))
    standard, outcome = registry.import_document(
        document, site_user.id if site_user else None, terbitkan
    )
    model.Session.commit()
    click.echo(
        MESSAGES[outcome].format(ref=schema.ref(standard.kode, standard.versi))
        + f" ({standard.status})."
    )


@standar.command("export")
@click.argument("kode")
@click.option("--versi", type=int, help="Nomor versi (bawaan: versi terbaru).")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Berkas tujuan."
)
def export(kode: str, versi: int | None, fmt: str, output: Path | None) -> None:
    """Ekspor satu versi standar KODE (daftar kode referensi ikut dijabarkan)."""
    try:
        shown = tk.get_action("satudata_standar_show")(_context(), {"kode": kode, "versi": versi})
    except tk.ObjectNotFound:
        raise click.ClickException(f"Standar {kode} tidak ditemukan.") from None
    document = schema.write_document(
        shown["kode"],
        shown["versi"],
        shown["status"],
        shown["judul"],
        shown["deskripsi"],
        shown["skema"],
    )
    if fmt == "json":
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Standar {schema.ref(shown['kode'], shown['versi'])} ditulis ke {output}.")
