"""ckanext-harvest's actions as this portal runs them (chained through
logic/action.py): jobs go to CKAN's worker, source addresses are checked on save."""

from __future__ import annotations

import json
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict

from . import messages, records, runner, safety, settings
from .access import SOURCE_TYPE
from .models import HarvestSource


def check_source_url(data_dict: DataDict) -> None:
    """A harvest source's URL must be one the harvesters may fetch: http(s), not a
    private address (unless allowed). A host that does not resolve now is accepted;
    every harvest checks again."""
    url = data_dict.get("url")
    if not isinstance(url, str) or not url.strip():
        return  # ckanext-harvest's schema says it is required
    try:
        safety.check_url(url, settings.allowed_hosts(), must_resolve=False)
    except safety.Refused as refused:
        raise tk.ValidationError({"url": [messages.refused(refused)]}) from None


def is_source(data_dict: DataDict, package: model.Package | None = None) -> bool:
    if package is not None:
        return package.type == SOURCE_TYPE
    return data_dict.get("type") == SOURCE_TYPE


def _yes(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes", "ya", "on", "t", "y")


def merge_trust(data_dict: DataDict, package: model.Package | None) -> None:
    """The form's (and the API's) ``terpercaya`` field, kept in the source's
    configuration JSON. A dict from harvest_source_show carries the stored value at
    the top too (ckanext-harvest shows the configuration's keys there): the field
    wins when it differs from what is stored, else the configuration text does."""
    if records.TRUSTED not in data_dict:
        return
    field = _yes(data_dict.pop(records.TRUSTED))
    try:
        config = json.loads(data_dict.get("config") or "{}")
    except ValueError:
        return  # the configuration's validator says what is wrong
    if not isinstance(config, dict):
        return
    stored = None
    if package is not None:
        source = HarvestSource.get(package.id)
        stored = records.is_trusted(source) if source is not None else None
    if stored is None or field != stored or records.TRUSTED not in config:
        config[records.TRUSTED] = field
    data_dict["config"] = json.dumps(config)


def write_source(
    action: str,
    up_func: Action,
    context: Context,
    data_dict: DataDict,
    package: model.Package | None = None,
) -> Any:
    """Create or update a harvest source: its URL checked, the caller's right checked
    (the walidata may, harvest/access.py), then CKAN's action without CKAN's own
    organization check, which would stop the walidata at the OPD they are no member
    of."""
    check_source_url(data_dict)
    merge_trust(data_dict, package)
    if not context.get("ignore_auth"):
        tk.check_access(action, context, data_dict)
    return up_func(cast(Context, {**context, "ignore_auth": True}), data_dict)


@tk.chained_action
def package_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's package_create; a harvest source (see harvest_source_create) may be
    created by the walidata for any OPD, and its URL must be http or https and not
    a private, loopback or link-local address unless
    ``ckanext.satudata_serang.harvest_allowed_hosts`` allows it."""
    if is_source(data_dict):
        return write_source("package_create", up_func, context, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def harvest_send_job_to_gather_queue(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Queue a harvest job for CKAN's background worker, which runs its gather,
    fetch and import stages (ckanext-harvest's own gather queue is not used).
    harvest_job_create calls it, so "Reharvest" on /harvest and the API start a job
    the same way.

    Who: the walidata and sysadmins.

    :param id: the harvest job's id
    :returns: the job (status ``New`` until the worker takes it)
    """
    job_id = str(tk.get_or_bust(data_dict, "id"))
    job = tk.get_action("harvest_job_show")(context, {"id": job_id})
    tk.check_access("harvest_send_job_to_gather_queue", context, job)
    source = tk.get_action("harvest_source_show")(context, {"id": job["source_id"]})
    if not source.get("active", True):
        raise tk.ValidationError({"source_id": [tk._("The harvest source is not active.")]})
    runner.enqueue(job_id, str(source.get("title") or ""))
    return job


@tk.chained_action
@tk.side_effect_free
def harvest_source_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """ckanext-harvest's list of harvest sources (with their configuration, which may
    hold another portal's API key), for the walidata and sysadmins only: the
    original checks nobody.

    :returns: the sources, newest first
    """
    tk.check_access("harvest_source_list", context, data_dict)
    return up_func(context, data_dict)
