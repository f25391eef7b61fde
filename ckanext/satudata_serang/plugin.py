"""The Satu Data Kota Serang plugin: thin glue, the work lives in the subpackages."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from . import config
from .search import backend


@tk.blanket.config_declarations
@tk.blanket.cli
class SatudataSerangPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    # IConfigurer
    def update_config(self, config_: CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "public")

    # IConfigurable
    def configure(self, config_: Any) -> None:
        if config.search_backend() == "postgres":
            backend.install()
        else:
            backend.uninstall()
