""""Data saya": a produsen's datasets by verification status, with the walidata's notes."""

from __future__ import annotations

from flask import Blueprint

mine = Blueprint("satudata_mine", __name__)
