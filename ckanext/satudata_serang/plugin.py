"""The Satu Data Kota Serang plugin: thin glue, the work lives in the subpackages."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import click
from ckan.common import CKANConfig

from . import cli, config
from .search import backend
from .search import cli as search_cli


@tk.blanket.config_declarations
@tk.blanket.actions
class SatudataSerangPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IClick)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IGroupController, inherit=True)

    # IOrganizationController, IGroupController
    def edit(self, entity: Any) -> None:
        if config.search_backend() == "postgres":
            backend.refresh_group_datasets(entity)

    # IClick
    def get_commands(self) -> list[click.Command]:
        commands: list[click.Command] = [cli.satudata]
        if config.search_backend() == "postgres":
            commands.append(search_cli.search_index_group())
        return commands

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
