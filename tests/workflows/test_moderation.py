"""Comment moderation (S9; P2, P3): each comment stored once, classified, decided and audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.auth.roles import Role
from postguard.comment_imports import IncomingComment
from postguard.content import Content
from postguard.language.classifier import Assessment, classify_batch
from postguard.language.model import ModelError
from postguard.store import models as db
from postguard.workflows import moderation as m
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

ACTOR = "test:moderation"
KEY = "test-secret-key-" + "x" * 24
HILL, DALE = "Hill Academy", "Dale Primary"
OK = "Great sports day, thank you to all the staff!"
ABUSIVE = "You are a useless idiot, Mr Smith, get out of our school"
PROFANE = "What the hell, this is shit"
SPAM = "Buy cheap followers now, DM me for crypto gains"
PERSONAL = "My son Jayden Campbell in Year 4 has epilepsy and lives at 12 Oak Road"
SAFEGUARDING = "I am 12 and my teacher touches me and told me not to tell anyone"


@pytest.fixture
def people(db_session: Session) -> dict[str, db.User]:
    trust = ensure_trust(db_session, "Moderation Trust", actor=ACTOR)
    for name in (HILL, DALE):
        ensure_school(db_session, trust, name, actor=ACTOR)
    grants: dict[str, tuple[tuple[Role, str | None], ...]] = {
        "slt": ((Role.SLT, HILL),),
        "slt_dale": ((Role.SLT, DALE),),
        "dsl": ((Role.DSL, HILL),),
        "staff": ((Role.STAFF, HILL),),
        "head": ((Role.EXECUTIVE_HEAD, None),),
    }
    return {
        key: create_user(
            db_session,
            trust,
            f"{key}@moderation.example.org",
            actor=ACTOR,
            secret_key=KEY,
            password="correct horse battery staple",
            grants=g,
        ).user
        for key, g in grants.items()
    }


@pytest.fixture
def account(db_session: Session, people: dict[str, db.User]) -> db.Account:
    trust = people["slt"].trust_id
    school = db_session.scalars(select(db.School).where(db.School.name == HILL)).one()
    row = db.Account(
        trust_id=trust,
        school_id=school.id,
        platform="facebook",
        handle="hillacademy",
        status="live",
    )
    db_session.add(row)
    db_session.flush()
    return row


def items(*texts: str, prefix: str = "c") -> list[IncomingComment]:
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    return [
        IncomingComment(f"{prefix}{i}", f"author {i}", t, at, f"test:{i}")
        for i, t in enumerate(texts, start=1)
    ]


def classify(contents: Sequence[Content]) -> Sequence[Assessment]:
    return classify_batch(contents)


def events(session: Session) -> list[db.AuditEvent]:
    return list(session.scalars(select(db.AuditEvent).order_by(db.AuditEvent.seq)))


def comment_events(session: Session) -> list[tuple[str, str, object]]:
    return [
        (e.action, e.object_id, e.details.get("clause"))
        for e in events(session)
        if e.object_type == "comment"
    ]


def test_each_comment_is_decided_as_the_policy_says_with_one_event_citing_its_clause(
    db_session: Session, people: dict[str, db.User], account: db.Account
) -> None:
    texts = (OK, ABUSIVE, PROFANE, SPAM, PERSONAL, SAFEGUARDING)
    receipt = m.receive_comments(
        db_session, account, items(*texts), "import", actor=ACTOR, classify=classify
    )
    got = {r.comment.text: (r.comment.status, r.comment.outcome) for r in receipt.results}
    assert got == {
        OK: ("visible", "kept"),
        ABUSIVE: ("hidden", "reported_slt"),
        PROFANE: ("hidden", "reported_slt"),
        SPAM: ("hidden", "reported_slt"),
        PERSONAL: ("hidden", "reported_slt"),
        SAFEGUARDING: ("hidden", "referred_dsl"),
    }
    assert (receipt.kept, receipt.hidden, receipt.referred, receipt.queued) == (1, 4, 1, 0)
    ids = {r.comment.text: str(r.comment.id) for r in receipt.results}
    assert comment_events(db_session) == [
        ("comment.keep", ids[OK], "S9"),
        ("comment.hide", ids[ABUSIVE], "S9"),
        ("comment.hide", ids[PROFANE], "S9"),
        ("comment.hide", ids[SPAM], "S9"),
        ("comment.hide", ids[PERSONAL], "S9"),
        ("comment.refer", ids[SAFEGUARDING], "P2, P3"),
    ]
    abusive = next(r.comment for r in receipt.results if r.comment.text == ABUSIVE)
    assert abusive.verdict is not None
    assert abusive.verdict["labels"] == ["abusive"]
    assert abusive.verdict["action"] == "hide-and-report-to-SLT"
    assert abusive.verdict["evidence"][0]["quote"] == "idiot"
    assert abusive.posted_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert abusive.source == "import" and abusive.decided_at is not None
    # the safeguarding comment became a concern pointing at it, kept as evidence
    (concern,) = receipt.concerns
    assert concern.comment_id == int(ids[SAFEGUARDING]) and concern.source == "comment"
    refer = next(e for e in events(db_session) if e.action == "comment.refer")
    assert refer.after_ref == f"concern:{concern.id}"
    # the school's SLT gets one note with counts and a link; the DSL hears of the concern
    by_user = {n.user_id: n for n in receipt.notifications if n.kind.startswith("comments.")}
    assert set(by_user) == {people["slt"].id}
    note = by_user[people["slt"].id]
    assert "4 comments hidden and reported" in note.subject and note.link == "/comments"
    dsl_notes = [n for n in receipt.notifications if n.user_id == people["dsl"].id]
    assert [n.link for n in dsl_notes] == [f"/concerns/{concern.id}"]
    for n in receipt.notifications:
        for text in texts:
            assert text not in n.subject + n.body
    # no comment text or author in the audit log
    rows = "".join(audit.canonical_json(e) for e in events(db_session))
    assert "idiot" not in rows and "author 1" not in rows and "Jayden" not in rows
    assert audit.verify(db_session).ok


def test_the_same_export_twice_adds_nothing(db_session: Session, account: db.Account) -> None:
    first = m.receive_comments(
        db_session, account, items(OK, ABUSIVE), "import", actor=ACTOR, classify=classify
    )
    before = len(events(db_session))
    again = m.receive_comments(
        db_session,
        account,
        items(OK, ABUSIVE) + items(ABUSIVE, prefix="c"),
        "import",
        actor=ACTOR,
        classify=classify,
    )
    assert again.duplicates == 3 and again.notifications == []
    assert [r.comment.id for r in again.results[:2]] == [r.comment.id for r in first.results]
    assert len(events(db_session)) == before
    count = db_session.scalar(
        select(func.count(db.Comment.id)).where(db.Comment.account_id == account.id)
    )
    assert count == 2


def test_a_repeated_id_within_one_file_is_stored_once(
    db_session: Session, account: db.Account
) -> None:
    one = items(OK)[0]
    receipt = m.receive_comments(
        db_session, account, [one, one], "api", actor=ACTOR, classify=classify
    )
    assert [r.duplicate for r in receipt.results] == [False, True]
    assert len(comment_events(db_session)) == 1


def test_without_a_classifier_comments_wait_for_a_person(
    db_session: Session, people: dict[str, db.User], account: db.Account
) -> None:
    receipt = m.receive_comments(
        db_session, account, items(ABUSIVE, OK), "api", actor=ACTOR, classify=None
    )
    assert [(r.comment.status, r.comment.outcome) for r in receipt.results] == [
        ("queued", "for_person"),
        ("queued", "for_person"),
    ]
    assert [a for a, _, _ in comment_events(db_session)] == ["comment.queue"] * 2
    (note,) = receipt.notifications
    assert note.user_id == people["slt"].id and "2 waiting for a person" in note.subject


def test_a_broken_model_or_an_empty_text_queues_for_a_person(
    db_session: Session, account: db.Account
) -> None:
    def broken(contents: Sequence[Content]) -> Sequence[Assessment]:
        raise ModelError("cannot read model toxicity.npz")

    r1 = m.receive_comments(db_session, account, items(OK), "api", actor=ACTOR, classify=broken)
    r2 = m.receive_comments(
        db_session, account, items("  ", prefix="sticker"), "import", actor=ACTOR, classify=classify
    )
    assert r1.results[0].comment.verdict == {
        "labels": [],
        "scores": {},
        "action": "queue",
        "by": None,
        "why": "the classifier could not be loaded",
    }
    assert r2.results[0].comment.status == "queued"
    whys = [e.details["why"] for e in events(db_session) if e.action == "comment.queue"]
    assert whys == ["the classifier could not be loaded", "no text to classify"]


def test_nothing_is_half_written_when_classifying_fails(
    db_session: Session, account: db.Account
) -> None:
    def crash(contents: Sequence[Content]) -> Sequence[Assessment]:
        raise RuntimeError("out of memory")

    before = len(events(db_session))
    nested = db_session.begin_nested()
    with pytest.raises(RuntimeError):
        m.receive_comments(db_session, account, items(OK), "api", actor=ACTOR, classify=crash)
    nested.rollback()
    assert db_session.scalar(select(func.count(db.Comment.id))) == 0
    assert len(events(db_session)) == before


def test_an_account_of_no_school_is_refused(
    db_session: Session, people: dict[str, db.User]
) -> None:
    trust_wide = db.Account(
        trust_id=people["slt"].trust_id, school_id=None, platform="x", handle="thetrust"
    )
    db_session.add(trust_wide)
    db_session.flush()
    with pytest.raises(m.ModerationError, match="belongs to no school"):
        m.receive_comments(db_session, trust_wide, items(OK), "api", actor=ACTOR, classify=None)


def test_a_moderator_restores_a_hidden_comment_with_a_reason(
    db_session: Session, people: dict[str, db.User], account: db.Account
) -> None:
    receipt = m.receive_comments(
        db_session, account, items(PROFANE), "web", actor=ACTOR, classify=classify
    )
    row = receipt.results[0].comment
    with pytest.raises(m.ModerationError, match="Say why"):
        m.restore(db_session, row, people["slt"], "   ")
    with pytest.raises(m.NotAllowed):
        m.restore(db_session, row, people["slt_dale"], "fine")
    with pytest.raises(m.NotAllowed):
        m.restore(db_session, row, people["staff"], "fine")
    assert row.status == "hidden"
    m.restore(db_session, row, people["slt"], "A parent quoting a film title; not aimed at anyone.")
    assert row.status == "restored" and row.restored_by_id == people["slt"].id
    assert row.restore_reason.startswith("A parent quoting") and row.restored_at is not None
    assert row.outcome == "reported_slt"  # the action first taken stays on record
    with pytest.raises(m.ModerationError, match="already restored"):
        m.restore(db_session, row, people["slt"], "again")
    last = events(db_session)[-1]
    assert (last.action, last.object_id, last.actor) == (
        "comment.restore",
        str(row.id),
        f"user:{people['slt'].id}",
    )
    assert last.details["clause"] == "S9" and "film" not in audit.canonical_json(last)
    # the trust-wide executive head moderates at every school
    other = m.receive_comments(
        db_session, account, items(SPAM, prefix="s"), "web", actor=ACTOR, classify=classify
    )
    m.restore(db_session, other.results[0].comment, people["head"], "Our own fair's raffle.")
    assert audit.verify(db_session).ok


def test_a_referred_comment_is_restored_only_by_the_dsl_and_the_concern_stays(
    db_session: Session, people: dict[str, db.User], account: db.Account
) -> None:
    receipt = m.receive_comments(
        db_session, account, items(SAFEGUARDING), "api", actor=ACTOR, classify=classify
    )
    row = receipt.results[0].comment
    with pytest.raises(m.NotAllowed, match="only the DSL"):
        m.restore(db_session, row, people["slt"], "looks harmless")
    m.restore(db_session, row, people["dsl"], "A quote from the school play's script.")
    assert row.status == "restored"
    concern = receipt.concerns[0]
    db_session.refresh(concern)
    assert concern.status == "open" and concern.comment_id == row.id
    assert events(db_session)[-1].details["clause"] == "P2, P3"


def test_a_person_decides_a_queued_comment(
    db_session: Session, people: dict[str, db.User], account: db.Account
) -> None:
    receipt = m.receive_comments(
        db_session, account, items(OK, ABUSIVE, SAFEGUARDING), "api", actor=ACTOR, classify=None
    )
    keep, hide, refer = (r.comment for r in receipt.results)
    with pytest.raises(m.NotAllowed):
        m.decide_queued(db_session, keep, people["slt_dale"], "ok")
    with pytest.raises(m.ModerationError, match="Choose"):
        m.decide_queued(db_session, keep, people["slt"], "rude")
    m.decide_queued(db_session, keep, people["slt"], "ok")
    m.decide_queued(db_session, hide, people["slt"], "abusive", "Insults a teacher.")
    decision = m.decide_queued(db_session, refer, people["slt"], "safeguarding")
    assert [(c.status, c.outcome) for c in (keep, hide, refer)] == [
        ("visible", "kept"),
        ("hidden", "reported_slt"),
        ("hidden", "referred_dsl"),
    ]
    assert hide.verdict is not None
    assert hide.verdict["action"] == "hide-and-report-to-SLT" and hide.verdict["by"] == "person"
    assert hide.verdict["person"] == {
        "user_id": people["slt"].id,
        "label": "abusive",
        "reason": "Insults a teacher.",
    }
    assert decision.concern is not None and decision.concern.comment_id == refer.id
    assert [n.user_id for n in decision.notifications] == [people["dsl"].id]
    with pytest.raises(m.ModerationError, match="already decided"):
        m.decide_queued(db_session, keep, people["slt"], "spam")
    tail = comment_events(db_session)[-3:]
    assert [(a, c) for a, _, c in tail] == [
        ("comment.keep", "S9"),
        ("comment.hide", "S9"),
        ("comment.refer", "P2, P3"),
    ]
    assert all(
        e.details.get("by") == "person"
        for e in events(db_session)[-4:]
        if e.object_type == "comment"
    )
    assert audit.verify(db_session).ok


def test_an_account_is_found_by_platform_and_handle(
    db_session: Session, account: db.Account
) -> None:
    assert m.find_account(db_session, account.trust_id, "Facebook", "@hillacademy") == account
    assert m.find_account(db_session, account.trust_id, "x", "hillacademy") is None
