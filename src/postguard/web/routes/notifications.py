"""A person's notifications in the app: what PostGuard e-mailed them (or would have, without
a mail relay), newest first, each with its link; unread ones are flagged on the dashboard."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from postguard.auth.permissions import Permission
from postguard.policy.models import Policy
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.deps import render
from postguard.web.lists import waited
from postguard.web.section import Flag, NavItem, Section
from postguard.workflows.notifications import inbox, mark_read, unread_count

router = APIRouter(include_in_schema=False)


@router.get("/notifications", response_class=HTMLResponse)
def notifications(request: Request, principal: PrincipalDep) -> HTMLResponse:
    with database(request).reading() as session:
        rows = [
            {
                "subject": n.subject,
                "body": n.body,
                "link": n.link,
                "created_at": n.created_at,
                "waited": waited(n.created_at),
                "unread": n.read_at is None,
                "emailed": n.sent_at is not None,
            }
            for n in inbox(session, principal.user_id)
        ]
    context = {"active": "notifications", "title": "Notifications", "rows": rows}
    return render(request, "notifications.html", context)


@router.post("/notifications/read")
def read_all(request: Request, principal: PrincipalDep) -> RedirectResponse:
    with database(request).writing() as session:
        mark_read(session, principal.user_id)
    return RedirectResponse("/notifications", status_code=303)


def unread_flag(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    count = unread_count(session, principal.user_id)
    return [
        Flag(
            "notifications",
            f"unread notification{'' if count == 1 else 's'}",
            count,
            "/notifications",
            "",
            level="info",
        )
    ]


SECTION = Section(
    "notifications",
    (router,),
    {
        ("GET", "/notifications"): Permission.DASHBOARD_VIEW,
        ("POST", "/notifications/read"): Permission.DASHBOARD_VIEW,
    },
    nav=(
        NavItem(
            "notifications", "/notifications", "Notifications", Permission.DASHBOARD_VIEW, order=92
        ),
    ),
    flags=(unread_flag,),
)
