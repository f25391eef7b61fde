"""/kesehatan: the health of the portal's services as JSON, for the proxy and monitors.

Public and cheap: no login, no page rendering, one short question per service
(see ops/health_checks.py). 200 while every essential service answers (status ``ok``,
or ``peringatan`` when only the worker is missing), 503 otherwise.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response

from ..ops import health_checks

health = Blueprint("satudata_kesehatan", __name__)


@health.route("/kesehatan")
@health.route("/kesehatan.json")
def kesehatan() -> Response:
    report = health_checks.report()
    return Response(
        json.dumps(report.as_dict(), ensure_ascii=False),
        status=report.http_status,
        mimetype="application/json",
        headers={"Cache-Control": "no-store"},
    )
