"""The bundled PostgreSQL and Redis, exercised with real processes.

Run without CKAN's pytest plugins:
    .venv/bin/python -m pytest -p no:ckan -p no:ckan_fixtures -p no:cacheprovider tests/runtime
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import psycopg2
import psycopg2.errors
import pytest
import redis
from psycopg2.extensions import parse_dsn

from ckanext.satudata_serang.runtime import postgres, procs
from ckanext.satudata_serang.runtime.services import (
    ServiceError,
    ServiceUrls,
    running_services,
)

CACHE_ROOT = postgres.CACHE_ROOT
EXTERNAL = {
    "CKAN_SQLALCHEMY_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
    "CKAN_DATASTORE_WRITE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
    "CKAN_DATASTORE_READ_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
    "CKAN_REDIS_URL": "redis://127.0.0.1:6379/0",
}
ONLY_EXTERNAL_REDIS = {"CKAN_REDIS_URL": EXTERNAL["CKAN_REDIS_URL"]}

as_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="the fallback for 'nobody' only exists as root"
)


def _open_folder() -> Path:
    # pytest's tmp_path sits under a 0700 folder, which would send every test through
    # the /var/tmp fallback; this one is reachable by 'nobody'.
    folder = Path(tempfile.mkdtemp(prefix="satudata-test-", dir="/tmp"))
    folder.chmod(0o755)
    return folder


@pytest.fixture(autouse=True, scope="module")
def _remove_fallback_data() -> Iterator[None]:
    before = set(CACHE_ROOT.glob("data-*"))
    yield
    for leftover in set(CACHE_ROOT.glob("data-*")) - before:
        shutil.rmtree(leftover, ignore_errors=True)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    folder = _open_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def services() -> Iterator[ServiceUrls]:
    folder = _open_folder()
    try:
        with running_services(folder / "data", environ={}, pg_port=0, redis_port=0) as urls:
            yield urls
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Prepared:
    data_dir: Path
    first_start: float


@pytest.fixture(scope="module")
def prepared() -> Iterator[Prepared]:
    """A data folder that went through one complete start and stop."""
    folder = _open_folder()
    try:
        started = time.monotonic()
        with running_services(folder / "data", environ={}, pg_port=0, redis_port=0) as urls:
            first_start = time.monotonic() - started
            with psycopg2.connect(urls.sqlalchemy_url) as conn, conn.cursor() as cur:
                cur.execute("CREATE TABLE tetap (nama text); INSERT INTO tetap VALUES ('serang')")
            conn.close()
        yield Prepared(folder / "data", first_start)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _query(url: str, statement: str) -> list[tuple[object, ...]]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
            return cur.fetchall()
    finally:
        conn.close()


# --- a fresh start ----------------------------------------------------------------------


def test_each_role_connects_over_tcp_with_its_password(services: ServiceUrls) -> None:
    urls = [
        services.sqlalchemy_url,
        services.datastore_write_url,
        services.datastore_read_url,
    ]
    assert services.admin_url is not None
    for url in [*urls, services.admin_url]:
        assert urlsplit(url).hostname == "127.0.0.1"
        user, dbname = urlsplit(url).username, urlsplit(url).path.lstrip("/")
        assert _query(url, "SELECT current_user, current_database()") == [(user, dbname)]


def test_connection_without_password_is_refused(services: ServiceUrls, tmp_path: Path) -> None:
    # An empty passfile: a ~/.pgpass on the machine must not supply one behind our back.
    no_passwords = tmp_path / "pgpass"
    no_passwords.touch(mode=0o600)
    for url in (services.sqlalchemy_url, services.admin_url or ""):
        params = parse_dsn(url)
        del params["password"]
        with pytest.raises(psycopg2.OperationalError, match="password"):
            psycopg2.connect(**params, passfile=str(no_passwords))


def test_datastore_ro_connects_but_cannot_create_tables(services: ServiceUrls) -> None:
    conn = psycopg2.connect(services.datastore_read_url)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("CREATE TABLE dilarang (x int)")
    finally:
        conn.close()


def test_indonesian_text_search_works(services: ServiceUrls) -> None:
    rows = _query(
        services.sqlalchemy_url,
        "SELECT to_tsvector('indonesian', 'pembangunan jalan')::text",
    )
    assert rows == [("'bangun':1 'jalan':2",)]


def test_redis_answers_ping(services: ServiceUrls) -> None:
    client = redis.Redis.from_url(services.redis_url)
    try:
        assert client.ping() is True
    finally:
        client.close()


def test_extra_databases_can_be_created_and_dropped(services: ServiceUrls) -> None:
    admin = services.admin_url
    assert admin is not None
    postgres.create_database(admin, "uji_sementara", "ckan_default")
    postgres.create_database(admin, "uji_sementara", "ckan_default")  # idempotent
    url = services.sqlalchemy_url.rsplit("/", 1)[0] + "/uji_sementara"
    holder = psycopg2.connect(url)  # a session the drop has to end
    try:
        assert _query(
            url,
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'uji_sementara'",
        ) == [("UTF8",)]
        postgres.drop_database(admin, "uji_sementara")
    finally:
        holder.close()
    assert _query(admin, "SELECT count(*) FROM pg_database WHERE datname = 'uji_sementara'") == [
        (0,)
    ]
    postgres.drop_database(admin, "uji_sementara")  # dropping again is fine


# --- restarts and ownership -------------------------------------------------------------


def test_second_start_reuses_data_and_is_faster(prepared: Prepared) -> None:
    started = time.monotonic()
    with running_services(prepared.data_dir, environ={}, pg_port=0, redis_port=0) as urls:
        second_start = time.monotonic() - started
        assert _query(urls.sqlalchemy_url, "SELECT nama FROM tetap") == [("serang",)]
    print(f"\nstart pertama {prepared.first_start:.2f} s, start kedua {second_start:.2f} s")
    assert second_start < prepared.first_start
    for url in (urls.sqlalchemy_url, urls.redis_url):
        assert not _accepts(_port(url))
    assert not list((prepared.data_dir / "postgres" / "run").glob(".s.PGSQL.*"))


OWNER = """
import json, sys, time
from pathlib import Path
import psutil
from ckanext.satudata_serang.runtime.services import running_services
with running_services(Path(sys.argv[1]), environ={}, pg_port=0, redis_port=0) as urls:
    pids = [p.pid for p in psutil.Process().children(recursive=True)]
    print(json.dumps({"urls": [urls.sqlalchemy_url, urls.redis_url], "pids": pids}), flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_servers_die_with_their_owner(prepared: Prepared, sig: signal.Signals) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(prepared.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None
    started: dict[str, list[str] | list[int]] = {"urls": [], "pids": []}
    try:
        started = json.loads(owner.stdout.readline())
        ports = [_port(str(url)) for url in started["urls"]]
        pids = [int(pid) for pid in started["pids"]]
        assert len(pids) >= 2 and all(_accepts(port) for port in ports)
        owner.send_signal(sig)
        owner.wait(10)
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            alive = [pid for pid in pids if procs.pid_alive(pid)]
            listening = [port for port in ports if _accepts(port)]
            if not alive and not listening:
                break
            time.sleep(0.05)
        assert not [pid for pid in pids if procs.pid_alive(pid)], "server masih hidup"
        assert not [port for port in ports if _accepts(port)], "port masih menerima koneksi"
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()
        for pid in started["pids"]:
            # Only pids our owner started; a failed assertion must not leave them behind.
            if procs.pid_alive(int(pid)):
                os.kill(int(pid), signal.SIGKILL)


# --- configuration and errors -----------------------------------------------------------


def test_external_servers_are_passed_through_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    children_before = set(psutil.Process().children(recursive=True))
    with running_services(data_dir, environ=EXTERNAL) as urls:
        assert urls.as_env() == EXTERNAL
        assert urls.admin_url is None
        assert set(psutil.Process().children(recursive=True)) == children_before
    assert not data_dir.exists()


def test_external_postgres_needs_both_datastore_urls(tmp_path: Path) -> None:
    environ = {k: v for k, v in EXTERNAL.items() if k != "CKAN_DATASTORE_READ_URL"}
    with (
        pytest.raises(ServiceError, match="CKAN_DATASTORE_READ_URL belum diset"),
        running_services(tmp_path / "data", environ=environ),
    ):
        pass


def test_taken_postgres_port_is_named(open_folder: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with (
            pytest.raises(ServiceError, match=rf"Port {port} .*SATUDATA_SERANG_PG_PORT"),
            running_services(open_folder / "data", environ=ONLY_EXTERNAL_REDIS, pg_port=port),
        ):
            pass


def test_taken_redis_port_is_named(open_folder: Path) -> None:
    environ = {k: v for k, v in EXTERNAL.items() if k != "CKAN_REDIS_URL"}
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with (
            pytest.raises(ServiceError, match=rf"Port {port} .*SATUDATA_SERANG_REDIS_PORT"),
            running_services(open_folder / "data", environ=environ, redis_port=port),
        ):
            pass


@as_root
def test_data_dir_under_private_folder_moves_to_var_tmp() -> None:
    private = Path(tempfile.mkdtemp(prefix="satudata-private-", dir="/tmp"))  # 0700, root
    data_dir = private / "data"
    expected = CACHE_ROOT / f"data-{hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]}"
    try:
        for _ in range(2):  # the second start must find the same place again
            with running_services(data_dir, environ={}, pg_port=0, redis_port=0) as urls:
                assert _query(urls.sqlalchemy_url, "SELECT 1") == [(1,)]
            assert (data_dir / "postgres.location").read_text().strip() == str(expected)
        assert (expected / "pgdata" / "PG_VERSION").is_file()
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
        nobody = procs.identity_named("nobody")
        assert (expected.stat().st_uid, stat.S_IMODE(expected.stat().st_mode)) == (
            nobody.uid,
            0o700,
        )
        assert (CACHE_ROOT.stat().st_uid, stat.S_IMODE(CACHE_ROOT.stat().st_mode)) == (
            0,
            0o755,
        )
    finally:
        shutil.rmtree(private, ignore_errors=True)
        shutil.rmtree(expected, ignore_errors=True)


@as_root
def test_binary_copy_runs_as_nobody_and_is_made_once(open_folder: Path) -> None:
    cache = open_folder / "cache"
    copied = postgres.cached_install(cache)
    first = (copied / "bin" / "postgres").stat()
    assert postgres.cached_install(cache) == copied
    assert (copied / "bin" / "postgres").stat().st_ino == first.st_ino
    assert stat.S_IMODE(first.st_mode) == 0o755
    nobody = procs.identity_named("nobody")
    for tool in ("postgres", "initdb"):  # initdb needs libpq through the wheel's RPATH
        result = subprocess.run(
            [str(copied / "bin" / tool), "--version"],
            capture_output=True,
            text=True,
            user=nobody.uid,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "18." in result.stdout
