"""What a portal backup archive holds: its layout and manifest keys (backup.py writes
it, restore.py reads it)."""

from __future__ import annotations

from collections.abc import Callable

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


def quiet(_line: str) -> None:
    pass
