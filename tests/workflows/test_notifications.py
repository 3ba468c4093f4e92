"""Notifications: written in the workflow's transaction, e-mailed after, nothing lost on failure.

Delivery goes to a real SMTP server on loopback (aiosmtpd); a relay that refuses
leaves the notification undelivered with its error, for the next delivery.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.roles import Role
from postguard.mail import MailError, Message, SmtpMailer
from postguard.mail_testing import Mailbox
from postguard.settings import MailSettings
from postguard.store import models as db
from postguard.workflows.concerns import ConcernError, raise_concern
from postguard.workflows.notifications import MAX_ATTEMPTS, deliver, holders, notify
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

ACTOR = "test"
KEY = "test-secret-key-" + "x" * 24
BASE = "https://postguard.example.org"


@pytest.fixture
def school(db_session: Session) -> db.School:
    trust = ensure_trust(db_session, "Notice Trust", actor=ACTOR)
    return ensure_school(db_session, trust, "Hill Primary", actor=ACTOR)


def _user(
    session: Session, school: db.School, email: str, role: Role, *, at_school: bool = True
) -> db.User:
    trust = session.get(db.Trust, school.trust_id)
    assert trust is not None
    new = create_user(
        session,
        trust,
        email,
        actor=ACTOR,
        secret_key=KEY,
        grants=((role, school.name if at_school else None),),
    )
    return new.user


class Refusing:
    def send(self, message: Message) -> None:
        raise MailError("relay.example.org:25: connection refused")


def test_holders_are_the_role_at_the_school_or_trust_wide(
    db_session: Session, school: db.School
) -> None:
    dsl = _user(db_session, school, "dsl@hill.example.org", Role.DSL)
    deputy = _user(db_session, school, "deputy@hill.example.org", Role.DEPUTY_DSL, at_school=False)
    _user(db_session, school, "teacher@hill.example.org", Role.STAFF)
    trust = db_session.get(db.Trust, school.trust_id)
    assert trust is not None
    other = ensure_school(db_session, trust, "Dale Academy", actor=ACTOR)
    found = holders(db_session, school.trust_id, (Role.DSL, Role.DEPUTY_DSL), school.id)
    assert [u.email for u in found] == [dsl.email, deputy.email]
    assert [u.email for u in holders(db_session, school.trust_id, (Role.DSL,), other.id)] == []


def test_notifications_are_mailed_with_a_link_and_marked_sent(
    db_session: Session, school: db.School, mailbox: Mailbox
) -> None:
    dsl = _user(db_session, school, "dsl2@hill.example.org", Role.DSL)
    notes = notify(db_session, [dsl], kind="k", subject="Subject", body="Body.", link="/concerns/1")
    mailer = SmtpMailer(MailSettings(host=mailbox.host, port=mailbox.port, sender="pg@example.org"))
    done = deliver(db_session, mailer, base_url=BASE, ids=[n.id for n in notes])
    assert (done.sent, done.failed, done.waiting) == (1, 0, 0)
    [message] = mailbox.to(dsl.email)
    assert message["Subject"] == "Subject"
    assert message["From"] == "pg@example.org"
    body = message.get_payload(decode=True).decode()
    assert "Body." in body and f"{BASE}/concerns/1" in body
    assert notes[0].sent_at is not None and notes[0].attempts == 1
    again = deliver(db_session, mailer, base_url=BASE)
    assert again.sent == 0  # nothing is sent twice


def test_a_refusing_relay_loses_nothing_and_gives_up_after_the_limit(
    db_session: Session, school: db.School
) -> None:
    dsl = _user(db_session, school, "dsl3@hill.example.org", Role.DSL)
    [note] = notify(db_session, [dsl], kind="k", subject="S", body="B")
    done = deliver(db_session, Refusing(), base_url=BASE, ids=[note.id])
    assert (done.sent, done.failed) == (0, 1)
    assert note.sent_at is None and "connection refused" in note.last_error
    for _ in range(MAX_ATTEMPTS):
        deliver(db_session, Refusing(), base_url=BASE, ids=[note.id])
    assert note.attempts == MAX_ATTEMPTS
    assert deliver(db_session, Refusing(), base_url=BASE, ids=[note.id]).waiting == 1


def test_a_message_the_mailer_cannot_build_is_a_failure_not_a_crash(
    db_session: Session, school: db.School, mailbox: Mailbox
) -> None:
    """A header with a line break (e.g. a school name imported with one) must not stop the
    delivery of every other notification, nor roll back the ones already sent."""
    settings = MailSettings(host=mailbox.host, port=mailbox.port, sender="pg@example.org")
    mailer = SmtpMailer(settings)
    with pytest.raises(MailError, match="cannot be sent"):
        mailer.send(Message(("a@hill.example.org",), "Hi\nBcc: x@evil.example", "Body."))
    dsl = _user(db_session, school, "dsl5@hill.example.org", Role.DSL)
    [bad] = notify(db_session, [dsl], kind="k", subject="Concern at Hill\r\nPrimary", body="B")
    [good] = notify(db_session, [dsl], kind="k", subject="Fine", body="B")
    done = deliver(db_session, mailer, base_url=BASE, ids=[bad.id, good.id])
    assert (done.sent, done.failed) == (1, 1)
    assert bad.sent_at is None and bad.last_error and good.sent_at is not None
    assert [m["Subject"] for m in mailbox.to(dsl.email)] == ["Fine"]


def test_without_a_mailer_notifications_wait(db_session: Session, school: db.School) -> None:
    dsl = _user(db_session, school, "dsl4@hill.example.org", Role.DSL)
    [note] = notify(db_session, [dsl], kind="k", subject="S", body="B")
    assert deliver(db_session, None, base_url=BASE, ids=[note.id]).waiting == 1
    assert note.attempts == 0


def test_a_keyed_notification_happens_once_per_person(
    db_session: Session, school: db.School
) -> None:
    dsl = _user(db_session, school, "dsl5@hill.example.org", Role.DSL)
    first = notify(
        db_session, [dsl], kind="summary", subject="S", body="B", key="summary:2026-11-24"
    )
    second = notify(
        db_session, [dsl], kind="summary", subject="S", body="B", key="summary:2026-11-24"
    )
    assert len(first) == 1 and second == []


def test_raising_a_concern_notifies_the_dsls_without_child_data(
    db_session: Session, school: db.School
) -> None:
    dsl = _user(db_session, school, "dsl6@hill.example.org", Role.DSL)
    _user(db_session, school, "staff6@hill.example.org", Role.STAFF)
    concern, notes = raise_concern(
        db_session,
        school=school,
        summary="Hope Fairweather said nobody at home would notice.",
        children="Hope Fairweather",
        actor=ACTOR,
        urgent=True,
    )
    assert [n.user_id for n in notes] == [dsl.id]
    assert "Hope" not in notes[0].subject + notes[0].body
    assert notes[0].link == f"/concerns/{concern.id}"
    assert notes[0].subject.startswith("URGENT")
    event = db_session.scalars(
        select(db.AuditEvent).where(db.AuditEvent.action == "concern.raise")
    ).one()
    assert event.object_id == str(concern.id) and "Hope" not in str(event.details)
    with pytest.raises(ConcernError):
        raise_concern(db_session, school=school, summary="  ", actor=ACTOR)
