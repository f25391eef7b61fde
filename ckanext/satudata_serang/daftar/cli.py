"""`ckan satudata daftar …`: the Daftar Data from and to the Forum's spreadsheets,
and the reminders."""

from __future__ import annotations

import click


@click.group(short_help="Daftar Data: impor, ekspor, salin tahun, pengingat")
def daftar() -> None:
    """Daftar Data: data yang wajib dihasilkan setiap OPD per tahun."""
