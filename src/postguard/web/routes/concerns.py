"""Safeguarding concerns (clauses P2, P3): seen by the DSL and deputies only.

Owned by the concerns workflow (issue #7, item 4).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.permissions import Permission
from postguard.store import models as db
from postguard.web.auth import PrincipalDep
from postguard.web.lists import school_list
from postguard.web.section import Card, NavItem, Section

router = APIRouter(include_in_schema=False)


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
    return school_list(
        request,
        principal,
        Permission.CONCERN_VIEW,
        concerns_at,
        active="concerns",
        title="Safeguarding concerns",
    )


SECTION = Section(
    "concerns",
    (router,),
    {("GET", "/concerns"): Permission.CONCERN_VIEW},
    nav=(NavItem("concerns", "/concerns", "Concerns", Permission.CONCERN_VIEW, order=40),),
    cards=(
        Card(
            "concerns",
            "/concerns",
            "Safeguarding concerns",
            "Concerns raised by staff or found in comments. Seen by the DSL and deputies only.",
            "P2, P3",
            Permission.CONCERN_VIEW,
        ),
    ),
)
