"""Governance (issue #7 items 5-7): acknowledgements (P1, P4, P9) and exceptions (P6).

- ``/acknowledge``: a member of staff reads the personal-use clauses and ticks every
  item of the checklist for the policy version the app has loaded
  (:data:`postguard.workflows.acknowledgements.CHECKLIST`).
- ``/acknowledgements``: who has not acknowledged the current version, per school.
  It is a compliance report, so it needs ``COMPLIANCE_REPORT_VIEW`` (SLT at their
  schools; the Executive Headteacher and the Board trust-wide); the staff listed are
  adults' names and e-mail addresses only.
- ``/exceptions...``: see :mod:`postguard.web.routes.governance_exceptions`.

The dashboard flags come from :mod:`postguard.web.routes.governance_flags`.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Permission, allowed
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database
from postguard.web.deps import get_service, render
from postguard.web.lists import school_ids, schools_text, waited
from postguard.web.routes import governance_exceptions as exceptions_pages
from postguard.web.routes.governance_flags import FLAGS
from postguard.web.section import Card, NavItem, Section
from postguard.workflows.acknowledgements import (
    ACK_CLAUSES,
    AcknowledgementError,
    acknowledge,
    acknowledgement_of,
    checklist_for,
    who_has_not,
)

router = APIRouter(include_in_schema=False)
ACK_CLAUSE_IDS = ("P1", "P4", "P9")


def trust_wide(principal: Principal, permission: Permission) -> bool:
    """Whether the person holds ``permission`` through a trust-wide grant."""
    return principal.signed_in and any(
        g.school is None and allowed((g,), permission) for g in principal.grants
    )


def me(session: Session, principal: Principal) -> db.User:
    user = session.get(db.User, principal.user_id)
    if user is None or user.trust_id != principal.trust_id:
        raise HTTPException(403, "Your account was not found.")
    return user


def _clauses(policy: Policy) -> list[Any]:
    return [policy.clause(c) for c in ACK_CLAUSE_IDS if c in policy.clause_ids]


def _ack_page(
    request: Request,
    principal: Principal,
    *,
    ticked: set[str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    policy = get_service(request).policy
    with database(request).reading() as session:
        done = acknowledgement_of(session, me(session, principal), policy)
        done_at = None if done is None else done.acknowledged_at
    context: dict[str, Any] = {
        "active": "acknowledge",
        "title": "Acknowledge the policy",
        "clauses": _clauses(policy),
        "checklist": checklist_for(policy),
        "done_at": done_at,
        "ticked": ticked or set(),
        "errors": errors or {},
        "ack_clauses": ACK_CLAUSES,
        "just_done": request.query_params.get("done") == "1",
    }
    return render(request, "acknowledge.html", context, status_code=status_code)


@router.get("/acknowledge", response_class=HTMLResponse)
def acknowledge_page(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _ack_page(request, principal)


@router.post("/acknowledge", response_class=HTMLResponse)
async def acknowledge_submit(request: Request, principal: PrincipalDep) -> Response:
    async with request.form(**FORM_LIMITS) as form:
        ticked = {v for v in form.getlist("item") if isinstance(v, str)}
    policy = get_service(request).policy
    db_ = database(request)

    def run() -> dict[str, str]:
        try:
            with db_.writing() as session:
                acknowledge(session, me(session, principal), policy, ticked, actor=principal.actor)
        except AcknowledgementError as exc:  # rolled back: nothing half-written
            return exc.errors or {"checklist": str(exc).capitalize() + "."}
        return {}

    errors = await run_in_threadpool(run)
    if errors:
        return _ack_page(request, principal, ticked=ticked, errors=errors, status_code=422)
    return RedirectResponse("/acknowledge?done=1", status_code=303)


def _since(policy: Policy) -> datetime:
    """When the current version started asking: the date of its row in the version table."""
    dated = next((v.date for v in policy.versions if v.version == policy.version), policy.dated)
    return datetime.combine(dated, time(), tzinfo=UTC)


@router.get("/acknowledgements", response_class=HTMLResponse)
def acknowledgements_report(request: Request, principal: PrincipalDep) -> HTMLResponse:
    policy = get_service(request).policy
    permission = Permission.COMPLIANCE_REPORT_VIEW
    with database(request).reading() as session:
        trust = session.get(db.Trust, principal.trust_id)
        assert trust is not None
        groups = who_has_not(
            session,
            trust,
            policy,
            school_ids(session, principal, permission),
            trust_wide=trust_wide(principal, permission),
        )
        since = _since(policy)
        rows = [
            {
                "id": g.school_id or "trust",
                "school": g.school,
                "total": len(g.staff),
                "done": g.done,
                "missing": [
                    {
                        "name": u.name,
                        "email": u.email,
                        "waited": waited(max(since, u.created_at)),
                    }
                    for u in g.missing
                ],
            }
            for g in groups
        ]
    context = {
        "active": "acknowledgements",
        "title": "Acknowledgements",
        "groups": rows,
        "schools_text": schools_text(principal, permission),
        "ack_clauses": ACK_CLAUSES,
    }
    return render(request, "acknowledgements.html", context)


SECTION = Section(
    "governance",
    (router, exceptions_pages.router),
    {
        ("GET", "/acknowledge"): Permission.POLICY_ACKNOWLEDGE,
        ("POST", "/acknowledge"): Permission.POLICY_ACKNOWLEDGE,
        ("GET", "/acknowledgements"): Permission.COMPLIANCE_REPORT_VIEW,
        **exceptions_pages.ROUTES,
    },
    nav=(
        NavItem(
            "acknowledge", "/acknowledge", "Acknowledge", Permission.POLICY_ACKNOWLEDGE, order=80
        ),
        NavItem("exceptions", "/exceptions", "Exceptions", Permission.EXCEPTION_REQUEST, order=82),
        NavItem(
            "acknowledgements",
            "/acknowledgements",
            "Acknowledgements",
            Permission.COMPLIANCE_REPORT_VIEW,
            order=84,
        ),
    ),
    cards=(
        Card(
            "acknowledge",
            "/acknowledge",
            "Acknowledge the policy",
            "Read the personal-use clauses and confirm your personal accounts follow them, "
            "once for each policy version.",
            ACK_CLAUSES,
            Permission.POLICY_ACKNOWLEDGE,
        ),
        Card(
            "exceptions",
            "/exceptions",
            "Exceptions",
            "Ask for an exception (e.g. your own mobile on a residential trip), with dates and "
            "a reason; the Executive Headteacher decides.",
            "P6",
            Permission.EXCEPTION_REQUEST,
        ),
        Card(
            "acknowledgements",
            "/acknowledgements",
            "Who has not acknowledged",
            "Staff who have not yet acknowledged the current policy version, school by school.",
            ACK_CLAUSES,
            Permission.COMPLIANCE_REPORT_VIEW,
        ),
    ),
    flags=FLAGS,
)
