"""A real SMTP server (aiosmtpd on 127.0.0.1) that CKAN's mailer delivers to, keeping
every message it is given (the workflow and Daftar Data emails use it)."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    to: tuple[str, ...]
    sender: str
    subject: str
    body: str


@dataclass
class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = cast(
            EmailMessage, email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        self.received.append(
            Received(
                to=tuple(envelope.rcpt_tos),
                sender=str(message["From"]),
                subject=str(message["Subject"]),
                body=cast(str, message.get_content()),
            )
        )
        return "250 OK"

    def addresses(self) -> list[str]:
        return sorted(address for r in self.received for address in r.to)

    def to(self, address: str) -> Received:
        found = [r for r in self.received if address in r.to]
        assert len(found) == 1, f"{len(found)} messages to {address}: {self.addresses()}"
        return found[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """The server, and CKAN's mailer pointed at it (CKAN 2.12 reads smtp.server only)."""
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(tk.config, "smtp.server", f"127.0.0.1:{controller.port}")
    try:
        yield box
    finally:
        controller.stop()


def server_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """CKAN's mailer pointed at a port nothing listens on."""
    monkeypatch.setitem(tk.config, "smtp.server", f"127.0.0.1:{free_port()}")
