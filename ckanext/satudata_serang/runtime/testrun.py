"""`make test`: the whole suite against throwaway databases.

With no external servers configured, a PostgreSQL and a Redis are started in a
temporary folder on free ports and deleted afterwards. With CKAN_SQLALCHEMY_URL etc.
set, the suite runs against those databases (which it wipes: never point it at data
you want to keep).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .ckan_env import ckan_environment, run_ckan
from .services import throwaway_services


def run_tests(root: Path, pytest_args: Sequence[str]) -> int:
    with throwaway_services(
        "satudata-test-", ckan_db="ckan_test", datastore_db="datastore_test"
    ) as (scratch, urls):
        env = ckan_environment(
            urls,
            data_dir=scratch,
            site_url="http://test.ckan.net",
            ini=root / "test.ini",
        )
        run_ckan(["satudata", "prepare"], env)
        command = [
            sys.executable,
            "-m",
            "pytest",
            f"--ckan-ini={root / 'test.ini'}",
            *pytest_args,
        ]
        returncode = subprocess.run(command, env=env, cwd=root, check=False).returncode
        # pytest's summary stays the last line a reader (or CI) sees.
        logging.getLogger("ckanext.satudata_serang.runtime").setLevel(logging.WARNING)
        return returncode
