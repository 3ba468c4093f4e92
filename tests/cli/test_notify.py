"""``postguard notify daily`` and ``deliver`` on a real database of each backend and a real
SMTP server on loopback (aiosmtpd): summaries once a day, failures kept for the next run."""

from __future__ import annotations

import socket
from email.message import Message

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from postguard.audit import verify
from postguard.auth.roles import Role
from postguard.cli import app
from postguard.demo import demo_dir
from postguard.mail_testing import Mailbox
from postguard.store import make_engine
from postguard.store.models import AuditEvent, Notification
from postguard.store.testing import fresh_database_url  # noqa: F401 - a fixture

runner = CliRunner()
KEY = "s" * 40
SCHOOL = "Riverside Academy"
PEOPLE = (
    ("teacher@cli.example.org", Role.STAFF, SCHOOL),
    ("slt@cli.example.org", Role.SLT, SCHOOL),
    ("head@cli.example.org", Role.EXECUTIVE_HEAD, None),
    ("board@cli.example.org", Role.BOARD, None),
)


@pytest.fixture
def env(fresh_database_url: str, mailbox: Mailbox) -> dict[str, str]:  # noqa: F811
    env = {
        "POSTGUARD_DATABASE_URL": fresh_database_url,
        "POSTGUARD_SECRET_KEY": KEY,
        "POSTGUARD_TODAY": "2026-11-24",
        "POSTGUARD_BASE_URL": "https://postguard.example.org",
        "POSTGUARD_SMTP_HOST": mailbox.host,
        "POSTGUARD_SMTP_PORT": str(mailbox.port),
    }
    run(env, "db", "import-roster", str(demo_dir()), "--trust", "Demo Trust")
    for email, role, school in PEOPLE:
        where = ["--school", school] if school else []
        run(env, "users", "create", email, "--role", role.value, *where)
    return env


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout + result.stderr


def text(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _count(url: str, *where: object) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.scalar(select(func.count()).select_from(Notification).where(*where)) or 0
            )
    finally:
        engine.dispose()


def test_daily_writes_once_a_day_and_mails_each_role(env: dict[str, str], mailbox: Mailbox) -> None:
    out = run(env, "notify", "daily")
    # the three staff have not acknowledged; the Board and Executive Head: review overdue
    assert "daily summary for 2026-11-24: 4 written" in out and "sent 4, failed 0, waiting 0" in out
    (head,) = mailbox.to("head@cli.example.org")
    body = text(head)
    assert "The policy review is OVERDUE since 2022-09-01" in body
    assert "https://postguard.example.org/acknowledge" in body
    assert "PostGuard:" in head["Subject"]
    (board,) = mailbox.to("board@cli.example.org")
    assert "acknowledge" not in text(board) and "(M1)" in text(board)
    again = run(env, "notify", "daily")
    assert "4 written" not in again and ": 0 written" in again and "sent 0" in again
    assert len(mailbox.messages) == 4
    assert ": 4 written" in run(env, "notify", "daily", "--today", "2026-11-25")
    engine = make_engine(env["POSTGUARD_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            actions = conn.scalars(
                select(AuditEvent.action).where(AuditEvent.action == "notify.daily_summary")
            ).all()
        assert len(actions) == 2
        with Session(engine) as session:
            assert verify(session).ok
    finally:
        engine.dispose()


def test_a_relay_that_is_down_loses_nothing(env: dict[str, str], mailbox: Mailbox) -> None:
    down = env | {"POSTGUARD_SMTP_PORT": str(closed_port())}
    out = run(down, "notify", "daily", code=1)
    assert "sent 0, failed 4, waiting 0" in out and "error:" in out
    assert mailbox.messages == []
    url = env["POSTGUARD_DATABASE_URL"]
    assert _count(url, Notification.sent_at.is_(None)) == 4
    assert "sent 4, failed 0, waiting 0" in run(env, "notify", "deliver")
    assert len(mailbox.messages) == 4
    assert _count(url, Notification.sent_at.is_(None)) == 0
    assert "sent 0, failed 0, waiting 0" in run(env, "notify", "deliver")


def test_without_a_relay_they_wait_in_the_app(env: dict[str, str]) -> None:
    quiet = {k: v for k, v in env.items() if not k.startswith("POSTGUARD_SMTP")}
    out = run(quiet, "notify", "daily")
    assert "sent 0, failed 0, waiting 4" in out and "no mail relay is configured" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["notify", "daily", "--today", "24/11/2026"], "not a YYYY-MM-DD date"),
        (["notify", "daily", "--trust", "No Such Trust"], "no trust named"),
    ],
)
def test_bad_options_are_one_clear_line(env: dict[str, str], args: list[str], message: str) -> None:
    assert message in run(env, *args, code=3)
