"""`ckan satudata daftar …`: the Daftar Data from and to the Forum's spreadsheets,
and the reminders."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click

from . import periods
from .cli_pengingat import ingatkan, jadwal_pengingat


def _site_user() -> str:
    import ckan.plugins.toolkit as tk

    return str(tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"])


def _stop(*lines: str) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(1)


def _year(value: int, option: str) -> int:
    if not periods.FIRST_YEAR <= value <= periods.LAST_YEAR:
        _stop(f"{option}: tahun {value} di luar {periods.FIRST_YEAR}–{periods.LAST_YEAR}.")
    return value


@click.group(short_help="Daftar Data: impor, ekspor, salin tahun, pengingat")
def daftar() -> None:
    """Daftar Data: data yang wajib dihasilkan setiap OPD per tahun."""


@daftar.command("impor")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tahun", type=int, help="Tahun yang diimpor: baris tahun lain ditolak.")
@click.option("--oleh", help="Nama pengguna pencatat entri baru (bawaan: pengguna situs).")
def impor(berkas: Path, tahun: int | None, oleh: str | None) -> None:
    """Impor Daftar Data dari BERKAS (XLSX, XLS, ODS atau CSV).

    Kolom: Tahun, Nama Data, OPD, Urusan, Frekuensi, Standar Data, Data Prioritas,
    Tenggat, Catatan. Entri yang sudah ada (tahun, OPD dan nama data sama)
    diperbarui, yang lain dibuat. Satu baris salah saja dan tidak ada yang diubah:
    semua kesalahan ditampilkan.
    """
    from ckan import model

    from .importer import import_file

    if tahun is not None:
        _year(tahun, "--tahun")
    if oleh is None:
        oleh = _site_user()
    else:
        found = model.User.get(oleh)
        if found is None:
            _stop(f"--oleh: pengguna “{oleh}” tidak ada.")
        oleh = found.name
    result = import_file(berkas, oleh, tahun)
    if result.errors:
        _stop(
            f"{berkas} tidak diimpor; tidak ada yang diubah. Perbaiki:",
            *(f"- {error}" for error in result.errors),
        )
    click.echo(f"{berkas} diimpor: {result.created} entri baru, {result.updated} entri diperbarui.")


@daftar.command("ekspor")
@click.argument("berkas", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--tahun", type=int, required=True, help="Tahun Daftar Data yang diekspor.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    help="xlsx atau csv (bawaan: menurut akhiran BERKAS, selain .csv menjadi xlsx).",
)
def ekspor(berkas: Path, tahun: int, fmt: str | None) -> None:
    """Ekspor Daftar Data satu tahun ke BERKAS (XLSX atau CSV).

    Berkasnya untuk diolah Forum Satu Data lalu diimpor kembali. CSV ditulis untuk
    Excel berbahasa Indonesia: pemisah titik koma, UTF-8.
    """
    from .importer import export_file

    chosen = fmt or ("csv" if berkas.suffix.lower() == ".csv" else "xlsx")
    count = export_file(berkas, _year(tahun, "--tahun"), chosen)
    click.echo(f"{count} entri Daftar Data {tahun} ditulis ke {berkas}.")


@daftar.command("salin")
@click.option("--dari", type=int, required=True, help="Tahun yang disalin.")
@click.option("--ke", type=int, required=True, help="Tahun tujuan.")
def salin(dari: int, ke: int) -> None:
    """Salin Daftar Data satu tahun ke tahun lain.

    Tenggat yang diubah ikut bergeser; entri yang sudah ada di tahun tujuan dibiarkan.
    """
    from ckan import model

    from . import registry

    if dari == ke:
        _stop("--ke: tahun tujuan sama dengan tahun asal.")
    copied, skipped = registry.copy_year(_year(dari, "--dari"), _year(ke, "--ke"), _site_user())
    model.Session.commit()
    click.echo(
        f"Daftar Data {dari} disalin ke {ke}: {len(copied)} entri baru, "
        f"{skipped} sudah ada (dilewati)."
    )


# the reminders' commands are cli_pengingat.py's
daftar.add_command(ingatkan)
daftar.add_command(jadwal_pengingat)
