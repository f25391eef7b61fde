"""`ckan satudata backup FILE` and `ckan satudata restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("backup", short_help="Cadangkan basis data dan berkas unggahan")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
def backup(berkas: Path) -> None:
    """Cadangkan portal ke satu arsip BERKAS (tar.gz): basis data CKAN dan DataStore
    (pg_dump), berkas unggahan (ckan.storage_path) dan manifest.json berisi checksum.

    Arsip ditulis ke berkas sementara lalu diganti namanya: BERKAS lama tetap utuh
    sampai arsip baru lengkap.
    """
    from .backup import BackupError, create_backup

    try:
        create_backup(berkas, echo=click.echo)
    except BackupError as error:
        raise click.ClickException(str(error)) from None


@click.command("restore", short_help="Pulihkan portal dari arsip cadangan")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--timpa",
    "--force",
    "timpa",
    is_flag=True,
    help="Pulihkan juga bila basis data tujuan sudah berisi dataset (isinya ditimpa).",
)
def restore(berkas: Path, timpa: bool) -> None:
    """Pulihkan arsip BERKAS buatan `ckan satudata backup` ke instans ini.

    Checksum seluruh arsip diperiksa lebih dulu; arsip rusak tidak mengubah apa pun.
    Instans tujuan harus kosong (tanpa dataset) kecuali dengan --timpa. Hentikan server
    web dan worker portal selama pemulihan. Setelahnya indeks pencarian dibangun ulang.
    """
    from .pgtools import BackupError
    from .restore import restore_backup

    try:
        restore_backup(berkas, overwrite=timpa, echo=click.echo)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
