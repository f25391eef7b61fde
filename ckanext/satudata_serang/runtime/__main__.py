"""Entry point of the project's two commands.

python -m ckanext.satudata_serang.runtime demo [--port 5000]
python -m ckanext.satudata_serang.runtime test [pytest arguments…]
python -m ckanext.satudata_serang.runtime bench-search [--sizes 10000,100000]
python -m ckanext.satudata_serang.runtime bench-dcat [--size 10000] [--harvest 1000]
python -m ckanext.satudata_serang.runtime bench-datastore [--rows 1000000]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .procs import ServiceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ckanext.satudata_serang.runtime")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="folder proyek")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="jalankan portal demo")
    demo.add_argument("--port", type=int, default=5000)
    demo.add_argument("--data-dir", type=Path, default=None, help="default: ROOT/.data/demo")
    commands.add_parser("test", help="jalankan seluruh pengujian")
    bench = commands.add_parser("bench-search", help="tolok ukur pencarian dataset")
    bench.add_argument("--sizes", default="10000,100000", help="jumlah dataset, dipisah koma")
    bench.add_argument("--iterations", type=int, default=None, help="bawaan: 30 (≤20k), 20")
    bench_dcat = commands.add_parser("bench-dcat", help="tolok ukur ekspor dan panen DCAT")
    bench_dcat.add_argument("--size", type=int, default=10_000, help="dataset di katalog")
    bench_dcat.add_argument("--harvest", type=int, default=1_000, help="dataset yang dipanen")
    bench_dcat.add_argument("--iterations", type=int, default=30, help="sampel per ukuran")
    bench_dcat.add_argument("--profile", action="store_true", help="simpan cProfile tiap langkah")
    bench_ds = commands.add_parser("bench-datastore", help="tolok ukur pemuatan DataStore")
    bench_ds.add_argument("--rows", type=int, default=1_000_000, help="baris CSV")
    bench_ds.add_argument("--iterations", type=int, default=200, help="sampel pencarian")
    args, rest = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    root: Path = args.root.resolve()
    try:
        if args.command == "demo":
            from .portal import serve_demo

            return serve_demo(root, port=args.port, data_dir=args.data_dir)
        if args.command == "bench-search":
            from .bench import run_bench

            sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
            return run_bench(root, sizes, iterations=args.iterations)
        if args.command == "bench-dcat":
            from .bench_dcat import run_bench_dcat

            return run_bench_dcat(
                root, args.size, args.harvest, args.iterations, profile=args.profile
            )
        if args.command == "bench-datastore":
            from .bench_datastore import run_bench_datastore

            return run_bench_datastore(root, args.rows, args.iterations)
        from .testrun import run_tests

        return run_tests(root, rest)
    except ServiceError as error:
        print(f"Gagal: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
