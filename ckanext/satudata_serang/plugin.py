"""The Satu Data Kota Serang plugin: thin glue, the work lives in the subpackages."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import click
from ckan import model
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckan.model.domain_object import DomainObjectOperation
from ckan.types import Context, Schema
from ckanext.datastore.interfaces import IDataDictionaryForm

from . import cli, config, facets, views
from .dictionary import form as dictionary_form
from .harvest import access as harvest_access
from .loading import submit
from .metadata import index as metadata_index
from .ops import logs
from .search import backend
from .search import cli as search_cli
from .standards import validation as standar_validation
from .workflow import labels


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.blueprints(views.blueprints)
class SatudataSerangPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IClick)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPermissionLabels)
    p.implements(p.IOrganizationController, inherit=True)
    p.implements(p.IGroupController, inherit=True)
    p.implements(p.IDomainObjectModification, inherit=True)
    p.implements(IDataDictionaryForm, inherit=True)

    # IOrganizationController, IGroupController (IPackageController's edit too)
    def edit(self, entity: Any) -> None:
        if isinstance(entity, model.Group) and config.search_backend() == "postgres":
            backend.refresh_group_datasets(entity)

    # IDataDictionaryForm
    def update_datastore_create_schema(self, schema: Schema) -> Schema:
        return dictionary_form.update_create_schema(schema)

    def update_datastore_info_field(
        self, field: dict[str, Any], plugin_data: dict[str, Any]
    ) -> dict[str, Any]:
        return field

    # IDomainObjectModification
    def notify(self, entity: Any, operation: str) -> None:
        # xloader submits resources of resource_create and changed ones, never those
        # added by package_create/package_update: those are submitted here
        if isinstance(entity, model.Resource) and operation == DomainObjectOperation.new:
            submit.submit_new(entity)

    # IPermissionLabels
    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        if dataset_obj.type == harvest_access.SOURCE_TYPE:
            return harvest_access.source_labels()
        return labels.dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: model.User | None) -> list[str]:
        return labels.user_labels(user_obj)

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return metadata_index.enrich(pkg_dict)

    def after_dataset_search(
        self, search_results: dict[str, Any], search_params: dict[str, Any]
    ) -> dict[str, Any]:
        return facets.label_facet_items(search_results)

    # a new file or standard of a resource is checked against its standard (queued
    # once the change commits; resource_create/update go through package_update)
    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        standar_validation.dataset_changed(pkg_dict["id"])

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        standar_validation.dataset_changed(pkg_dict["id"])

    # IFacets
    def dataset_facets(
        self, facets_dict: OrderedDict[str, Any], package_type: str
    ) -> OrderedDict[str, Any]:
        return facets.dataset_facets()

    def organization_facets(
        self, facets_dict: OrderedDict[str, Any], organization_type: str, package_type: str | None
    ) -> OrderedDict[str, Any]:
        return facets.organization_facets()

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
        tk.add_resource("assets", "satudata_serang")

    # IConfigurable
    def configure(self, config_: Any) -> None:
        if config.log_json():
            logs.use_json()
        if config.search_backend() == "postgres":
            backend.install()
        else:
            backend.uninstall()
