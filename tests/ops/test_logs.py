"""Structured log lines: the JSON formatter and the events the workflow logs."""

from __future__ import annotations

import configparser
import json
import logging
import logging.config
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ckanext.satudata_serang import config
from ckanext.satudata_serang.ops import logs
from ckanext.satudata_serang.workflow import service
from tests import sdi
from tests.sdi import act


def _record(log: logging.Logger, emit: Any) -> logging.LogRecord:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        emit()
    finally:
        log.removeHandler(handler)
    (record,) = records
    return record


def test_an_event_is_one_json_line_with_its_fields():
    log = logging.getLogger("tests.ops.logs")
    record = _record(
        log,
        lambda: logs.event(
            log, "muat_berakhir", resource="r-1", job="j-1", durasi_ms=1234, dataset=None
        ),
    )
    text = logs.JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["level"] == "INFO"
    assert line["logger"] == "tests.ops.logs"
    assert line["event"] == "muat_berakhir"
    assert line["resource"] == "r-1"
    assert line["job"] == "j-1"
    assert line["durasi_ms"] == 1234
    assert "dataset" not in line  # None is left out
    assert line["message"] == "muat_berakhir resource=r-1 job=j-1 durasi_ms=1234"
    assert line["time"].endswith("+00:00")


def test_a_plain_record_and_its_exception_are_json_too():
    log = logging.getLogger("tests.ops.logs")

    def fail() -> None:
        try:
            raise ValueError("rusak")
        except ValueError:
            log.exception("Gagal %s", "x")

    line = json.loads(logs.JsonFormatter().format(_record(log, fail)))
    assert line["message"] == "Gagal x"
    assert "event" not in line
    assert "ValueError: rusak" in line["exception"]


def test_the_formatter_can_be_named_in_an_ini_logging_section():
    parser = configparser.ConfigParser()
    parser.read_string(
        "[formatters]\nkeys = json\n"
        "[formatter_json]\nclass = ckanext.satudata_serang.ops.logs.JsonFormatter\n"
    )
    made = logging.config._create_formatters(parser)  # pyright: ignore[reportAttributeAccessIssue]
    assert isinstance(made["json"], logs.JsonFormatter)


@pytest.fixture
def workflow_log() -> Iterator[list[logging.LogRecord]]:
    log = logging.getLogger(service.__name__)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler, level = Keep(), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    yield records
    log.removeHandler(handler)
    log.setLevel(level)


@pytest.mark.usefixtures("clean_db")
def test_a_workflow_step_logs_its_event(workflow_log):
    produsen = factories.User(name="produsen_dinkes")
    sdi.Organization(name="dinkes", users=[{"name": produsen["name"], "capacity": "editor"}])
    act(produsen, "package_create", **sdi.complete(name="puskesmas", owner_org="dinkes"))
    act(
        produsen,
        "resource_create",
        package_id="puskesmas",
        url="http://example.com/p.csv",
        format="CSV",
    )
    act(produsen, "satudata_submit", id="puskesmas")

    (step,) = [r for r in workflow_log if getattr(r, "event", None) == "langkah_diambil"]
    line = json.loads(logs.JsonFormatter().format(step))
    assert line["dataset"] == "puskesmas"
    assert line["langkah"] == "submit"
    assert line["dari"] == "draft"
    assert line["ke"] == "diajukan"
    assert line["pengguna"] == "produsen_dinkes"


def test_log_json_turns_the_configured_handlers_to_json(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(tk.config, "ckanext.satudata_serang.log_json", "true")
    assert config.log_json() is True
    log = logging.getLogger("tests.ops.logs.configured")
    handler = logging.StreamHandler()
    log.addHandler(handler)
    try:
        logs.use_json(("tests.ops.logs.configured",))
        assert isinstance(handler.formatter, logs.JsonFormatter)
    finally:
        log.removeHandler(handler)


def test_log_json_is_off_by_default():
    assert config.log_json() is False
