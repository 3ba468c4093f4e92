"""Exception pages (clause P6): ask, decide (the Executive Headteacher only), withdraw.

``/exceptions`` shows the person's own exceptions, the requests waiting for their
decision (Executive Headteacher) and the exceptions in force at the schools they
oversee (SLT, Executive Headteacher). Each row is checked on the server: a row of
another trust, or of a school the person does not oversee, is 404; deciding one's
own request, or withdrawing someone else's, is 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from postguard.auth.permissions import Permission
from postguard.store import models as db
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database
from postguard.web.deps import get_service, render
from postguard.web.lists import school_ids, waited
from postguard.web.notices import deliver_now
from postguard.web.section import RouteKey
from postguard.workflows import exceptions as ex

router = APIRouter(include_in_schema=False)

ROUTES: dict[RouteKey, Permission] = {
    ("GET", "/exceptions"): Permission.EXCEPTION_REQUEST,
    ("GET", "/exceptions/new"): Permission.EXCEPTION_REQUEST,
    ("POST", "/exceptions/new"): Permission.EXCEPTION_REQUEST,
    ("POST", "/exceptions/{exception_id}/approve"): Permission.EXCEPTION_APPROVE,
    ("POST", "/exceptions/{exception_id}/refuse"): Permission.EXCEPTION_APPROVE,
    ("POST", "/exceptions/{exception_id}/withdraw"): Permission.EXCEPTION_REQUEST,
}
FIELDS = ("school", "clause", "title", "reason", "starts_on", "expires_on")
DONE = {
    "requested": "Your request was sent to the Executive Headteacher.",
    "approved": "Exception approved; the requester has been told.",
    "refused": "Exception refused; the requester has been told.",
    "withdrawn": "Exception withdrawn.",
}
OVERSEE = (Permission.EXCEPTION_APPROVE, Permission.COMPLIANCE_REPORT_VIEW)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip().replace("\r\n", "\n") if isinstance(value, str) else ""


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _me(session: Session, principal: Principal) -> db.User:
    user = session.get(db.User, principal.user_id)
    if user is None or user.trust_id != principal.trust_id:
        raise HTTPException(403, "Your account was not found.")
    return user


def _overseen(session: Session, principal: Principal) -> list[int]:
    ids: set[int] = set()
    for permission in OVERSEE:
        ids |= set(school_ids(session, principal, permission))
    return sorted(ids)


def _row(
    e: db.PolicyException, schools: dict[int, str], people: dict[int, str], today: dt.date
) -> dict[str, Any]:
    state = ex.state(e, today)
    return {
        "id": e.id,
        "school": schools.get(e.school_id or 0, ""),
        "requester": people.get(e.requested_by_id, "unknown"),
        "decider": people.get(e.decided_by_id or 0, ""),
        "clause": e.clause_id,
        "title": e.title,
        "reason": e.reason,
        "starts_on": e.starts_on,
        "expires_on": e.expires_on,
        "state": state,
        "state_text": ex.STATES[state],
        "decision": "Refused" if e.status == "refused" else "Approved",
        "decision_reason": e.decision_reason,
        "decided_at": e.decided_at,
        "waited": waited(e.requested_at),
        "ends_soon": state == "active"
        and e.expires_on <= today + dt.timedelta(days=ex.EXPIRING_DAYS),
        "withdrawable": state in ("requested", "upcoming", "active"),
    }


def _lists(session: Session, principal: Principal, today: dt.date) -> dict[str, Any]:
    user = _me(session, principal)
    mine = ex.requested_by(session, user)
    deciding = school_ids(session, principal, Permission.EXCEPTION_APPROVE)
    waiting = ex.waiting(session, deciding, today, not_by=user.id)
    in_force = ex.in_force(session, _overseen(session, principal), today)
    schools = dict(
        session.execute(
            select(db.School.id, db.School.name).where(db.School.trust_id == principal.trust_id)
        ).all()
    )
    ids = {e.requested_by_id for e in (*mine, *waiting, *in_force)}
    ids |= {e.decided_by_id for e in (*mine, *in_force) if e.decided_by_id}
    people = {u.id: u.name for u in session.scalars(select(db.User).where(db.User.id.in_(ids)))}
    return {
        "mine": [_row(e, schools, people, today) for e in mine],
        "waiting": [_row(e, schools, people, today) for e in waiting],
        "in_force": [_row(e, schools, people, today) for e in in_force],
        "may_decide": bool(deciding),
        "oversees": principal.may(Permission.EXCEPTION_APPROVE)
        or principal.may(Permission.COMPLIANCE_REPORT_VIEW),
    }


def _list_page(
    request: Request,
    principal: Principal,
    *,
    errors: dict[int, str] | None = None,
    reasons: dict[int, str] | None = None,
    message: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    today = get_service(request).today()
    with database(request).reading() as session:
        lists = _lists(session, principal, today)
    done = request.query_params.get("done", "")
    context = {
        "active": "exceptions",
        "title": "Exceptions",
        "today": today,
        "notice": DONE.get(done, "") if not errors and not message else "",
        "message": message,
        "errors": errors or {},
        "reasons": reasons or {},
        "expiring_days": ex.EXPIRING_DAYS,
    } | lists
    return render(request, "exceptions.html", context, status_code=status_code)


@router.get("/exceptions", response_class=HTMLResponse)
def exceptions_page(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _list_page(request, principal)


def _schools(session: Session, principal: Principal) -> list[tuple[int, str]]:
    ids = set(school_ids(session, principal, Permission.EXCEPTION_REQUEST))
    rows = session.execute(
        select(db.School.id, db.School.name)
        .where(db.School.trust_id == principal.trust_id)
        .order_by(db.School.name)
    ).all()
    return [(sid, name) for sid, name in rows if sid in ids]


def _new_page(
    request: Request,
    principal: Principal,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    service = get_service(request)
    with database(request).reading() as session:
        schools = _schools(session, principal)
    if not values.get("school") and len(schools) == 1:
        values = values | {"school": str(schools[0][0])}
    context = {
        "active": "exceptions",
        "title": "Ask for an exception",
        "form": {"clause": ex.CLAUSE} | values,
        "errors": errors,
        "schools": schools,
        "clauses": service.policy.clauses,
        "today": service.today(),
        "max_days": ex.MAX_DAYS,
    }
    return render(request, "exceptions_new.html", context, status_code=status_code)


@router.get("/exceptions/new", response_class=HTMLResponse)
def new_exception(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _new_page(request, principal, {}, {})


@router.post("/exceptions/new", response_class=HTMLResponse)
async def request_exception(request: Request, principal: PrincipalDep) -> Response:
    async with request.form(**FORM_LIMITS) as form:
        values = {f: _text(form, f) for f in FIELDS}
    service = get_service(request)
    today = service.today()
    db_ = database(request)
    asked = ex.Request(
        clause_id=values["clause"],
        title=values["title"],
        reason=values["reason"],
        starts_on=_date(values["starts_on"]),
        expires_on=_date(values["expires_on"]),
    )

    def run() -> tuple[list[int], dict[str, str]]:
        errors = ex.problems(asked, service.policy, today)
        if values["starts_on"] and asked.starts_on is None:
            errors["starts_on"] = "Give the first day as a date (YYYY-MM-DD)."
        if values["expires_on"] and asked.expires_on is None:
            errors["expires_on"] = "Give the last day as a date (YYYY-MM-DD)."
        try:
            with db_.writing() as session:
                chosen = dict(_schools(session, principal))
                school_id = int(values["school"]) if values["school"].isdigit() else 0
                school = session.get(db.School, school_id) if school_id in chosen else None
                if school is None:
                    errors = {"school": "Choose one of your schools."} | errors
                if errors or school is None:
                    raise ex.ExceptionError("invalid", errors)
                _, notes = ex.request_exception(
                    session,
                    requester=_me(session, principal),
                    school=school,
                    request=asked,
                    policy=service.policy,
                    today=today,
                    actor=principal.actor,
                )
                return [n.id for n in notes], {}
        except ex.NotAllowed:
            return [], {"school": "Choose one of your schools."}
        except ex.ExceptionError as exc:  # rolled back: nothing half-written
            return [], exc.errors

    notes, errors = await run_in_threadpool(run)
    if errors:
        ordered = {f: errors[f] for f in FIELDS if f in errors}
        return _new_page(request, principal, values, ordered, status_code=422)
    if notes:
        await run_in_threadpool(deliver_now, request, notes)
    return RedirectResponse("/exceptions?done=requested#mine", status_code=303)


def _visible(session: Session, principal: Principal, exception_id: int) -> db.PolicyException:
    """The exception, if the person may see it: their own, or at a school they oversee."""
    found = session.get(db.PolicyException, exception_id)
    if found is None:
        raise HTTPException(404, "No such exception.")
    school = None if found.school_id is None else session.get(db.School, found.school_id)
    if school is None or school.trust_id != principal.trust_id:
        raise HTTPException(404, "No such exception.")
    oversees = any(principal.may(p, school.name) for p in OVERSEE)
    if found.requested_by_id != principal.user_id and not oversees:
        raise HTTPException(404, "No such exception.")
    return found


async def _act(request: Request, principal: Principal, exception_id: int, action: str) -> Response:
    async with request.form(**FORM_LIMITS) as form:
        reason = _text(form, "reason")
    today = get_service(request).today()
    db_ = database(request)

    def run() -> list[int]:
        with db_.writing() as session:
            exception = _visible(session, principal, exception_id)
            user = _me(session, principal)
            if action == "withdraw":
                ex.withdraw(session, exception, user=user, today=today, actor=principal.actor)
                return []
            decide = ex.approve if action == "approve" else ex.refuse
            notes = decide(
                session,
                exception,
                decider=user,
                reason=reason,
                today=today,
                actor=principal.actor,
            )
            return [n.id for n in notes]

    try:
        notes = await run_in_threadpool(run)
    except ex.NotAllowed as exc:
        raise HTTPException(403, str(exc).capitalize() + ".") from None
    except ex.ExceptionError as exc:  # rolled back: nothing half-written
        if exc.errors:
            return _list_page(
                request,
                principal,
                errors={exception_id: next(iter(exc.errors.values()))},
                reasons={exception_id: reason},
                status_code=422,
            )
        return _list_page(request, principal, message=f"#{exception_id}: {exc}.", status_code=409)
    if notes:
        await run_in_threadpool(deliver_now, request, notes)
    done = {"approve": "approved", "refuse": "refused", "withdraw": "withdrawn"}[action]
    return RedirectResponse(f"/exceptions?done={done}#exception-{exception_id}", status_code=303)


@router.post("/exceptions/{exception_id}/approve")
async def approve(request: Request, exception_id: int, principal: PrincipalDep) -> Response:
    return await _act(request, principal, exception_id, "approve")


@router.post("/exceptions/{exception_id}/refuse")
async def refuse(request: Request, exception_id: int, principal: PrincipalDep) -> Response:
    return await _act(request, principal, exception_id, "refuse")


@router.post("/exceptions/{exception_id}/withdraw")
async def withdraw(request: Request, exception_id: int, principal: PrincipalDep) -> Response:
    return await _act(request, principal, exception_id, "withdraw")
