"""What CKAN's background worker needs around the portal's jobs (harvest, loading)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import flask


@cache
def _flask_app() -> Any:
    """CKAN's Flask app, built once per process (the worker's work horse has none)."""
    from ckan.config.middleware.flask_app import make_flask_stack

    return make_flask_stack()


@contextmanager
def in_site_request() -> Iterator[None]:
    """A request of the site's default language around the job, so that its messages
    (ours and every validator's) are in Indonesian like the pages that show them."""
    if flask.has_request_context():
        yield
        return
    app = getattr(_flask_app(), "_wsgi_app", _flask_app())
    with app.test_request_context():
        yield
