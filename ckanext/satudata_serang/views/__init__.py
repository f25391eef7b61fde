"""Web pages of the portal, one module per blueprint."""

from __future__ import annotations

from flask import Blueprint

from ..daftar.views import daftar
from ..sda.views import angka
from ..standards.views import standar
from .concepts import concepts
from .errors import errors
from .health import health
from .mine import mine
from .review import review
from .steps import workflow


def blueprints() -> list[Blueprint]:
    return [workflow, review, mine, concepts, errors, angka, standar, daftar, health]
