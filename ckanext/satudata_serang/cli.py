"""`ckan satudata …` commands."""

from __future__ import annotations

import os
from pathlib import Path

import ckan.plugins.toolkit as tk
import click

from .bench.cli import bench
from .daftar.cli import daftar
from .daftar.cli_pengingat import jadwal_pengingat
from .harvest.cli import arm_schedule, panen
from .opd.cli import opd
from .ops.cli import backup, restore
from .standards.cli import standar

__all__ = ["satudata"]

DEMO_ADMIN_EMAIL = "admin@satudata.serangkota.go.id"


@click.group(short_help="Perintah Satu Data Kota Serang")
def satudata() -> None:
    """Perintah pengelolaan portal Satu Data Kota Serang."""


@satudata.command()
@click.option("--demo/--no-demo", default=False, help="Isi juga admin, OPD dan dataset contoh.")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Dengan --demo: berkas token API xloader (dibuat bila belum ada).",
)
@click.pass_context
def prepare(ctx: click.Context, demo: bool, token_file: Path | None) -> None:
    """Siapkan basis data: migrasi, hak akses datastore, dan (opsional) data demo.

    URL superuser PostgreSQL untuk hak akses datastore dibaca dari SATUDATA_PG_ADMIN_URL.
    """
    from . import site

    site.upgrade_database(ctx)
    if site.set_datastore_permissions(os.environ.get("SATUDATA_PG_ADMIN_URL")):
        click.echo("Hak akses datastore diatur.")
    ctx.invoke(release_schedule)
    ctx.invoke(arm_schedule)
    ctx.invoke(jadwal_pengingat)
    if demo:
        ctx.invoke(demo_admin, name="admin", email=DEMO_ADMIN_EMAIL, token_file=token_file)
        ctx.invoke(demo_seed)


@satudata.command("jadwal-tayang")
def release_schedule() -> None:
    """Antrekan lagi penayangan terjadwal (mis. setelah Redis dimulai ulang).

    Jadwal disimpan di basis data; perintah ini memasang kembali tugas pembangunnya di
    antrean worker. Jadwal yang sudah lewat ditayangkan worker segera.
    """
    from ckan import model

    from .workflow import release, schedule

    rows = schedule.every_schedule()
    for row in rows:
        package = model.Package.get(row.package_id)
        click.echo(
            f"{release.in_wib(row.release_at)}  {package.name if package else row.package_id}"
        )
    if rows:
        queued = schedule.arm_all(rows)
        click.echo(f"{queued} dari {len(rows)} penayangan terjadwal diantrekan.")


@satudata.group()
def demo() -> None:
    """Data contoh untuk portal demo."""


@demo.command("admin")
@click.option("--name", default="admin", show_default=True)
@click.option("--email", default=DEMO_ADMIN_EMAIL, show_default=True)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tulis token API (untuk xloader) ke berkas ini bila belum ada.",
)
def demo_admin(name: str, email: str, token_file: Path | None) -> None:
    """Buat sysadmin demo (kata sandi dari SATUDATA_ADMIN_PASSWORD atau dibuat acak)."""
    from .demo import seed

    generated = seed.ensure_sysadmin(name, email, os.environ.get("SATUDATA_ADMIN_PASSWORD"))
    if generated:
        click.secho(
            f"Sysadmin dibuat. Masuk sebagai '{name}' dengan kata sandi: {generated}\n"
            "(ditampilkan sekali ini saja; ganti dengan `ckan user setpass`)",
            fg="green",
            bold=True,
        )
    else:
        click.echo(f"Sysadmin '{name}' sudah ada.")
    if token_file is not None:
        if not token_file.exists():
            token_file.parent.mkdir(parents=True, exist_ok=True)
            token_file.touch(mode=0o600)
            token_file.write_text(seed.api_token(name, "xloader"), encoding="utf-8")
            click.echo(f"Token API xloader ditulis ke {token_file}")
        # Seeding in this process submits uploads to xloader, which needs the token.
        tk.config["ckanext.xloader.api_token"] = token_file.read_text(encoding="utf-8").strip()


@demo.command("seed")
def demo_seed() -> None:
    """Isi OPD dan dataset contoh (aman dijalankan berulang)."""
    from .demo import seed

    organizations = seed.seed_organizations()
    click.echo(f"OPD: {organizations.created} dibuat, {organizations.unchanged} sudah ada")
    datasets = seed.seed_datasets()
    click.echo(f"Dataset contoh: {datasets.created} dibuat, {datasets.unchanged} sudah ada")
    daftar_data = seed.seed_daftar()
    click.echo(
        f"Daftar Data contoh: {daftar_data.created} entri dibuat,"
        f" {daftar_data.updated} setoran dataset dibuat"
    )


satudata.add_command(backup)
satudata.add_command(bench)
satudata.add_command(daftar)
satudata.add_command(opd)
satudata.add_command(panen)
satudata.add_command(restore)
satudata.add_command(standar)
