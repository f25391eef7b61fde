"""What the DataStore lets through: SQL reads published tables only and never writes;
a file over the upload limit is refused in Indonesian and leaves nothing behind."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from tests import sdi
from tests.loading.portal import people, records, run_loads, upload

pytestmark = pytest.mark.usefixtures("clean_redis")


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    found = people()
    found["token"] = factories.APIToken(user=found["produsen"]["name"])["token"]
    return found


def _sql(app: Any, sql: str, token: str = "", status: int = 200) -> Any:
    headers = {"Authorization": token} if token else {}
    return app.post(
        "/api/3/action/datastore_search_sql", json={"sql": sql}, headers=headers, status=status
    ).json


def test_sql_reads_published_tables_only(app: Any, opd: dict[str, Any]) -> None:
    draft = upload(opd["produsen"], opd["dataset"], "draft.csv", b"a;b\n1;2\n")
    admin = factories.Sysadmin()
    published = sdi.Dataset(context={"user": admin["name"]}, name="terbit", owner_org="dinkes")
    shown = upload(admin, published, "terbit.csv", b"a;b\n3;4\n")
    run_loads()

    refused = _sql(app, f'SELECT * FROM "{draft["id"]}"', opd["token"], status=403)
    assert "Hanya tabel dataset yang sudah ditayangkan" in str(refused["error"])
    answer = _sql(app, f'SELECT a, b FROM "{shown["id"]}"')
    assert answer["result"]["records"] == [{"a": 3, "b": 4}]


def test_sql_never_writes(app: Any, opd: dict[str, Any]) -> None:
    admin = factories.Sysadmin()
    published = sdi.Dataset(context={"user": admin["name"]}, name="terbit", owner_org="dinkes")
    shown = upload(admin, published, "terbit.csv", b"a;b\n3;4\n")
    run_loads()
    token = factories.APIToken(user=admin["name"])["token"]

    for statement in (
        f'DELETE FROM "{shown["id"]}"',
        f'UPDATE "{shown["id"]}" SET a = 0',
        f'SELECT * FROM "{shown["id"]}"; DROP TABLE "{shown["id"]}"',
    ):
        app.post(
            "/api/3/action/datastore_search_sql",
            json={"sql": statement},
            headers={"Authorization": token},
            status=409,
        )

    assert records(shown["id"]) == [{"a": 3, "b": 4}]


def test_a_file_over_the_upload_limit_is_refused_in_indonesian(
    app: Any, opd: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(tk.config, "ckan.max_resource_size", 1)
    big = b"a;b\n" + b"1234567890;1234567890\n" * 60_000  # 1.3 MB

    response = app.post(
        "/api/3/action/resource_create",
        data={
            "package_id": opd["dataset"]["id"],
            "name": "besar",
            "url": "besar.csv",
            "upload": (io.BytesIO(big), "besar.csv"),
        },
        headers={"Authorization": opd["token"]},
        status=409,
    )

    assert "Berkas lebih besar daripada batas unggah 1 MB." in str(response.json["error"])
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": opd["dataset"]["id"]})
    assert shown["resources"] == []
