"""`ckan satudata opd import|export`: the list of OPDs as a YAML or CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .changes import Plan

__all__ = ["opd"]

_WIDTH = 14  # the longest action, "tidak berubah", plus one


@click.group(short_help="Impor dan ekspor daftar OPD")
def opd() -> None:
    """Daftar OPD (organisasi portal) sebagai berkas YAML atau CSV."""


@opd.command("import")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Periksa dan tampilkan perubahan tanpa menyimpan apa pun."
)
def import_opd(berkas: Path, dry_run: bool) -> None:
    """Impor daftar OPD dari BERKAS (.yaml, .yml atau .csv).

    Seluruh berkas diperiksa lebih dulu: bila satu baris saja salah, tidak ada yang
    disimpan. OPD yang tidak berubah dibiarkan, jadi aman dijalankan berulang. OPD di
    portal yang tidak ada di berkas dilaporkan, tidak dihapus.
    """
    from . import files, sync
    from .records import InvalidFile

    try:
        result = sync.import_entries(files.read(berkas), dry_run=dry_run)
    except InvalidFile as error:
        click.secho(f"{berkas} tidak diimpor, tidak ada yang disimpan:", fg="red", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise click.exceptions.Exit(1) from None
    except sync.SaveFailed as error:
        click.secho(str(error), fg="red", err=True)
        raise click.exceptions.Exit(1) from None
    if dry_run:
        click.echo("Uji coba (--dry-run): perubahan di bawah ini TIDAK disimpan.")
    for line in report(result):
        click.echo(line)


def report(plan: Plan) -> list[str]:
    """One line per OPD of the file, then the portal's OPDs it does not list, then the
    summary."""
    lines = []
    for change in plan.changes:
        record = change.record
        line = f"{change.action.value:<{_WIDTH}} {record.singkatan:<16} {record.nama}"
        if change.fields:
            line += f" ({', '.join(change.fields)})"
        lines.append(line)
    lines += [
        f"{'tidak ada di berkas':<{_WIDTH}} {record.singkatan or record.url:<16} {record.nama}"
        " (dibiarkan, tidak dihapus)"
        for record in plan.absent
    ]
    summary = plan.summary()
    if plan.absent:
        summary += f"; {len(plan.absent)} OPD di portal tidak ada di berkas (tidak dihapus)"
    return [*lines, summary]


@opd.command("export")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["yaml", "csv"]),
    help="Bawaan: menurut akhiran berkas -o, atau yaml.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tulis ke berkas ini (bawaan: ke layar).",
)
def export_opd(format_: str | None, output: Path | None) -> None:
    """Ekspor OPD portal dalam format yang sama dengan `opd import`."""
    from . import files, sync

    kind = format_ or (files.format_of(output) if output else "yaml")
    if kind is None:
        raise click.UsageError(
            f"Format {output} tidak dikenal: pakai akhiran .yaml, .yml atau .csv, atau --format."
        )
    found = sync.export_records()
    text = files.to_yaml(found) if kind == "yaml" else files.to_csv(found)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"{len(found)} OPD diekspor ke {output}", err=True)
