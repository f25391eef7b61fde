"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from ckan import plugins
from ckan.cli.db import _run_migrations  # pyright: ignore[reportPrivateUsage]
from ckan.tests import helpers

# CKAN's reset_db rebuilds only core tables; these plugins keep their tables in
# migrations of their own (the search index among them).
MIGRATED_PLUGINS = ("activity", "harvest", "satudata_serang")


@pytest.fixture(scope="session")
def reset_db() -> Callable[[], None]:
    """CKAN's reset_db, followed by the enabled plugins' migrations."""

    def reset() -> None:
        helpers.reset_db()
        for plugin in MIGRATED_PLUGINS:
            _run_migrations(plugin)

    return reset


@pytest.fixture(scope="session", autouse=True)
def portal_plugins() -> Iterator[None]:
    """Every test runs against the portal as configured (ckan.plugins of test.ini).

    CKAN's pytest plugin unloads all plugins before the first test and expects
    `with_plugins` per test; the whole portal is what we test, so load it once.
    """
    plugins.load_all()
    yield
    plugins.unload_all()
