"""Structured log lines: one event, one line, and JSON when the site asks for it.

``event(log, "langkah_diambil", dataset=…, durasi_ms=…)`` logs at INFO a message
naming the event and its fields (readable with CKAN's ordinary formatter) and passes
the fields on the record. ``JsonFormatter`` writes each record as one JSON object:
``time``, ``level``, ``logger``, ``message``, then ``event`` and the fields.

Two ways to switch to JSON lines (both give the same output):

- ``ckanext.satudata_serang.log_json = true``: the plugin's configure hook sets the
  formatter on every handler of the root logger and of the ``ckan`` and ``ckanext``
  loggers (those the ini's logging section configured).
- in the ini's logging section, for a site that wants it per handler::

      [formatters]
      keys = generic, json

      [formatter_json]
      class = ckanext.satudata_serang.ops.logs.JsonFormatter

      [handler_console]
      ...
      formatter = json
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

FIELDS = "satudata_fields"
# the loggers CKAN's ini files configure (see demo.ini's [loggers])
CONFIGURED_LOGGERS = ("", "ckan", "ckanext")


def event(log: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log the event ``name`` with its fields (None values are left out)."""
    present = {key: value for key, value in fields.items() if value is not None}
    if not log.isEnabledFor(level):
        return
    text = " ".join(f"{key}={value}" for key, value in present.items())
    log.log(level, "%s %s", name, text, extra={"event": name, FIELDS: present}, stacklevel=2)


def ms_since(began: float) -> int:
    """Milliseconds since ``began`` (a ``time.monotonic()``)."""
    return round((time.monotonic() - began) * 1000)


class JsonFormatter(logging.Formatter):
    """One JSON object a line. The fields of ``event()`` come flat after the fixed ones."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        name = getattr(record, "event", None)
        if name:
            line["event"] = name
        for key, value in getattr(record, FIELDS, {}).items():
            line.setdefault(key, value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def use_json(loggers: tuple[str, ...] = CONFIGURED_LOGGERS) -> None:
    """Give every handler of these loggers the JSON formatter."""
    formatter = JsonFormatter()
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(formatter)
