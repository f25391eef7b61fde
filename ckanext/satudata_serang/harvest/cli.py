"""`ckan satudata panen …`: the harvest schedule and a harvest run by hand."""

from __future__ import annotations

from typing import cast

import click


@click.group(short_help="Panen (harvest) katalog lain")
def panen() -> None:
    """Panen dataset dari katalog DCAT dan portal CKAN lain."""


@panen.command("jadwal")
def arm_schedule() -> None:
    """Pasang lagi pemeriksaan jadwal panen di antrean worker dan antrekan lagi tugas
    panen baru yang hilang dari antrean (mis. setelah Redis dimulai ulang).

    `ckan satudata prepare` menjalankannya setiap kali portal dimulai.
    """
    from . import runner, schedule

    job_id = schedule.arm()
    if job_id is None:
        click.echo("Antrean tidak dapat dihubungi: pemeriksaan jadwal panen belum dipasang.")
        return
    requeued = schedule.requeue_new()
    click.echo(
        f"Pemeriksaan jadwal panen dipasang ({job_id}); "
        f"{len(requeued)} tugas panen diantrekan lagi."
    )
    for job in requeued:
        click.echo(f"  {runner.rq_job_id(job)}")


@panen.command("jalankan")
@click.argument("source", metavar="SUMBER")
def run_now(source: str) -> None:
    """Jalankan panen SUMBER (nama atau id sumber panen) sekarang, di proses ini."""
    import ckan.plugins.toolkit as tk
    from ckan.types import Context
    from ckanext.harvest.logic import HarvestJobExists

    from .. import background
    from . import runner

    with background.in_site_request():
        site_user = tk.get_action("get_site_user")(cast(Context, {"ignore_auth": True}), {})
        context = cast(Context, {"user": site_user["name"]})
        found = tk.get_action("harvest_source_show")(context, {"id": source})
        try:
            job = tk.get_action("harvest_job_create")(
                context, {"source_id": found["id"], "run": False}
            )
        except HarvestJobExists:
            raise click.ClickException(
                "Sumber ini sudah punya tugas panen yang menunggu atau berjalan."
            ) from None
        runner.run_here(job["id"])
        report = tk.get_action("harvest_job_show")(context, {"id": job["id"]})
    stats = report.get("stats") or {}
    click.echo(
        f"Panen {found['name']}: {stats.get('added', 0)} baru, {stats.get('updated', 0)} "
        f"diperbarui, {stats.get('deleted', 0)} ditarik, {stats.get('errored', 0)} galat."
    )
