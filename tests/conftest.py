from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from postguard.mail_testing import Mailbox, loopback_smtp

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NORTHFIELD = SHARED / "data" / "northfield"


@pytest.fixture(scope="session")
def northfield_dir() -> Path:
    assert NORTHFIELD.is_dir(), f"evaluation data not found at {NORTHFIELD}"
    return NORTHFIELD


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on loopback for the whole run; tests read its mailbox."""
    with loopback_smtp() as mailbox:
        yield mailbox


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    """The loopback SMTP server's mailbox, emptied for this test."""
    smtp_server.clear()
    return smtp_server
