"""Fixtures of the harvest tests: a real HTTP server on 127.0.0.1 serving catalogs, the
portal's people and OPDs, and CKAN's own worker in burst mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs
from rq.registry import ScheduledJobRegistry

from ckanext.satudata_serang.harvest import schedule
from tests.harvest.portal import portal_people
from tests.harvest.server import CatalogServer

ALLOWED = "ckanext.satudata_serang.harvest_allowed_hosts"


@pytest.fixture
def catalogs() -> Iterator[CatalogServer]:
    server = CatalogServer().start()
    yield server
    server.stop()


@pytest.fixture
def allow_local(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's own server is on 127.0.0.1, which the portal refuses to fetch from
    unless a sysadmin allows it (as here, in the configuration)."""
    monkeypatch.setitem(tk.config, ALLOWED, ["127.0.0.1"])


@pytest.fixture
def people() -> dict[str, dict[str, Any]]:
    return portal_people()


@pytest.fixture(autouse=True)
def no_schedule_checks() -> Iterator[None]:
    """The schedule check re-arms itself: no test leaves one for the tests after it."""
    yield
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    for job_id in registry.get_job_ids():
        if job_id.startswith(schedule.CHECK_PREFIX):
            registry.remove(job_id, delete_job=True)
