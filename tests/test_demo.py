"""`make demo` as a newcomer meets it: the whole portal from nothing, then stopped.

Runs the real launcher in a temporary data folder with its own embedded PostgreSQL
and Redis (the suite's own database settings are removed from its environment), the
real web server and the real job worker that loads the CSV uploads into the datastore.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
READY = "Portal Satu Data Kota Serang berjalan di"

pytestmark = pytest.mark.live


@dataclass
class Demo:
    process: subprocess.Popen[str]
    url: str
    output: list[str]
    started_in: float

    def get(self, path: str, token: str = "") -> tuple[int, str]:
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": token} if token else {}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def api(self, action: str, **params: str) -> Any:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        status, body = self.get(f"/api/3/action/{action}?{query}")
        assert status == 200, body
        return json.loads(body)["result"]

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CKAN_", "SATUDATA_"))}
    env["SATUDATA_SERANG_PG_PORT"] = "0"
    env["SATUDATA_SERANG_REDIS_PORT"] = "0"
    env["SATUDATA_ADMIN_PASSWORD"] = "kata-sandi-uji-demo"
    return env


def _start(data_dir: Path, port: int) -> Demo:
    started = time.monotonic()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ckanext.satudata_serang.runtime",
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 240
    for line in process.stdout:
        output.append(line)
        if READY in line:
            break
        if time.monotonic() > deadline:
            break
    if not any(READY in line for line in output):
        process.kill()
        pytest.fail("Demo tidak siap:\n" + "".join(output[-60:]))
    demo = Demo(process, f"http://127.0.0.1:{port}", output, time.monotonic() - started)
    return demo


def _stop(demo: Demo, sig: signal.Signals) -> tuple[list[psutil.Process], set[int]]:
    children = demo.descendants()
    ports = {conn.laddr.port for child in children for conn in _listening(child)}
    demo.process.send_signal(sig)
    remaining, _ = demo.process.communicate(timeout=60)
    demo.output.append(remaining)
    return children, ports


def _listening(process: psutil.Process) -> list[psutil._common.pconn]:  # pyright: ignore[reportAttributeAccessIssue]
    try:
        return [c for c in process.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
    except psutil.Error:
        return []


def _port_closed(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: that lives under a 0700 folder the unprivileged
    # PostgreSQL user cannot reach (the launcher would fall back to /var/tmp).
    folder = Path(tempfile.mkdtemp(prefix="satudata-demo-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _wait_for_text(demo: Demo, path: str, text: str, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = demo.get(path)
        if status == 200 and text in body:
            return True
        time.sleep(1)
    return False


def _wait_for_datastore(demo: Demo, resource_id: str, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = demo.get(f"/api/3/action/datastore_search?resource_id={resource_id}&limit=1")
        if status == 200:
            return json.loads(body)["result"]
        time.sleep(1)
    pytest.fail(f"Resource {resource_id} tidak pernah masuk datastore")


def _wait_for_view(demo: Demo, resource_id: str, timeout: float = 60) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        views = demo.api("resource_view_list", id=resource_id)
        tables = [v for v in views if v["view_type"] == "datatables_view"]  # type: ignore[union-attr]
        if tables:
            return tables[0]
        time.sleep(1)
    pytest.fail("Pratinjau tabel tidak dibuat untuk resource " + resource_id)


def _check_daftar_data(demo: Demo, data_dir: Path) -> None:
    """The Daftar Data of this year: fulfilled, submitted and late periods, on the
    public fulfilment page and on the walidata's dashboard (the admin's token)."""
    year = time.localtime().tm_year
    found = demo.api("satudata_compliance")
    assert found["tahun"] in (year, year + 1)  # WIB may be a day ahead
    city = found["kota"]
    assert city["terpenuhi"] > 0 and city["diajukan"] > 0 and city["terlambat"] > 0, city
    status, public = demo.get("/daftar-data/capaian")
    assert status == 200 and "Dinas Lingkungan Hidup" in public
    admin = (data_dir / "xloader.token").read_text(encoding="utf-8").strip()
    status, dashboard = demo.get("/daftar-data/dasbor", token=admin)
    assert status == 200 and "Dinas Sosial" in dashboard
    assert demo.get("/daftar-data/dasbor")[0] == 403


def test_demo_from_nothing_serves_the_portal_and_stops_cleanly(data_dir: Path):
    demo = _start(data_dir, _free_port())
    try:
        status, home = demo.get("/")
        assert status == 200 and "Satu Data Kota Serang" in home

        status, search = demo.get("/dataset/")
        assert status == 200
        assert "Jumlah Penduduk menurut Kecamatan" in search
        assert "Dinas Kependudukan dan Pencatatan Sipil" in search  # facet by OPD title

        status, opd = demo.get("/organization/dinkes")
        assert status == 200 and "Fasilitas Kesehatan" in opd
        assert len(demo.api("organization_list")) == 35  # the city's OPD list

        # The Indonesian portal with the SDI metadata of the new schema, by label.
        status, page = demo.get("/dataset/jumlah-penduduk-per-kecamatan")
        assert status == 200 and "Standar Data" in page
        assert "Administrasi Kependudukan dan Pencatatan Sipil" in page  # urusan 2.12
        status, english = demo.get("/en/dataset/jumlah-penduduk-per-kecamatan")
        assert status == 200 and "Data standard" in english

        result = demo.api("package_search", q="penduduk")
        assert result["count"] >= 1
        # 8 samples and 3 published deliveries of the Daftar Data (2 more are unpublished)
        assert demo.api("package_search")["count"] == 11

        _check_daftar_data(demo, data_dir)

        dataset = demo.api("package_show", id="jumlah-penduduk-per-kecamatan")
        resource = dataset["resources"][0]  # type: ignore[index]
        records = _wait_for_datastore(demo, resource["id"])
        assert records["total"] == 30
        types = {field["id"]: field["type"] for field in records["fields"]}
        assert types["jumlah"] == "int8" and types["kecamatan"] == "text"
        labels = {f["id"]: f.get("info", {}).get("label") for f in records["fields"]}
        assert labels["jumlah"] == "Jumlah penduduk"  # the sample's MS-Var dictionary
        # the chart shows once the worker has told the resource its table is there
        assert _wait_for_text(
            demo, "/dataset/jumlah-penduduk-per-kecamatan", 'data-module="satudata-chart"'
        )
        status, figures = demo.get("/serang-dalam-angka")
        assert status == 200 and "Serang Dalam Angka 2023" in figures
        assert "Kependudukan" in figures and 'data-module="satudata-chart"' in figures
        # the sample standard: public, and the sample table checked against it
        status, standards = demo.get("/standar")
        assert status == 200 and "Jumlah penduduk per kecamatan per tahun" in standards
        assert _wait_for_text(
            demo, f"/dataset/jumlah-penduduk-per-kecamatan/resource/{resource['id']}",
            "Berkas sesuai standar: 30 baris diperiksa.",
        )  # fmt: skip
        view = _wait_for_view(demo, resource["id"])
        status, page = demo.get(f"/dataset/jumlah-penduduk-per-kecamatan/resource/{resource['id']}")
        assert status == 200 and view["id"] in page  # the table preview is embedded
        status, table = demo.get(
            f"/dataset/jumlah-penduduk-per-kecamatan/resource/{resource['id']}/view/{view['id']}"
        )
        assert status == 200 and "kecamatan" in table
    finally:
        children, ports = _stop(demo, signal.SIGTERM)
    assert demo.process.returncode == 0, "".join(demo.output[-40:])
    time.sleep(1)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert ports and all(_port_closed(port) for port in ports)


def test_second_start_reuses_the_data_and_is_quick(data_dir: Path):
    demo = _start(data_dir, _free_port())
    try:
        assert demo.api("package_search")["count"] == 11  # nothing seeded twice
        assert "Sysadmin 'admin' sudah ada" in "".join(demo.output)
    finally:
        children, ports = _stop(demo, signal.SIGINT)
    print(f"second start: {demo.started_in:.1f} s")
    assert demo.started_in < 60
    assert demo.process.returncode == 0
    time.sleep(1)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert all(_port_closed(port) for port in ports)
