"""The state of a resource's last load as its page shows it to those who may edit
the dataset: waiting or running (which step), failed (why, in the reader's
language), or done (rows, columns, what was noticed)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ckan import model

from . import messages


@dataclass(frozen=True)
class LoadState:
    state: str  # pending, running, complete, error
    step: str  # what is happening now, in words
    message: str = ""  # why it failed
    rows: int | None = None
    columns: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    updated: str = ""

    @property
    def rows_text(self) -> str:
        """The row count as Indonesians write it (1.234.567)."""
        return f"{self.rows or 0:,}".replace(",", ".")


def _json(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def load_state(resource_id: str) -> LoadState | None:
    task = (
        model.Session.query(model.TaskStatus)
        .filter_by(entity_id=resource_id, task_type="xloader", key="xloader")
        .first()
    )
    if task is None:
        return None
    value, error = _json(task.value), _json(task.error)
    step = messages.step(str(value.get("langkah") or "antre"))
    updated = task.last_updated.isoformat() if task.last_updated else ""
    if task.state == "error":
        code = str(error.get("kode") or "")
        text = (
            str(error.get("message") or "")
            if code.startswith("unduh_") or not code
            else messages.problem(code, error)
        )
        return LoadState("error", step, message=text, updated=updated)
    if task.state == "complete":
        result = value.get("hasil") or {}
        notes = [messages.note(n.get("kode", ""), n) for n in result.get("catatan", [])]
        return LoadState(
            "complete",
            step,
            rows=result.get("baris"),
            columns=list(result.get("kolom", [])),
            notes=notes,
            updated=updated,
        )
    return LoadState(str(task.state), step, updated=updated)
