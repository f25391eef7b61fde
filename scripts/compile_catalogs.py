"""Compile the extension's gettext catalogs, as `pip install` does (Makefile: install,
the .mo rule and `make i18n`).

    python scripts/compile_catalogs.py [--statistics] [I18N_DIR]

The code is setup.py's compile_catalogs() (each i18n/<locale>/LC_MESSAGES/*.po merged
with the CKAN core strings of i18n/ckan-core/<locale>.po and the ckanext-harvest
strings of i18n/ckanext-harvest/<locale>.po), loaded from setup.py so that there is
one copy of it; setup.py's setup() call is skipped while loading.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from unittest import mock

import setuptools

ROOT = Path(__file__).resolve().parent.parent


def load_setup_py(path: Path = ROOT / "setup.py") -> ModuleType:
    """setup.py as a module, without running its setup() call."""
    spec = importlib.util.spec_from_file_location("_satudata_setup", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with mock.patch.object(setuptools, "setup", lambda **_kwargs: None):
        spec.loader.exec_module(module)
    return module


def _statistics(setup_py: ModuleType, i18n_dir: Path) -> None:
    from babel.messages.pofile import read_po

    def count(path: Path) -> tuple[int, int]:
        with path.open("rb") as f:
            messages = [m for m in read_po(f) if m.id]
        done = [m for m in messages if not m.fuzzy and all(_strings(m.string))]
        return len(done), len(messages)

    for po in sorted(i18n_dir.glob("*/LC_MESSAGES/*.po")):
        locale = po.parent.parent.name
        merged = [i18n_dir / folder / f"{locale}.po" for folder in setup_py.MERGED_DIRS]
        for path in [po, *(path for path in merged if path.is_file())]:
            done, total = count(path)
            print(f"{path.relative_to(i18n_dir)}: {done} of {total} messages translated")
        print(f"-> {po.with_suffix('.mo').relative_to(i18n_dir)}")


def _strings(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if isinstance(string, str):
        return (string,)
    return tuple(string) if string else ("",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "i18n_dir",
        nargs="?",
        type=Path,
        default=ROOT / "ckanext" / "satudata_serang" / "i18n",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print how much of each catalog is translated"
    )
    args = parser.parse_args(argv)
    setup_py = load_setup_py()
    setup_py.compile_catalogs(str(args.i18n_dir))
    if args.statistics:
        _statistics(setup_py, args.i18n_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
