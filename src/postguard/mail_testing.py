"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives: for tests only.

``aiosmtpd`` is a test dependency (``pip install -e .[test]``); nothing in the
product imports this module.
"""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """What the loopback SMTP server received, in order."""

    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        self.messages.append(email.message_from_bytes(raw))
        self.recipients.append([str(r) for r in envelope.rcpt_tos])
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        """Messages addressed to ``address``."""
        pairs = zip(self.messages, self.recipients, strict=True)
        return [m for m, r in pairs if address.lower() in (x.lower() for x in r)]

    def clear(self) -> None:
        self.messages.clear()
        self.recipients.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def loopback_smtp() -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1 (a free port) for the block; its mailbox is yielded."""
    mailbox = Mailbox("127.0.0.1", _free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
