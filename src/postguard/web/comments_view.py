"""What the comment pages read: the SLT report queue, one comment, the accounts, the flags.

Reading only (the workflow :mod:`postguard.workflows.moderation` writes). Everything
is limited to the schools where the person holds ``comment.moderate``. A comment
referred to the DSL (P2, P3) is never listed with its text here: the queue counts
them, and its page shows the decision without the words or the author.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard.auth.permissions import Permission
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.web.auth import Principal
from postguard.web.lists import school_ids, waited
from postguard.web.section import Flag
from postguard.workflows import moderation as m

QUEUE_LIMIT = 200
MODERATED_STATUSES = ("live", "approved", "closed")
"""Accounts whose comments can be moderated: not a request still waiting, nor a refusal."""
RECENT_DAYS = 7
ACTION_TEXT = {
    "keep": "kept",
    "hide-and-report-to-SLT": "hidden and reported to SLT",
    "hide-and-refer-to-DSL": "hidden and referred to the DSL",
    "queue": "queued for a person",
}


@dataclass(frozen=True, slots=True)
class AccountChoice:
    id: int
    label: str
    school: str


def accounts_for(session: Session, principal: Principal) -> list[AccountChoice]:
    """The accounts (of schools where the person moderates) comments can be entered for."""
    ids = school_ids(session, principal, Permission.COMMENT_MODERATE)
    rows = session.execute(
        select(db.Account, db.School.name)
        .join(db.School, db.School.id == db.Account.school_id)
        .where(
            db.Account.trust_id == principal.trust_id,
            db.Account.school_id.in_(ids),
            db.Account.status.in_(MODERATED_STATUSES),
        )
        .order_by(db.School.name, db.Account.platform, db.Account.handle)
    ).all()
    return [AccountChoice(a.id, f"{school}: {a.platform} {a.handle}", school) for a, school in rows]


def labels_of(verdict: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each label that applied with its score, the words that drove it and why."""
    if not verdict:
        return []
    scores = verdict.get("scores", {})
    evidence = {e["label"]: e for e in verdict.get("evidence", [])}
    out = []
    for label in verdict.get("labels", []):
        ev = evidence.get(label, {})
        out.append(
            {
                "label": label,
                "score": scores.get(label),
                "quote": ev.get("quote", ""),
                "reasons": ev.get("reasons", []),
            }
        )
    return out


def _row(c: db.Comment, account: db.Account, school: str) -> dict[str, Any]:
    verdict = c.verdict or {}
    person = verdict.get("person")
    return {
        "id": c.id,
        "school": school,
        "account": f"{account.platform} {account.handle}",
        "platform_id": c.platform_comment_id,
        "author": c.author_handle,
        "text": c.text,
        "status": c.status,
        "outcome": c.outcome or "",
        "outcome_text": m.OUTCOME_TEXT.get(c.outcome or "", c.status),
        "action": ACTION_TEXT.get(str(verdict.get("action", "")), ""),
        "labels": labels_of(verdict),
        "why": verdict.get("why", ""),
        "person": person,
        "source": c.source,
        "received_at": c.received_at,
        "posted_at": c.posted_at,
        "decided_at": c.decided_at,
        "waited": waited(c.received_at),
        "restored_at": c.restored_at,
        "restore_reason": c.restore_reason,
        "referred": c.outcome == m.REFERRED,
    }


def queue(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """Queued comments, then hidden (reported to SLT) ones at these schools, each newest first.

    Each part is limited on its own: hidden comments stay hidden for good, and however
    many there are, a comment waiting for a person is never pushed off the list."""
    out: list[dict[str, Any]] = []
    for status in (m.QUEUED, m.HIDDEN):
        rows = session.execute(
            select(db.Comment, db.Account, db.School.name)
            .join(db.Account, db.Account.id == db.Comment.account_id)
            .join(db.School, db.School.id == db.Account.school_id)
            .where(
                db.Account.school_id.in_(ids),
                db.Comment.status == status,
                db.Comment.outcome != m.REFERRED,
            )
            .order_by(db.Comment.id.desc())
            .limit(QUEUE_LIMIT)
        ).all()
        out += [_row(c, a, s) for c, a, s in rows]
    return out


def referred_count(session: Session, ids: list[int]) -> int:
    return int(
        session.scalar(
            select(func.count(db.Comment.id))
            .join(db.Account, db.Account.id == db.Comment.account_id)
            .where(db.Account.school_id.in_(ids), db.Comment.outcome == m.REFERRED)
        )
        or 0
    )


def one(session: Session, principal: Principal, comment_id: int) -> dict[str, Any] | None:
    """One comment of the person's trust at a school where they moderate (None: not theirs)."""
    found = session.execute(
        select(db.Comment, db.Account, db.School.name)
        .join(db.Account, db.Account.id == db.Comment.account_id)
        .join(db.School, db.School.id == db.Account.school_id)
        .where(db.Comment.id == comment_id, db.Account.trust_id == principal.trust_id)
    ).first()
    if found is None:
        return None
    c, account, school = found
    if not principal.may(Permission.COMMENT_MODERATE, school):
        return None
    row = _row(c, account, school)
    if row["referred"] and not principal.may(Permission.CONCERN_VIEW, school):
        # What people wrote about it (the note deciding it, the DSL's reason for restoring
        # it) may name the child as much as the comment does: the DSL's only (P2, P3).
        row["text"] = row["author"] = row["restore_reason"] = ""
        row["labels"] = [{**label, "quote": ""} for label in row["labels"]]
        if isinstance(row["person"], dict):
            row["person"] = {**row["person"], "reason": ""}
    return row


def flags(session: Session, principal: Principal, today: dt.date, policy: Policy) -> list[Flag]:
    """Comments hidden in the last 7 days, and comments waiting for a person (S9)."""
    if not principal.may(Permission.COMMENT_MODERATE):
        return []
    ids = school_ids(session, principal, Permission.COMMENT_MODERATE)
    since = datetime.combine(today - timedelta(days=RECENT_DAYS), time(), tzinfo=UTC)
    hidden = hidden_since(session, ids, since)
    queued = queued_at(session, ids)
    return [
        Flag(
            "comments-queued",
            f"comment{'s' if queued != 1 else ''} waiting for a person to decide",
            queued,
            "/comments",
            "S9",
            "warning",
        ),
        Flag(
            "comments-hidden",
            f"comment{'s' if hidden != 1 else ''} hidden and reported in the last "
            f"{RECENT_DAYS} days",
            hidden,
            "/comments",
            "S9",
            "info",
        ),
    ]


def hidden_since(session: Session, school_ids: Iterable[int], since: datetime) -> int:
    """How many comments were hidden (reported to SLT) at these schools since ``since``."""
    return _count(
        session, school_ids, (db.Comment.outcome == m.REPORTED, db.Comment.decided_at >= since)
    )


def queued_at(session: Session, school_ids: Iterable[int]) -> int:
    """How many comments wait for a person at these schools."""
    return _count(session, school_ids, (db.Comment.status == m.QUEUED,))


def _count(session: Session, school_ids: Iterable[int], where: tuple[Any, ...]) -> int:
    ids = list(school_ids)
    if not ids:
        return 0
    return int(
        session.scalar(
            select(func.count(db.Comment.id))
            .join(db.Account, db.Account.id == db.Comment.account_id)
            .where(db.Account.school_id.in_(ids), *where)
        )
        or 0
    )
