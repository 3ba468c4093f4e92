"""The JSON API: check a text, apply fixes, read the policy. Same checker as the pages.

Calls are made with the session cookie of a signed-in person and, for every
POST, the session's CSRF token in the ``X-CSRF-Token`` header (``GET
/api/session`` gives it). Each check is recorded, like the page's checks.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Permission
from postguard.content import ContentKind, Scope
from postguard.findings import Verdict
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.deps import ServiceDep
from postguard.web.fixes import apply_edits
from postguard.web.results import result
from postguard.web.schemas import (
    CheckRequest,
    FixOut,
    FixRequest,
    PolicyOut,
    VerdictOut,
    policy_out,
)
from postguard.web.service import Service
from postguard.workflows.checks import record_user_check

router = APIRouter(prefix="/api", tags=["api"])


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", field), "msg": message, "type": "value_error"}])


class SessionOut(BaseModel):
    email: str
    display_name: str
    roles: list[str]
    csrf_token: str


@router.get("/session", response_model=SessionOut, summary="Who am I?")
def api_session(principal: PrincipalDep) -> SessionOut:
    """The signed-in person, their roles (`role@school` or `role` when trust-wide) and the
    CSRF token every POST to the API must carry in the `X-CSRF-Token` header."""
    return SessionOut(
        email=principal.email,
        display_name=principal.display_name,
        roles=[g.role.value + (f"@{g.school}" if g.school else "") for g in principal.grants],
        csrf_token=principal.csrf_token,
    )


def _run(service: Service, principal: Principal, body: CheckRequest, text: str) -> Verdict:
    if body.school is not None and body.school not in service.accounts:
        raise _invalid(
            "school", f"unknown school {body.school!r}; known: " + ", ".join(service.accounts)
        )
    if not principal.may(Permission.POST_CHECK, body.school):
        raise HTTPException(403, f"You may not check posts for {body.school}.")
    if body.platform is not None and body.platform not in service.platform_ids:
        raise _invalid(
            "platform",
            f"unknown platform {body.platform!r}; known: " + ", ".join(service.platform_ids),
        )
    return service.check(
        text,
        images=body.images,
        school=body.school,
        platform=body.platform,
        kind=ContentKind(body.kind),
        scope=Scope(body.scope),
    )


async def _record(
    request: Request, principal: Principal, body: CheckRequest, text: str, verdict: Verdict
) -> None:
    db = database(request)

    def keep() -> None:
        with db.writing() as session:
            record_user_check(
                session,
                user_id=principal.user_id,
                school=body.school,
                text=text,
                image_count=body.images,
                verdict=verdict,
            )

    await run_in_threadpool(keep)


@router.post("/check", response_model=VerdictOut, summary="Check a text")
async def api_check(
    request: Request, body: CheckRequest, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Check a draft post (or comment or profile): the verdict and every finding with its clause.

    The check is recorded against the post's school (when `school` names one).
    """
    verdict = await run_in_threadpool(_run, service, principal, body, body.text)
    await _record(request, principal, body, body.text, verdict)
    return verdict.to_dict()


@router.post("/fix", response_model=FixOut, summary="Apply fixes and check again")
async def api_fix(
    request: Request, body: FixRequest, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Apply one finding's fix (`finding`, numbered from 1) or every fixable one; check again.

    Pupils' names become a neutral phrase ("a Year 5 pupil"); personal data and
    links are removed. Findings a person must rewrite (tone, safeguarding) are left.
    """
    first = await run_in_threadpool(_run, service, principal, body, body.text)
    current = result(body.text, first, service.roster)
    if body.finding is not None and body.finding > len(current.items):
        raise _invalid("finding", f"there are {len(current.items)} findings; no {body.finding}")
    chosen = [i for i in current.fixable if body.finding is None or i.number == body.finding]
    text = apply_edits(body.text, [i.edit for i in chosen if i.edit is not None])
    verdict = _run(service, principal, body, text) if chosen else current.verdict
    await _record(request, principal, body, text, verdict)
    return {"text": text, "applied": [i.number for i in chosen], "verdict": verdict.to_dict()}


@router.get("/policy", response_model=PolicyOut, summary="Read the policy")
def api_policy(service: ServiceDep) -> PolicyOut:
    """The policy: each clause with its text, the rules and workflow carrying it, review status."""
    return policy_out(service.policy, service.review_status())
