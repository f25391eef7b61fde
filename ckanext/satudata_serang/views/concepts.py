"""The SKOS concept schemes of the SDI codes, served by the portal itself: one
resolvable URI per code (used by the DCAT output)."""

from __future__ import annotations

from flask import Blueprint

concepts = Blueprint("satudata_concepts", __name__)
