"""A dashboard per role, the flagged-posts queue (SLT) and the concerns list (DSL only).

The dashboard shows one card per thing the person's roles let them do; the
cards come from the permission table, so a role sees exactly what it may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from postguard.auth.permissions import Permission, allowed
from postguard.store import models as db
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.deps import render

router = APIRouter(include_in_schema=False)

FLAGGED = ("review", "blocked")
QUEUE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Card:
    key: str
    href: str
    title: str
    text: str
    clauses: str
    permission: Permission


CARDS = (
    Card(
        "check",
        "/check",
        "Check a post",
        "Paste a draft, attach its photos and see what the policy says before it goes out.",
        "S4-S8",
        Permission.POST_CHECK,
    ),
    Card(
        "review",
        "/review",
        "Flagged posts",
        "Drafts whose check needs review or was blocked, waiting for a senior leader.",
        "S2",
        Permission.POST_REVIEW,
    ),
    Card(
        "concerns",
        "/concerns",
        "Safeguarding concerns",
        "Concerns raised by staff or found in comments. Seen by the DSL and deputies only.",
        "P2, P3",
        Permission.CONCERN_VIEW,
    ),
    Card(
        "roster",
        "/roster/import",
        "Import the roster",
        "Upload the MIS export of pupils, staff, contacts and consents; see every row error.",
        "S11",
        Permission.ROSTER_IMPORT,
    ),
    Card(
        "policy",
        "/policy",
        "Policy status",
        "The policy's clauses, the rules enforcing them and whether its review is overdue.",
        "",
        Permission.POLICY_VIEW,
    ),
)


def cards_for(principal: Principal) -> list[Card]:
    return [c for c in CARDS if principal.may(c.permission)]


def _schools_text(principal: Principal, permission: Permission) -> str:
    schools = sorted(
        {g.school for g in principal.grants if g.school and principal.may(permission, g.school)}
    )
    trust_wide = any(g.school is None and allowed((g,), permission) for g in principal.grants)
    if trust_wide or not schools:
        return "every school of the trust"
    return ", ".join(schools)


def _school_ids(session: Session, principal: Principal, permission: Permission) -> list[int]:
    """The schools of the person's trust where they hold ``permission``."""
    rows = session.execute(
        select(db.School.id, db.School.name).where(db.School.trust_id == principal.trust_id)
    ).all()
    return [sid for sid, name in rows if principal.may(permission, name)]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, principal: PrincipalDep) -> HTMLResponse:
    context = {"active": "dashboard", "title": "Dashboard", "cards": cards_for(principal)}
    return render(request, "dashboard.html", context)


def flagged_posts(session: Session, school_ids: list[int]) -> list[dict[str, Any]]:
    """Posts whose latest check is ``review`` or ``blocked``, newest first."""
    latest = (
        select(db.PostCheck.post_id, func.max(db.PostCheck.id).label("check_id"))
        .group_by(db.PostCheck.post_id)
        .subquery()
    )
    check = aliased(db.PostCheck)
    author = aliased(db.User)
    rows = session.execute(
        select(check, db.Post, db.School.name, author.display_name, author.email)
        .join(latest, latest.c.check_id == check.id)
        .join(db.Post, db.Post.id == check.post_id)
        .join(db.School, db.School.id == db.Post.school_id)
        .outerjoin(author, author.id == db.Post.author_id)
        .where(check.outcome.in_(FLAGGED), db.Post.school_id.in_(school_ids))
        .order_by(check.id.desc())
        .limit(QUEUE_LIMIT)
    ).all()
    out: list[dict[str, Any]] = []
    for c, post, school, name, email in rows:
        findings = c.verdict.get("findings", [])
        clauses = sorted({cl["id"] for f in findings for cl in f.get("clauses", [])})
        out.append(
            {
                "checked_at": c.checked_at,
                "school": school,
                "author": name or email or "unknown",
                "outcome": c.outcome,
                "findings": len(findings),
                "clauses": ", ".join(clauses),
                "text": post.text,
            }
        )
    return out


def _school_list(
    request: Request,
    principal: Principal,
    permission: Permission,
    rows_at: Callable[[Session, list[int]], list[dict[str, Any]]],
    *,
    active: str,
    title: str,
) -> HTMLResponse:
    """A list page limited to the schools where ``principal`` holds ``permission``."""
    with database(request).reading() as session:
        rows = rows_at(session, _school_ids(session, principal, permission))
    context = {
        "active": active,
        "title": title,
        "rows": rows,
        "schools_text": _schools_text(principal, permission),
    }
    return render(request, f"{active}.html", context)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _school_list(
        request,
        principal,
        Permission.POST_REVIEW,
        flagged_posts,
        active="review",
        title="Flagged posts",
    )


def concerns_at(session: Session, school_ids: list[int]) -> list[dict[str, Any]]:
    rows = session.execute(
        select(db.Concern, db.School.name)
        .join(db.School, db.School.id == db.Concern.school_id)
        .where(db.Concern.school_id.in_(school_ids))
        .order_by(db.Concern.id.desc())
    ).all()
    return [
        {
            "created_at": c.created_at,
            "school": school,
            "source": c.source,
            "category": c.category,
            "status": c.status,
            "summary": c.summary,
        }
        for c, school in rows
    ]


@router.get("/concerns", response_class=HTMLResponse)
def concerns(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _school_list(
        request,
        principal,
        Permission.CONCERN_VIEW,
        concerns_at,
        active="concerns",
        title="Safeguarding concerns",
    )
