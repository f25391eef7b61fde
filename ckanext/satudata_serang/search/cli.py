"""`ckan search-index rebuild` for the PostgreSQL backend: parallel, with a progress bar.

CKAN's `search-index` group is kept whole (check, show, clear, orphans …); only its
`rebuild` (and `rebuild-fast`, which forks workers that share one connection) are
replaced.
"""

from __future__ import annotations

import sys
import time

import click
from ckan.cli.search_index import search_index as core_search_index


@click.command(name="rebuild", short_help="Bangun ulang indeks pencarian")
@click.option("-v", "--verbose", is_flag=True)
@click.option(
    "-i", "--force", is_flag=True, help="Lanjutkan walau ada dataset yang gagal diindeks."
)
@click.option("-o", "--only-missing", is_flag=True, help="Hanya dataset yang belum terindeks.")
@click.option("-q", "--quiet", is_flag=True, help="Tanpa bilah kemajuan.")
@click.option(
    "-e",
    "--commit-each",
    is_flag=True,
    help="Diterima demi kecocokan; tiap bagian selalu di-commit.",
)
@click.option("--keep-orphans", is_flag=True, help="Jangan hapus entri indeks tanpa dataset.")
@click.option(
    "-w", "--workers", type=int, default=None, help="Jumlah proses (bawaan: jumlah inti CPU)."
)
@click.argument("package_id", required=False)
def rebuild(
    verbose: bool,
    force: bool,
    only_missing: bool,
    quiet: bool,
    commit_each: bool,
    keep_orphans: bool,
    workers: int | None,
    package_id: str | None,
) -> None:
    """Bangun ulang indeks pencarian PostgreSQL (semua dataset, atau satu PACKAGE_ID)."""
    from ckan import logic, model

    from . import rebuild as rebuilding

    if package_id:
        try:
            logic.index_update_package({"ignore_auth": True}, package_id)  # pyright: ignore[reportArgumentType]
        except logic.NotFound:
            raise click.ClickException(f"Dataset {package_id} tidak ditemukan.") from None
        model.Session.commit()
        click.echo(f"Dataset {package_id} diindeks ulang.")
        return
    ids = rebuilding.dataset_ids(only_missing=only_missing)
    started = time.monotonic()
    if quiet and not verbose:
        report = rebuilding.rebuild(ids, workers=workers, force=force)
    else:
        with click.progressbar(length=len(ids), label="Mengindeks dataset", file=sys.stderr) as bar:
            report = rebuilding.rebuild(ids, workers=workers, force=force, on_progress=bar.update)
    elapsed = time.monotonic() - started
    click.echo(f"{report.indexed} dataset diindeks dalam {elapsed:.1f} detik.")
    if not keep_orphans:
        dropped = rebuilding.clear_orphans()
        if dropped:
            click.echo(f"{dropped} entri indeks tanpa dataset dihapus.")
    if report.failed:
        for dataset_id, error in report.failed[:20]:
            click.echo(f"Gagal: {dataset_id}: {error}", err=True)
        raise click.ClickException(f"{len(report.failed)} dataset gagal diindeks.")


def search_index_group() -> click.Group:
    """CKAN's search-index group with this backend's rebuild."""
    commands = dict(core_search_index.commands)
    commands["rebuild"] = rebuild
    commands.pop("rebuild-fast", None)
    return click.Group(
        name="search-index",
        commands=commands,
        help=core_search_index.help,
        short_help=core_search_index.short_help,
    )
