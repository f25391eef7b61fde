"""CKAN's WSGI application for gunicorn (``gunicorn wsgi:application``).

The same thing as CKAN's own ``ckan/wsgi.py`` example: the configuration named by
``CKAN_INI`` (docker/ckan/production.ini), then ``make_app``.
"""

from __future__ import annotations

import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

application = make_app(load_config(os.environ["CKAN_INI"]))
