from __future__ import annotations

from setuptools import find_namespace_packages, setup

# The scheming YAML and vocabularies live in the top-level schemas/ folder and are
# installed as the package ckanext.satudata_serang.schemas, so scheming can find them
# as "ckanext.satudata_serang.schemas:dataset.yaml" in editable and regular installs.
packages = [
    p
    for p in find_namespace_packages(include=["ckanext", "ckanext.*"])
    if not p.startswith("ckanext.satudata_serang.schemas")
] + ["ckanext.satudata_serang.schemas"]

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
            "demo/data/*", "demo/*.yaml",
            "migration/**/*",
        ],
        "ckanext.satudata_serang.schemas": ["*.yaml", "*.json", "vocabularies/*"],
    },
    entry_points={
        "ckan.plugins": [
            "satudata_serang = ckanext.satudata_serang.plugin:SatudataSerangPlugin",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
