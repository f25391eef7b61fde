"""Entry point of the project's two commands.

python -m ckanext.satudata_serang.runtime demo [--port 5000]
python -m ckanext.satudata_serang.runtime test [pytest arguments…]
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
    args, rest = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    root: Path = args.root.resolve()
    try:
        if args.command == "demo":
            from .portal import serve_demo

            return serve_demo(root, port=args.port, data_dir=args.data_dir)
        from .testrun import run_tests

        return run_tests(root, rest)
    except ServiceError as error:
        print(f"Gagal: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
