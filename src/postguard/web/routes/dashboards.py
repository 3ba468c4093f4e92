"""A dashboard per role: one card per thing the person may do, and the flags that need them.

The cards and flags come from the sections (:mod:`postguard.web.sections`),
filtered by the permission table, so a role sees exactly what it may use.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from postguard.auth.permissions import Permission
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.deps import get_service, render
from postguard.web.section import Card, Flag, FlagSource, NavItem, Section

router = APIRouter(include_in_schema=False)

LEVELS = {"danger": 0, "warning": 1, "info": 2}


def cards_for(request: Request, principal: Principal) -> list[Card]:
    cards: tuple[Card, ...] = request.app.state.cards
    return [c for c in cards if principal.may(c.permission)]


def flags_for(request: Request, principal: Principal) -> list[Flag]:
    """Every flag the sections raise for this person, the most serious first."""
    sources: tuple[FlagSource, ...] = request.app.state.flags
    service = get_service(request)
    today, policy = service.today(), service.policy
    with database(request).reading() as session:
        flags = [f for source in sources for f in source(session, principal, today, policy)]
    return sorted((f for f in flags if f.count), key=lambda f: (LEVELS[f.level], f.key))


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, principal: PrincipalDep) -> HTMLResponse:
    context = {
        "active": "dashboard",
        "title": "Dashboard",
        "cards": cards_for(request, principal),
        "flags": flags_for(request, principal),
    }
    return render(request, "dashboard.html", context)


SECTION = Section(
    "dashboards",
    (router,),
    {("GET", "/dashboard"): Permission.DASHBOARD_VIEW},
    nav=(NavItem("dashboard", "/dashboard", "Dashboard", Permission.DASHBOARD_VIEW, order=0),),
)
