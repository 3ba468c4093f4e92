"""The concerns workflow (clauses P2, P3) on SQLite and PostgreSQL: raising with sealed
attachments, the chronology, closing, exports and file openings, each one audit event
naming the concern by id only; the queue's order and the waiting limits; the PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from postguard.attachments import open_sealed
from postguard.audit import verify
from postguard.auth.roles import Role
from postguard.concern_pdf import FALLBACK_NOTE, ConcernRecord, NoteEntry, latin1, render_pdf
from postguard.store import models as db
from postguard.web.testing import blank_png
from postguard.workflows.concerns import (
    CLOSED_SHOWN,
    ConcernError,
    add_note,
    add_working_days,
    close_concern,
    closed_count,
    concern_from_comment,
    due_by,
    overdue,
    queue,
    raise_concern,
    read_attachment,
    record_export,
    record_of,
)
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

ACTOR = "user:1"
KEY = "concern-test-secret-" + "s" * 20
CHILD = "Tamsin Okonkwo-Reyes"


@pytest.fixture
def school(db_session: Session) -> db.School:
    trust = ensure_trust(db_session, "Concern Trust", actor="test")
    return ensure_school(db_session, trust, "Brook Primary", actor="test")


@pytest.fixture
def dsl(db_session: Session, school: db.School) -> db.User:
    trust = db_session.get(db.Trust, school.trust_id)
    assert trust is not None
    made = create_user(
        db_session,
        trust,
        "dsl@brook.example.org",
        actor="test",
        secret_key=KEY,
        display_name="Dee Lead",
        grants=((Role.DSL, school.name),),
    )
    return made.user


def actions(session: Session, object_id: int, object_type: str = "concern") -> list[str]:
    return list(
        session.scalars(
            select(db.AuditEvent.action)
            .where(
                db.AuditEvent.object_id == str(object_id),
                db.AuditEvent.object_type == object_type,
            )
            .order_by(db.AuditEvent.seq)
        )
    )


def count(session: Session, table: type[db.Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_concern_keeps_its_attachments_sealed_with_one_audit_event(
    db_session: Session, school: db.School, dsl: db.User
) -> None:
    png = blank_png()
    concern, notes = raise_concern(
        db_session,
        school=school,
        summary=f"{CHILD} messaged me on TikTok.",
        children=CHILD,
        actor=ACTOR,
        attachments=[("dm.png", png), ("C:\\fakepath\\letter.pdf", b"%PDF-1.4\n%%EOF\n")],
        secret_key=KEY,
    )
    rows = db_session.scalars(
        select(db.ConcernAttachment).where(db.ConcernAttachment.concern_id == concern.id)
    ).all()
    assert [(a.filename, a.content_type) for a in rows] == [
        ("dm.png", "image/png"),
        ("letter.pdf", "application/pdf"),
    ]
    assert png not in rows[0].sealed and open_sealed(KEY, rows[0].sealed) == png
    assert [n.user_id for n in notes] == [dsl.id]
    [event] = db_session.scalars(
        select(db.AuditEvent).where(db.AuditEvent.action == "concern.raise")
    ).all()
    assert event.object_id == str(concern.id) and event.details["attachments"] == 2
    assert CHILD not in str(event.details) and "dm.png" not in str(event.details)
    assert verify(db_session).ok


def test_a_refused_attachment_refuses_the_whole_concern(
    db_session: Session, school: db.School
) -> None:
    before = (count(db_session, db.Concern), count(db_session, db.AuditEvent))
    with pytest.raises(ConcernError) as refused:
        raise_concern(
            db_session,
            school=school,
            summary="Something worrying",
            actor=ACTOR,
            attachments=[("ok.png", blank_png()), ("big.png", blank_png() + b"\0" * 2000)],
            secret_key=KEY,
            max_attachment_bytes=1000,
        )
    assert refused.value.field == "attachments" and "big.png is too big" in str(refused.value)
    assert (count(db_session, db.Concern), count(db_session, db.AuditEvent)) == before
    with pytest.raises(ConcernError, match="secret key"):
        raise_concern(
            db_session,
            school=school,
            summary="x",
            actor=ACTOR,
            attachments=[("a.png", blank_png())],
        )
    assert count(db_session, db.Concern) == before[0]


def test_the_chronology_grows_until_the_concern_closes_with_an_outcome(
    db_session: Session, school: db.School, dsl: db.User
) -> None:
    concern, _ = raise_concern(db_session, school=school, summary="A worry", actor=ACTOR)
    with pytest.raises(ConcernError, match="say what was done"):
        add_note(db_session, concern, text="  ", author_id=dsl.id, actor=ACTOR)
    add_note(db_session, concern, text="Spoke to the child.", author_id=dsl.id, actor=ACTOR)
    add_note(db_session, concern, text="Rang home.", author_id=dsl.id, actor=ACTOR)
    with pytest.raises(ConcernError, match="give the outcome"):
        close_concern(db_session, concern, outcome="", closed_by_id=dsl.id, actor=ACTOR)
    close_concern(
        db_session, concern, outcome="No further action.", closed_by_id=dsl.id, actor=ACTOR
    )
    assert (concern.status, concern.closed_by_id) == ("closed", dsl.id)
    assert concern.closed_at is not None
    with pytest.raises(ConcernError, match="closed"):
        add_note(db_session, concern, text="Late", author_id=dsl.id, actor=ACTOR)
    with pytest.raises(ConcernError, match="already closed"):
        close_concern(db_session, concern, outcome="Again", closed_by_id=dsl.id, actor=ACTOR)
    record = record_of(db_session, concern)
    assert [(n.author, n.text) for n in record.notes] == [
        ("Dee Lead", "Spoke to the child."),
        ("Dee Lead", "Rang home."),
    ]
    assert record.closed_by == "Dee Lead" and record.outcome == "No further action."
    assert actions(db_session, concern.id) == [
        "concern.raise",
        "concern.note",
        "concern.note",
        "concern.close",
    ]
    assert verify(db_session).ok


def test_opening_a_file_and_exporting_are_audited(db_session: Session, school: db.School) -> None:
    concern, _ = raise_concern(
        db_session,
        school=school,
        summary="x",
        actor=ACTOR,
        attachments=[("a.png", blank_png())],
        secret_key=KEY,
    )
    [attachment] = db_session.scalars(select(db.ConcernAttachment)).all()
    assert read_attachment(db_session, attachment, actor=ACTOR, secret_key=KEY) == blank_png()
    record_export(db_session, concern, actor=ACTOR, sha256="ab" * 32)
    assert actions(db_session, attachment.id, "concern_attachment") == ["concern.attachment.view"]
    assert actions(db_session, concern.id)[-1] == "concern.export"
    assert verify(db_session).ok


def test_a_safeguarding_comment_becomes_a_concern_with_the_comment_as_evidence(
    db_session: Session, school: db.School
) -> None:
    account = db.Account(
        trust_id=school.trust_id, school_id=school.id, platform="facebook", handle="@brook"
    )
    db_session.add(account)
    db_session.flush()
    comment = db.Comment(
        account_id=account.id,
        platform_comment_id="1",
        author_handle="anon123",
        text="nobody at home would notice",
        verdict={"labels": ["safeguarding"], "scores": {"safeguarding": 0.93, "abuse": 0.1}},
    )
    db_session.add(comment)
    db_session.flush()
    concern, _ = concern_from_comment(db_session, comment, actor="system:moderation")
    record = record_of(db_session, concern)
    assert record.source == "comment" and record.urgent
    assert record.comment is not None
    assert record.comment.text == "nobody at home would notice"
    assert record.comment.account == "facebook @brook"
    assert record.comment.labels == ("safeguarding",)
    assert record.comment.scores == (("abuse", 0.1), ("safeguarding", 0.93))
    assert record.reporter == "PostGuard (comment moderation)"


def test_the_queue_is_open_urgent_first_then_oldest_and_closed_last(
    db_session: Session, school: db.School
) -> None:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def make(summary: str, urgent: bool, hours_ago: int) -> db.Concern:
        c, _ = raise_concern(db_session, school=school, summary=summary, actor=ACTOR, urgent=urgent)
        c.created_at = now - timedelta(hours=hours_ago)
        return c

    old_calm = make("old calm", False, 50)
    new_calm = make("new calm", False, 1)
    new_urgent = make("new urgent", True, 0)
    old_urgent = make("old urgent", True, 3)
    done = make("done", True, 100)
    close_concern(db_session, done, outcome="Closed.", closed_by_id=None, actor=ACTOR)
    db_session.flush()
    order = [r.concern.summary for r in queue(db_session, [school.id])]
    assert order == ["old urgent", "new urgent", "old calm", "new calm", "done"]
    still_open = queue(db_session, [school.id], include_closed=False)
    assert [r.concern.summary for r in still_open] == order[:4]
    assert queue(db_session, []) == []
    assert overdue(old_urgent, now) and not overdue(new_urgent, now)
    assert not overdue(done, now)
    # raised on Sunday 10:00: two working days end on Tuesday 10:00
    assert overdue(old_calm, now) and not overdue(new_calm, now)


def test_closing_reads_the_concern_again_locked_not_a_stale_copy(
    db_session: Session, school: db.School
) -> None:
    """Two DSLs closing the same concern at once: the second is refused, not a second close
    overwriting the first outcome (the row is read again, locked, before the check)."""
    concern, _ = raise_concern(db_session, school=school, summary="x", actor=ACTOR)
    db_session.execute(  # another DSL's transaction closed it; this copy is stale
        update(db.Concern)
        .where(db.Concern.id == concern.id)
        .values(status="closed", outcome="Referred to children's services."),
        execution_options={"synchronize_session": False},
    )
    assert concern.status == "open"
    with pytest.raises(ConcernError, match="already closed"):
        close_concern(
            db_session, concern, outcome="No further action.", closed_by_id=None, actor=ACTOR
        )
    with pytest.raises(ConcernError, match="closed"):
        add_note(db_session, concern, text="Called the parent.", author_id=None, actor=ACTOR)
    assert concern.outcome == "Referred to children's services."
    closes = db_session.scalars(
        select(db.AuditEvent).where(
            db.AuditEvent.action == "concern.close", db.AuditEvent.object_id == str(concern.id)
        )
    ).all()
    assert closes == []


def test_the_queue_shows_every_open_concern_but_only_the_latest_closed_ones(
    db_session: Session, school: db.School
) -> None:
    """Closed concerns pile up for years: the queue must not load them all on every view."""
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    for n in range(4):
        c, _ = raise_concern(db_session, school=school, summary=f"closed {n}", actor=ACTOR)
        close_concern(db_session, c, outcome="Closed.", closed_by_id=None, actor=ACTOR)
        c.closed_at = now - timedelta(days=10 - n)
    for n in range(3):
        raise_concern(db_session, school=school, summary=f"open {n}", actor=ACTOR)
    db_session.flush()
    rows = [r.concern.summary for r in queue(db_session, [school.id], closed_limit=2)]
    assert rows == ["open 0", "open 1", "open 2", "closed 3", "closed 2"]
    assert closed_count(db_session, [school.id]) == 4
    assert len(queue(db_session, [school.id])) == 7  # the default shows many more
    assert CLOSED_SHOWN >= 50


@pytest.mark.parametrize(
    "start, expected",
    [
        (datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 25, 9, tzinfo=UTC)),  # Mon
        (datetime(2026, 11, 27, 16, tzinfo=UTC), datetime(2026, 12, 1, 16, tzinfo=UTC)),  # Fri
        (datetime(2026, 11, 28, 10, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC)),  # Sat
    ],
)
def test_two_working_days_skip_the_weekend(start: datetime, expected: datetime) -> None:
    assert add_working_days(start, 2) == expected


def test_an_urgent_concern_is_due_within_the_hour(db_session: Session, school: db.School) -> None:
    concern, _ = raise_concern(db_session, school=school, summary="x", actor=ACTOR, urgent=True)
    assert due_by(concern) == concern.created_at + timedelta(hours=1)


# -- the PDF -------------------------------------------------------------------------------

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def sample(**changes: object) -> ConcernRecord:
    base: dict[str, object] = {
        "id": 42,
        "trust": "Riverside Learning Trust",
        "school": "Brook Primary",
        "created_at": AT,
        "reporter": "Sam Teacher",
        "source": "staff_report",
        "category": "",
        "urgent": True,
        "platform": "instagram",
        "children": "Zoë Łukasik-Ng",
        "summary": "She said she is frightened to go home.",
        "status": "open",
        "notes": (NoteEntry(AT, "Dee Lead", "Phoned children's services, ref 5521."),),
    }
    return ConcernRecord(**(base | changes))  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_the_pdf_holds_the_reference_the_chronology_and_unicode_names() -> None:
    text = pdf_text(render_pdf(sample(), exported_by="Dee Lead", exported_at=AT))
    assert "PG-CONCERN-42" in text
    assert "Phoned children's services, ref 5521." in text
    assert "Zoë Łukasik-Ng" in text and "URGENT" in text
    assert "Riverside Learning Trust" in text and FALLBACK_NOTE[:20] not in text


def test_without_a_unicode_font_the_pdf_transliterates_and_says_so(tmp_path: Path) -> None:
    text = pdf_text(render_pdf(sample(), exported_by="Dee", exported_at=AT, font_dir=tmp_path))
    assert "PG-CONCERN-42" in text and "Zoë Lukasik-Ng" in text
    assert "without a Unicode font" in text
    assert latin1("Łódź 🙂") == "Lódz ?"  # ó is Latin-1; Ł and ź are not
