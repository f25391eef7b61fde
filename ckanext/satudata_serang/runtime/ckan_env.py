"""The environment CKAN's processes run in: service URLs, site URL, storage, secrets.

CKAN reads CKAN_SQLALCHEMY_URL, CKAN_DATASTORE_*_URL, CKAN_REDIS_URL, CKAN_SITE_URL and
CKAN_STORAGE_PATH itself; the ini files refer to CKAN_SATUDATA_SECRET and
CKAN_XLOADER_API_TOKEN, which are kept in the data folder.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .services import ServiceUrls

NOT_SET = "NOT_SET"


def ckan_executable() -> str:
    return str(Path(sys.executable).with_name("ckan"))


def private_value(path: Path, make: bool = True) -> str | None:
    """A secret kept in a 0600 file, generated on first use."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    if not make:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(value)
    return value


def ckan_environment(
    urls: ServiceUrls,
    *,
    data_dir: Path,
    site_url: str,
    ini: Path,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.update(urls.as_env())
    secret = private_value(data_dir / "secret")
    token = private_value(data_dir / "xloader.token", make=False)
    env.update(
        {
            "CKAN_INI": str(ini),
            "CKAN_SITE_URL": site_url,
            "CKAN_STORAGE_PATH": str(data_dir / "storage"),
            "CKAN_SATUDATA_SECRET": secret or "",
            "CKAN_XLOADER_API_TOKEN": token or NOT_SET,
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
        }
    )
    if urls.admin_url:
        env["SATUDATA_PG_ADMIN_URL"] = urls.admin_url
    return env


def run_ckan(args: Sequence[str], env: Mapping[str, str]) -> None:
    """Run one `ckan` command to completion; its output goes to the terminal."""
    result = subprocess.run([ckan_executable(), *args], env=dict(env), check=False)
    if result.returncode != 0:
        raise SystemExit(
            f"Perintah `ckan {' '.join(args)}` gagal (kode {result.returncode}); "
            "lihat pesan di atas."
        )
