"""The JSON API of the trust account register: list the accounts, request one (S1, P5).

Same workflow and the same checks as the pages: a missing or malformed field is
a 422 naming the field, a school where the person may not request is a 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Permission
from postguard.store import models as db
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.deps import get_service
from postguard.web.lists import school_ids
from postguard.web.notices import deliver_now
from postguard.web.routes.accounts_register import READ, register_rows
from postguard.web.service import PLATFORMS
from postguard.workflows import accounts as flow

router = APIRouter(prefix="/api/accounts", tags=["accounts"])

Short = Annotated[str, Field(max_length=200)]
PlatformId = Annotated[str, Field(min_length=1, max_length=30)]


class AccountIn(BaseModel):
    """A request for a trust account (S1): linked to an official trust e-mail (P5)."""

    model_config = ConfigDict(extra="forbid")

    school: Annotated[str, Field(min_length=1, max_length=200)]
    platform: PlatformId
    handle: Annotated[str, Field(min_length=1, max_length=200)]
    purpose: Annotated[str, Field(min_length=1, max_length=flow.LIMITS["purpose"])]
    linked_email: Annotated[str, Field(min_length=3, max_length=254)]
    url: Annotated[str, Field(max_length=flow.LIMITS["url"])] = ""
    display_name: Short = ""
    subject: Annotated[str, Field(max_length=flow.LIMITS["subject"])] = ""
    ask_override: bool = Field(
        default=False,
        description="the linked e-mail is not a trust address: ask SLT for an override",
    )


class AccountOut(BaseModel):
    id: int
    school: str
    platform: str
    handle: str
    url: str
    display_name: str
    purpose: str
    subject: str
    linked_email: str
    status: str
    owner: str
    approved_until: dt.date | None
    profile_ok: bool | None
    profile_problems: list[dict[str, str]]
    flags: list[str]
    created_at: dt.datetime


def school_named(session: Session, principal: Principal, name: str) -> db.School | None:
    """The school of this person's trust called ``name`` where they may request an account."""
    school = session.scalars(
        select(db.School).where(db.School.trust_id == principal.trust_id, db.School.name == name)
    ).first()
    if school is None or not principal.may(Permission.ACCOUNT_REQUEST, school.name):
        return None
    return school


def _invalid(errors: dict[str, str]) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("body", k), "msg": v, "type": "value_error"} for k, v in errors.items()]
    )


@router.get("", response_model=list[AccountOut], summary="The trust account register")
def list_accounts(request: Request, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Every account of the schools where you may see the register: state, owner, approval
    date, profile check and flags (S1-S3, S10, S11)."""
    today = get_service(request).today()
    with database(request).reading() as session:
        ids = school_ids(session, principal, READ)
        return [r.to_dict() for r in register_rows(session, ids, today)]


@router.post("", response_model=AccountOut, status_code=201, summary="Request a trust account")
async def request_account(
    request: Request, body: AccountIn, principal: PrincipalDep
) -> dict[str, Any]:
    """Ask SLT for a trust account (S1, S2). `linked_email` must be an official trust address
    (P5) unless `ask_override` is true: SLT then record an override before approving."""
    if body.platform not in {p for p, _ in PLATFORMS}:
        known = ", ".join(p for p, _ in PLATFORMS)
        raise _invalid({"platform": f"unknown platform {body.platform!r}; known: {known}"})
    today = get_service(request).today()
    db_ = database(request)
    asked = flow.AccountRequest(**body.model_dump(exclude={"school"}))

    def run() -> tuple[dict[str, Any], list[int]]:
        with db_.writing() as session:
            school = school_named(session, principal, body.school)
            if school is None:
                exists = session.scalar(
                    select(db.School.id).where(
                        db.School.trust_id == principal.trust_id, db.School.name == body.school
                    )
                )
                if exists is None:
                    raise _invalid({"school": f"no school called {body.school!r} in your trust"})
                raise HTTPException(403, f"You may not request accounts for {body.school}.")
            user = session.get(db.User, principal.user_id)
            if user is None:
                raise HTTPException(403, "Your account no longer exists.")
            done = flow.request_account(session, asked, requester=user, school=school)
            row = register_rows(session, [school.id], today)
            out = next(r for r in row if r.account.id == done.account.id)
            return out.to_dict(), [n.id for n in done.notes]

    try:
        answer, notes = await run_in_threadpool(run)
    except flow.AccountError as exc:
        raise _invalid(exc.errors) from None
    except flow.AccountForbidden as exc:
        raise HTTPException(403, str(exc)) from None
    await run_in_threadpool(deliver_now, request, notes)
    return answer
