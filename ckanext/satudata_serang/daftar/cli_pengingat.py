"""The reminder digest's commands (reminders.py): run it now, or arm the daily job.
Standalone commands, added to `ckan satudata daftar` by its group."""

from __future__ import annotations

from datetime import datetime

import click


@click.command("ingatkan")
@click.option(
    "--tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Kirim pengingat seolah-olah pada tanggal ini (YYYY-MM-DD); bawaan: hari ini (WIB).",
)
def ingatkan(tanggal: datetime | None) -> None:
    """Kirim sekarang pengingat harian Daftar Data kepada admin dan editor OPD: data
    yang akan jatuh tempo, terlambat atau dikembalikan walidata.

    Pengingat yang sudah pernah dikirim tidak dikirim lagi, jadi aman dijalankan
    berulang. Pengganti tugas harian worker (`jadwal-pengingat`) bila portal berjalan
    tanpa worker: jalankan dari cron setiap pagi.
    """
    from . import reminders

    sent = reminders.run(tanggal.date() if tanggal else None)
    click.echo(f"{sent} email pengingat Daftar Data dikirim.")


@click.command("jadwal-pengingat")
def jadwal_pengingat() -> None:
    """Pasang tugas pengingat harian Daftar Data di antrean worker (pukul 07.00 WIB).

    Tugas itu memasang sendiri tugas hari berikutnya; perintah ini memasangnya lagi
    bila antrean kosong (mis. setelah Redis dimulai ulang). Dijalankan berulang pun
    hanya ada satu tugas per hari.
    """
    from . import reminders

    job_id = reminders.arm()
    if job_id is None:
        click.echo("Antrean tidak dapat dihubungi: pengingat harian belum dipasang.")
        return
    click.echo(f"Pengingat harian Daftar Data dipasang ({job_id}).")
