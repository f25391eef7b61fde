"""Container health checks of the CKAN image (standard library and redis-py only).

``python healthcheck.py web``: the portal's ``/kesehatan`` answers 200 (database,
DataStore, Redis and search reachable; a missing worker is only a warning there, the
worker container has its own check). ``python healthcheck.py worker``: a CKAN job worker of this container
is registered in Redis (rq removes a worker's key when it stops or stops heartbeating).
Exit code 0 when healthy, 1 otherwise (Docker's HEALTHCHECK convention).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.request

STATUS_URL = "http://127.0.0.1:5000/kesehatan"


def web() -> bool:
    with urllib.request.urlopen(STATUS_URL, timeout=8) as response:
        return response.status == 200 and json.load(response).get("status") in ("ok", "peringatan")


def worker() -> bool:
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(os.environ.get("CKAN_REDIS_URL", "redis://redis:6379/0"))
    host = socket.gethostname()
    return any(w.hostname == host for w in Worker.all(connection=connection))


def main(argv: list[str]) -> int:
    checks = {"web": web, "worker": worker}
    if len(argv) != 2 or argv[1] not in checks:
        print(f"usage: {argv[0]} web|worker", file=sys.stderr)
        return 2
    try:
        healthy = checks[argv[1]]()
    except Exception as error:  # any failure is "unhealthy", with the reason in the log
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
