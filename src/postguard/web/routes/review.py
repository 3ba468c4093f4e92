"""The review queue (clause S2): posts whose latest check is ``review`` or ``blocked``.

Owned by the review workflow (issue #7, item 2).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from postguard.auth.permissions import Permission
from postguard.store import models as db
from postguard.web.auth import PrincipalDep
from postguard.web.lists import school_list
from postguard.web.section import Card, NavItem, Section

router = APIRouter(include_in_schema=False)

FLAGGED = ("review", "blocked")
QUEUE_LIMIT = 200


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


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return school_list(
        request,
        principal,
        Permission.POST_REVIEW,
        flagged_posts,
        active="review",
        title="Flagged posts",
    )


SECTION = Section(
    "review",
    (router,),
    {("GET", "/review"): Permission.POST_REVIEW},
    nav=(NavItem("review", "/review", "Flagged posts", Permission.POST_REVIEW, order=20),),
    cards=(
        Card(
            "review",
            "/review",
            "Flagged posts",
            "Drafts whose check needs review or was blocked, waiting for a senior leader.",
            "S2",
            Permission.POST_REVIEW,
        ),
    ),
)
