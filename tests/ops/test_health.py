"""/kesehatan: what the proxy and the monitors read."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from ckan.lib import jobs
from ckan.lib import redis as ckan_redis
from redis import ConnectionPool

from ckanext.satudata_serang.ops import health_checks
from ckanext.satudata_serang.ops.health import FAILED, OK, Finding, Probe, examine

CHECKS = {"basis_data", "datastore", "redis", "pencarian", "worker"}

pytestmark = pytest.mark.usefixtures("clean_redis")


@pytest.fixture
def worker() -> Iterator[jobs.Worker]:
    """A worker of this site's default queue that says it is alive, without working."""
    registered = jobs.Worker([jobs.DEFAULT_QUEUE_NAME])
    registered.register_birth()
    registered.heartbeat()
    yield registered
    registered.register_death()


@pytest.fixture
def redis_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    """CKAN's Redis settings name a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pool = ConnectionPool.from_url(f"redis://127.0.0.1:{port}/0")
    monkeypatch.setattr(ckan_redis, "_connection_pool", pool)


def test_everything_answering_is_ok(app, worker):
    response = app.get("/kesehatan")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json
    assert body["status"] == OK
    assert datetime.fromisoformat(body["waktu"]).tzinfo is not None
    assert set(body["periksa"]) == CHECKS
    for check in body["periksa"].values():
        assert check["status"] == OK
        assert check["durasi_ms"] >= 0
        assert "pesan" not in check
    assert body["periksa"]["pencarian"]["backend"] == "postgres"
    assert body["periksa"]["datastore"]["aktif"] is True
    assert body["periksa"]["worker"]["jumlah"] == 1
    assert body["periksa"]["worker"]["wajib"] is False


def test_the_json_address_answers_the_same(app, worker):
    response = app.get("/kesehatan.json")
    assert response.status_code == 200
    assert response.json["status"] == OK


def test_no_worker_is_a_warning_and_the_web_still_serves(app):
    response = app.get("/kesehatan")
    assert response.status_code == 200
    assert response.json["status"] == "peringatan"
    worker = response.json["periksa"]["worker"]
    assert worker["status"] == "peringatan"
    assert worker["jumlah"] == 0
    assert "worker" in worker["pesan"].lower()


def test_a_worker_silent_too_long_does_not_count(worker):
    client = health_checks.redis_client()
    later = datetime.now(UTC) + health_checks.HEARTBEAT_WITHIN + timedelta(seconds=1)
    assert health_checks.workers(client).status == OK
    stale = health_checks.workers(client, now=later)
    assert stale.status == "peringatan"
    assert stale.rincian["jumlah"] == 0
    assert "detak_terakhir" in stale.rincian


def test_redis_down_is_503_with_the_redis_check_failing(app, redis_gone):
    response = app.get("/kesehatan", status=503)
    body = response.json
    assert body["status"] == FAILED
    redis = body["periksa"]["redis"]
    assert redis["status"] == FAILED
    assert redis["pesan"].startswith("Redis tidak dapat dihubungi.")
    assert body["periksa"]["basis_data"]["status"] == OK
    assert "redis://" not in response.body


def test_a_failure_names_the_error_class_never_its_text():
    def leaking() -> Finding:
        raise RuntimeError("postgresql://ckan:rahasia@db/ckan refused")

    report = examine({"basis_data": Probe(leaking, "Basis data CKAN tidak dapat dihubungi.")})
    check = report.as_dict()["periksa"]["basis_data"]
    assert report.http_status == 503
    assert check["pesan"] == "Basis data CKAN tidak dapat dihubungi. (RuntimeError)"
    assert "rahasia" not in str(report.as_dict())


def test_only_essential_failures_fail_the_whole():
    def broken() -> Finding:
        raise ConnectionError

    report = examine(
        {
            "basis_data": Probe(Finding, "x"),
            "worker": Probe(broken, "Daftar worker tidak terbaca.", essential=False),
        }
    )
    assert report.status == "peringatan"
    assert report.http_status == 200
