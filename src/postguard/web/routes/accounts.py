"""Trust-sanctioned accounts (clauses S1, S2, S3, S10, S11, P5): the register and its actions.

Thin: each page parses its form, calls :mod:`postguard.workflows.accounts` in one
transaction, delivers the notifications once it committed, and renders. The
access table below is the first check (the permission at any school); each
account is then checked per row: another school's or trust's account is 404,
a role that may not act on it here is 403 (see docs/accounts.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from postguard.accounts_profile import DirectMessages
from postguard.auth.permissions import Permission
from postguard.store import models as db
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database
from postguard.web.deps import get_service, render
from postguard.web.lists import school_ids, schools_text
from postguard.web.notices import deliver_now
from postguard.web.routes import accounts_api
from postguard.web.routes.accounts_register import (
    READ,
    account_flags,
    register_rows,
    row_flags,
    visible,
)
from postguard.web.section import Card, NavItem, Section
from postguard.web.service import PLATFORMS
from postguard.workflows import accounts as flow

router = APIRouter(include_in_schema=False)

FIELDS = ("school", "platform", "handle", "url", "display_name", "subject", "linked_email")
FORM_ORDER = FIELDS[:3] + ("display_name", "url", "linked_email", "subject", "purpose")
"""The request form's fields in the order the page shows them (and lists their errors)."""
DONE = {
    "requested": "Request sent: SLT approve or reject it (S2).",
    "approved": "Approved for a year. The Subject Leaders and SLT were told (S3).",
    "rejected": "Rejected; the requester was told why.",
    "acknowledged": "Acknowledged: the account is live for pupils.",
    "profile": "Profile check recorded.",
    "reapproved": "Re-approved for another year.",
    "override": "Override recorded: the request can now be approved.",
    "closed": "Closed: it stays in the register as closed.",
}


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _me(session: Session, principal: Principal) -> db.User:
    user = session.get(db.User, principal.user_id)
    if user is None:
        raise HTTPException(403, "Your account no longer exists.")
    return user


def request_schools(session: Session, principal: Principal) -> list[str]:
    ids = school_ids(session, principal, Permission.ACCOUNT_REQUEST)
    return list(
        session.scalars(
            select(db.School.name).where(db.School.id.in_(ids)).order_by(db.School.name)
        )
    )


@router.get("/accounts", response_class=HTMLResponse)
def register(request: Request, principal: PrincipalDep) -> HTMLResponse:
    today = get_service(request).today()
    with database(request).reading() as session:
        rows = register_rows(session, school_ids(session, principal, READ), today)
        context = {
            "active": "accounts",
            "title": "Trust accounts",
            "rows": rows,
            "schools_text": schools_text(principal, READ),
            "notice": DONE.get(request.query_params.get("done", "")),
        }
        return render(request, "accounts.html", context)


def _new_page(
    request: Request,
    principal: Principal,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    with database(request).reading() as session:
        schools = request_schools(session, principal)
    if len(schools) == 1 and not values.get("school"):
        values = values | {"school": schools[0]}
    order = [*FORM_ORDER, *errors]
    context = {
        "active": "accounts",
        "title": "Request a trust account",
        "form": values,
        "errors": {k: errors[k] for k in dict.fromkeys(order) if k in errors},
        "schools": schools,
        "platforms": PLATFORMS,
    }
    return render(request, "accounts_new.html", context, status_code=status_code)


@router.get("/accounts/new", response_class=HTMLResponse)
def new_account(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _new_page(request, principal, {}, {})


@router.post("/accounts/new", response_class=HTMLResponse)
async def request_account(request: Request, principal: PrincipalDep) -> Response:
    async with request.form(**FORM_LIMITS) as form:
        values: dict[str, Any] = {f: _text(form, f) for f in FIELDS}
        values["purpose"] = _text(form, "purpose").replace("\r\n", "\n")
        values["ask_override"] = bool(_text(form, "ask_override"))
    platforms = {p for p, _ in PLATFORMS}
    db_ = database(request)

    def run() -> tuple[int | None, list[int], dict[str, str]]:
        asked = flow.AccountRequest(**{k: v for k, v in values.items() if k != "school"})
        try:
            with db_.writing() as session:
                school = accounts_api.school_named(session, principal, values["school"])
                errors = flow.request_errors(session, principal.trust_id, asked)
                if values["platform"] not in platforms:
                    errors["platform"] = "Choose the platform."
                if school is None:
                    errors["school"] = "Choose one of your schools."
                if errors or school is None:
                    raise flow.AccountError(errors)
                done = flow.request_account(
                    session, asked, requester=_me(session, principal), school=school
                )
                return done.account.id, [n.id for n in done.notes], {}
        except flow.AccountError as exc:  # rolled back: nothing half-written
            return None, [], exc.errors

    try:
        account_id, notes, errors = await run_in_threadpool(run)
    except flow.AccountForbidden as exc:
        raise HTTPException(403, str(exc)) from None
    if account_id is None:
        return _new_page(request, principal, values, errors, status_code=422)
    await run_in_threadpool(deliver_now, request, notes)
    return RedirectResponse(f"/accounts/{account_id}?done=requested", status_code=303)


def _detail(
    request: Request,
    principal: Principal,
    account_id: int,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = get_service(request).today()
    with database(request).reading() as session:
        account, school = visible(session, principal, account_id)
        people = {
            u.id: u.name
            for u in session.scalars(
                select(db.User).where(
                    db.User.id.in_(
                        [
                            i
                            for i in (
                                account.requested_by_id,
                                account.approved_by_id,
                                account.acknowledged_by_id,
                                account.email_override_by_id,
                            )
                            if i is not None
                        ]
                    )
                )
            )
        }
        email_ok = flow.email_cleared(session, account)
        official = flow.is_official_email(
            account.linked_email, flow.official_domains(session, account.trust_id)
        )
        own = account.requested_by_id == principal.user_id
        approver = principal.may(Permission.ACCOUNT_APPROVE, school) and not own
        notified = principal.may(Permission.ACCOUNT_NOTIFIED, school) and not own
        status = account.status
        can = {
            "approve": approver and status == flow.REQUESTED and email_ok,
            "reject": approver and status == flow.REQUESTED,
            "override": approver
            and status == flow.REQUESTED
            and not official
            and account.email_override_by_id is None,
            "acknowledge": notified and status == flow.APPROVED,
            "profile": status in flow.OPEN_STATES
            and (own or principal.may(Permission.ACCOUNT_APPROVE, school) or notified),
            "reapprove": approver and status in (flow.APPROVED, flow.LIVE),
            "close": status in flow.OPEN_STATES
            and (own or principal.may(Permission.ACCOUNT_APPROVE, school)),
        }
        context = {
            "active": "accounts",
            "title": f"{account.platform} {account.handle}",
            "a": account,
            "school": school,
            "people": people,
            "official": official,
            "own": own,
            "can": can,
            "flags": row_flags(account, today, email_ok),
            "errors": errors or {},
            "form": form or {},
            "dm_choices": [d.value for d in DirectMessages if d.value],
            "notice": DONE.get(request.query_params.get("done", "")),
        }
        return render(request, "accounts_detail.html", context, status_code=status_code)


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, account_id: int, principal: PrincipalDep) -> HTMLResponse:
    return _detail(request, principal, account_id)


Action = Callable[[Session, db.Account, db.User, dict[str, str]], flow.Done]


async def _act(
    request: Request,
    principal: Principal,
    account_id: int,
    action: Action,
    fields: tuple[str, ...],
    done: str,
) -> Response:
    """Run one workflow action on a visible account in one transaction, then deliver.

    The workflow calls every reason ``reason``; the form's own reason field (the first
    of ``fields`` ending in ``reason``) gets its message.
    """
    async with request.form(**FORM_LIMITS) as submitted:
        form = {f: _text(submitted, f) for f in fields}
    db_ = database(request)

    def run() -> list[int]:
        with db_.writing() as session:
            account, _ = visible(session, principal, account_id)
            result = action(session, account, _me(session, principal), form)
            return [n.id for n in result.notes]

    try:
        notes = await run_in_threadpool(run)
    except flow.AccountForbidden as exc:
        raise HTTPException(403, str(exc)) from None
    except flow.AccountError as exc:
        code = 409 if "status" in exc.errors else 422
        errors = dict(exc.errors)
        named = [f for f in fields if f.endswith("reason")]
        if named and "reason" in errors:
            errors[named[0]] = errors.pop("reason")
        return _detail(request, principal, account_id, errors=errors, form=form, status_code=code)
    if notes:
        await run_in_threadpool(deliver_now, request, notes)
    return RedirectResponse(f"/accounts/{account_id}?done={done}", status_code=303)


@router.post("/accounts/{account_id}/approve")
async def approve(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    today = get_service(request).today()
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.approve(s, a, user=u, today=today, note=f["note"]),
        ("note",),
        "approved",
    )


@router.post("/accounts/{account_id}/reject")
async def reject(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.reject(s, a, user=u, reason=f["reason"]),
        ("reason",),
        "rejected",
    )


@router.post("/accounts/{account_id}/override-email")
async def override_email(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.override_email(s, a, user=u, reason=f["override_reason"]),
        ("override_reason",),
        "override",
    )


@router.post("/accounts/{account_id}/acknowledge")
async def acknowledge(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.acknowledge(s, a, user=u),
        (),
        "acknowledged",
    )


@router.post("/accounts/{account_id}/profile")
async def profile(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    policy = get_service(request).policy
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.record_profile(
            s,
            a,
            user=u,
            text=f["profile_text"],
            direct_messages=f["direct_messages"],
            policy=policy,
        ),
        ("profile_text", "direct_messages"),
        "profile",
    )


@router.post("/accounts/{account_id}/reapprove")
async def reapprove(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    today = get_service(request).today()
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.reapprove(s, a, user=u, today=today),
        (),
        "reapproved",
    )


@router.post("/accounts/{account_id}/close")
async def close(request: Request, account_id: int, principal: PrincipalDep) -> Response:
    return await _act(
        request,
        principal,
        account_id,
        lambda s, a, u, f: flow.close(s, a, user=u, reason=f["close_reason"]),
        ("close_reason",),
        "closed",
    )


P = Permission
SECTION = Section(
    "accounts",
    (router, accounts_api.router),
    {
        ("GET", "/accounts"): READ,
        ("GET", "/accounts/new"): P.ACCOUNT_REQUEST,
        ("POST", "/accounts/new"): P.ACCOUNT_REQUEST,
        ("GET", "/accounts/{account_id}"): READ,
        ("POST", "/accounts/{account_id}/approve"): P.ACCOUNT_APPROVE,
        ("POST", "/accounts/{account_id}/reject"): P.ACCOUNT_APPROVE,
        ("POST", "/accounts/{account_id}/override-email"): P.ACCOUNT_APPROVE,
        ("POST", "/accounts/{account_id}/acknowledge"): P.ACCOUNT_NOTIFIED,
        ("POST", "/accounts/{account_id}/profile"): P.ACCOUNT_REQUEST,
        ("POST", "/accounts/{account_id}/reapprove"): P.ACCOUNT_APPROVE,
        ("POST", "/accounts/{account_id}/close"): P.ACCOUNT_REQUEST,
        ("GET", "/api/accounts"): READ,
        ("POST", "/api/accounts"): P.ACCOUNT_REQUEST,
    },
    nav=(NavItem("accounts", "/accounts", "Accounts", READ, order=30),),
    cards=(
        Card(
            "accounts",
            "/accounts",
            "Trust accounts",
            "The register of trust social media accounts: request one, approve it, acknowledge "
            "it before pupils get access, check its profile.",
            "S1-S3, S10, S11, P5",
            READ,
        ),
    ),
    flags=(account_flags,),
)
