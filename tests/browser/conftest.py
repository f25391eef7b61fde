"""A real CKAN web server on the suite's databases, and Debian's Chromium driven by
Playwright: the journeys a person makes in the browser.

The server runs `ckan run` in a child process (its own site URL, the suite's
PostgreSQL and Redis); data made by the tests through CKAN's API in the test process
is committed, so the server sees it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from ckan.tests import factories
from playwright.sync_api import Browser, Page, sync_playwright

from tests import sdi

CHROMIUM = Path(os.environ.get("SATUDATA_CHROMIUM", "/usr/bin/chromium"))
START_TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"CKAN web server stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/api/3/action/status_show", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"CKAN web server did not start in {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    ini = str(request.config.getoption("ckan_ini"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("live-server") / "ckan-run.log"
    ckan = str(Path(sys.executable).with_name("ckan"))
    env = dict(os.environ, CKAN_SITE_URL=url)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [ckan, "-c", ini, "run", "-H", "127.0.0.1", "-p", str(port), "-r", "-t"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} tidak ada: `make test` memasang paket chromium Debian.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID")
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    context.close()


def log_in(page: Page, base_url: str, name: str, password: str) -> None:
    page.goto(f"{base_url}/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", password)
    page.locator("form:has(#field-login) .form-actions button[type=submit]").click()
    page.wait_for_url(lambda url: "/user/login" not in url)


def walidata_office(password: str) -> None:
    """Diskominfo, the walidata's OPD, with its walidata ``walidata_kominfo``."""
    factories.User(name="walidata_kominfo", password=password)
    sdi.Organization(
        name="diskominfo",
        title="Dinas Komunikasi dan Informatika",
        walidata=True,
        users=[{"name": "walidata_kominfo", "capacity": "member"}],
    )
