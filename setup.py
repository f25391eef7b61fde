from __future__ import annotations

import copy
import os
import warnings
from typing import TYPE_CHECKING

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

# The scheming YAML and vocabularies live in the top-level schemas/ folder and are
# installed as the package ckanext.satudata_serang.schemas, so scheming can find them
# as "ckanext.satudata_serang.schemas:dataset.yaml" in editable and regular installs.
packages = [
    p
    for p in find_namespace_packages(include=["ckanext", "ckanext.*"])
    if not p.startswith("ckanext.satudata_serang.schemas")
] + ["ckanext.satudata_serang.schemas"]

I18N_DIR = os.path.join("ckanext", "satudata_serang", "i18n")
# Indonesian (etc.) translations of strings that are not the extension's own, one
# folder per translated package, i18n/<folder>/<locale>.po: CKAN's (ckan-core) and
# ckanext-harvest's and ckanext-xloader's, which ship no Indonesian. Each is compiled into the
# extension's .mo of that locale (see compile_catalogs).
CKAN_CORE_DIR = "ckan-core"
HARVEST_DIR = "ckanext-harvest"
XLOADER_DIR = "ckanext-xloader"
MERGED_DIRS = (CKAN_CORE_DIR, HARVEST_DIR, XLOADER_DIR)

# The catalog code below is the only copy: the Makefile runs it through
# scripts/compile_catalogs.py, which loads it from this file. It needs nothing but
# Babel, so it also runs in an isolated build environment (pyproject.toml).


def merge_catalogs(own: Catalog, *others: Catalog) -> Catalog:
    """A copy of ``own`` with the entries of ``others`` it lacks; where several have a
    msgid (and msgctxt), ``own`` wins, then the earlier of ``others``. No argument is
    changed."""
    merged = copy.deepcopy(own)
    for other in others:
        for message in other:
            if message.id and merged.get(message.id, message.context) is None:
                merged[message.id] = copy.deepcopy(message)
    return merged


def compile_catalogs(i18n_dir: str) -> None:
    """Compile every i18n/<locale>/LC_MESSAGES/*.po under i18n_dir to its .mo (the .mo
    files are build artefacts, not in git), merged with the translations of CKAN's and
    ckanext-harvest's strings, i18n/<folder>/<locale>.po for each folder of
    MERGED_DIRS that has one. Fuzzy entries are left out, like `pybabel compile`."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        warnings.warn("Babel is not installed: translations not compiled", stacklevel=1)
        return
    for locale in sorted(os.listdir(i18n_dir)):
        messages = os.path.join(i18n_dir, locale, "LC_MESSAGES")
        if not os.path.isdir(messages):
            continue
        others = []
        for folder in MERGED_DIRS:
            other_po = os.path.join(i18n_dir, folder, locale + ".po")
            if os.path.isfile(other_po):
                with open(other_po, "rb") as f:
                    others.append(read_po(f))
        for name in sorted(os.listdir(messages)):
            if name.endswith(".po"):
                po = os.path.join(messages, name)
                with open(po, "rb") as f:
                    catalog = merge_catalogs(read_po(f), *others)
                with open(po[:-3] + ".mo", "wb") as f:
                    write_mo(f, catalog)


class BuildPyWithCatalogs(build_py):
    """build_py that also compiles the gettext catalogs: into the build folder for
    wheels and regular installs, into the source tree for editable installs."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogs(I18N_DIR)
        else:
            built = os.path.join(self.build_lib, I18N_DIR)
            if os.path.isdir(built):
                compile_catalogs(built)


setup(
    name="ckanext-satudata_serang",
    version="0.1.0",
    description="Portal Satu Data Kota Serang (CKAN extension)",
    license="AGPL-3.0-or-later",
    python_requires=">=3.11,<3.12",
    packages=packages,
    package_dir={"ckanext.satudata_serang.schemas": "schemas"},
    include_package_data=True,
    package_data={
        "ckanext.satudata_serang": [
            "config_declaration.yaml",
            "templates/**/*",
            "assets/**/*",
            "public/**/*",
            "i18n/**/*",
            "demo/data/*",
            "demo/*.yaml",
            "demo/standar/*.json",
            "migration/**/*",
        ],
        "ckanext.satudata_serang.schemas": ["*.yaml", "*.json", "vocabularies/*"],
    },
    entry_points={
        "ckan.plugins": [
            "satudata_serang = ckanext.satudata_serang.plugin:SatudataSerangPlugin",
            "satudata_dcat_harvester = ckanext.satudata_serang.harvest.harvesters:DCATHarvester",
            "satudata_ckan_harvester = ckanext.satudata_serang.harvest.harvesters:CKANHarvester",
        ],
        "ckan.rdf.profiles": [
            "satudata_sdi = ckanext.satudata_serang.dcat.profile:SatudataSDIProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    # Translatable strings are extracted with babel.cfg (`make i18n`).
    cmdclass={"build_py": BuildPyWithCatalogs},
)
