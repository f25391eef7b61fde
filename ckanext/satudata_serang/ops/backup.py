"""Back up the whole portal: both databases and the uploaded files, in one
tar.gz with a manifest of checksums.

pg_dump reads each database in one snapshot, so each dump is consistent in itself; the
CKAN and DataStore databases are two snapshots taken one after the other (PostgreSQL has
no snapshot across databases). The archive is written beside its target and renamed
into place, so a target is either the previous archive or a complete new one. A restore
unpacks and checks every checksum before it changes anything (restore.py).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any, cast

import ckan
import sqlalchemy as sa
from ckan import model

from .backup_format import (
    DISTRIBUTION,
    FILES_DIR,
    FORMAT,
    MANIFEST,
    PLUGIN,
    SKIPPED_FOLDERS,
    Echo,
    quiet,
)
from .pgtools import BackupError, configured_databases, pg_tool, run_tool, storage_path

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


def migration_heads() -> list[str]:
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
            "heads": migration_heads(),
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


def create_backup(target: Path, echo: Echo = quiet) -> dict[str, Any]:
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
                run_tool(
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
