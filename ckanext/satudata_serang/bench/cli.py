"""`ckan satudata bench …`: the steps `make bench-search` runs inside CKAN.

Heavy modules are imported inside the commands, so `ckan --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

DEFAULT_SEED = 20260101


@click.group(short_help="Tolok ukur pencarian (make bench-search)")
def bench() -> None:
    """Langkah tolok ukur pencarian: muat dataset sintetis, periksa, ukur."""


@bench.command()
def noop() -> None:
    """Tidak melakukan apa-apa: mengukur biaya start-up CKAN."""


@bench.command()
@click.option(
    "--count", type=click.IntRange(min=1), required=True, help="Jumlah total dataset sintetis."
)
@click.option("--seed", "seed_value", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=2000, show_default=True)
def load(count: int, seed_value: int, batch_size: int) -> None:
    """Tambah dataset sintetis langsung ke tabel CKAN hingga berjumlah COUNT."""
    from . import load as loading

    report = loading.load(count, seed_value=seed_value, batch_size=batch_size)
    click.echo(
        f"{report.added} dataset dimuat dalam {report.seconds:.1f} detik "
        f"(total {report.total} dataset sintetis)."
    )


@bench.command()
def check() -> None:
    """Periksa dataset sintetis lewat package_show dan package_search (setelah rebuild)."""
    import ckan.plugins.toolkit as tk

    from . import load as loading

    for dataset_id in loading.sample_ids():
        shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset_id})
        found = tk.get_action("package_search")(
            {"user": ""}, {"q": f'name:"{shown["name"]}"', "include_private": True}
        )
        click.echo(
            f"package_show {shown['name']}: OPD {shown['organization']['name']}, "
            f"{len(shown['tags'])} tag, {len(shown['resources'])} sumber daya, "
            f"topik={shown.get('topik')}, tahun_mulai={shown.get('tahun_mulai')!r}, "
            f"private={shown['private']}; package_search anonim → {found['count']} hasil"
        )
        if found["count"] != (0 if shown["private"] else 1):
            raise click.ClickException("Indeks pencarian tidak sesuai dengan dataset ini.")


@bench.command()
@click.option("--iterations", type=click.IntRange(min=1), default=30, show_default=True)
@click.option("--warmup", type=click.IntRange(min=0), default=3, show_default=True)
@click.option("--explain/--no-explain", default=False, help="Simpan EXPLAIN ANALYZE tiap kueri.")
@click.option(
    "--vacuum/--no-vacuum", default=True, show_default=True, help="VACUUM ANALYZE indeks dulu."
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def measure(iterations: int, warmup: int, explain: bool, vacuum: bool, out: Path) -> None:
    """Ukur package_search (anonim dan anggota OPD) beserta lantai SQL-nya; tulis JSON."""
    from . import measure as measuring

    result = measuring.run(iterations=iterations, warmup=warmup, explain=explain, vacuum=vacuum)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    click.echo(measuring.format_table(result))
    click.echo(f"Hasil ditulis ke {out}")
