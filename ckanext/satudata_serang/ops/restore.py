"""Restore a portal backup (backup.py) into an empty portal: every member checked
against the manifest before anything changes, each database restored in one
transaction, the DataStore's read-only rights set again, the files put back and the
search index rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from ckan import model

from .. import config as portal_config
from .backup import dataset_rows, migration_heads
from .backup_format import (
    CHUNK,
    DB_DIR,
    FILES_DIR,
    FORMAT,
    MANIFEST,
    RESTORE_LOCK_TIMEOUT,
    Echo,
    quiet,
)
from .pgtools import BackupError, configured_databases, pg_tool, run_tool, storage_path

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


def restore_backup(archive: Path, *, overwrite: bool = False, echo: Echo = quiet) -> dict[str, Any]:
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
            run_tool(
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
        if heads != migration_heads():
            echo(
                f"Catatan: skema cadangan ({heads}) berbeda dari versi portal ini "
                f"({migration_heads()}); jalankan `ckan satudata prepare`."
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
