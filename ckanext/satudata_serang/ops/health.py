"""The verdict of /kesehatan: runs the probes, times them and sums them up.

No CKAN here; the probes themselves are in ``health_checks``. A probe returns a
``Finding`` (or raises), and each probe is *essential* or not:

- ``ok`` everywhere: status ``ok``, HTTP 200.
- an essential probe fails: status ``gagal``, HTTP 503 (the proxy takes the instance
  out, the monitor pages someone).
- only a non-essential probe fails or warns (the worker): status ``peringatan``,
  HTTP 200. The web still serves every page; what waits for a worker (loading into
  the DataStore, harvests, checks against a standard, reminders) stays queued in Redis
  and runs once a worker is back. A monitor should alert on ``peringatan`` in the body,
  a proxy should not take the web out because of it.

A failure is reported by a fixed Indonesian message and the exception's class name,
never the exception's text: driver errors can quote connection URLs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Status = Literal["ok", "peringatan", "gagal"]
OK: Status = "ok"
WARNING: Status = "peringatan"
FAILED: Status = "gagal"


@dataclass(frozen=True)
class Finding:
    """What a probe saw: its status, a message when it is not ok, and details."""

    status: Status = OK
    pesan: str | None = None
    rincian: Mapping[str, Any] = field(default_factory=dict[str, Any])


@dataclass(frozen=True)
class Probe:
    run: Callable[[], Finding]
    failure: str  # the message when ``run`` raises
    essential: bool = True


@dataclass(frozen=True)
class Check:
    name: str
    finding: Finding
    took_ms: float
    essential: bool

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "status": self.finding.status,
            "durasi_ms": self.took_ms,
            "wajib": self.essential,
        }
        if self.finding.pesan:
            result["pesan"] = self.finding.pesan
        result.update(self.finding.rincian)
        return result


@dataclass(frozen=True)
class Report:
    status: Status
    waktu: datetime
    checks: list[Check]

    @property
    def http_status(self) -> int:
        return 503 if self.status == FAILED else 200

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "waktu": self.waktu.isoformat(timespec="seconds"),
            "periksa": {check.name: check.as_dict() for check in self.checks},
        }


def run_probe(name: str, probe: Probe, clock: Callable[[], float] = time.monotonic) -> Check:
    began = clock()
    try:
        finding = probe.run()
    except Exception as error:
        finding = Finding(FAILED, f"{probe.failure} ({type(error).__name__})")
    took_ms = round((clock() - began) * 1000, 1)
    return Check(name, finding, took_ms, probe.essential)


def verdict(checks: list[Check]) -> Status:
    if any(c.essential and c.finding.status == FAILED for c in checks):
        return FAILED
    if any(c.finding.status != OK for c in checks):
        return WARNING
    return OK


def examine(probes: Mapping[str, Probe], now: datetime | None = None) -> Report:
    """Run every probe in turn (each has its own short timeouts) and judge."""
    checks = [run_probe(name, probe) for name, probe in probes.items()]
    return Report(verdict(checks), now or datetime.now(UTC), checks)
