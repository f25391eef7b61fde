"""The walidata's pages: the review queue across every OPD and a dataset's review page."""

from __future__ import annotations

from flask import Blueprint

review = Blueprint("satudata_review", __name__)
