"""The JSON API: check a post and its photos, apply fixes, read the policy. Same checker as pages.

Photos come as base64 (see :mod:`postguard.web.api_photos`) and go through the
same service path as the page's uploads: checked in a worker thread, one photo
check at a time under the service's photo lock, never stored. Faces are matched
against the enrolments of the caller's trust in the database; the faces that
resembled an enrolled person are kept as sightings of the recorded check (the
sweep index). A pupil's UPN (in `faces` and in findings) is shown only to people
who may see the roster at the post's school.

Calls are made with the session cookie of a signed-in person and, for every
POST, the session's CSRF token in the ``X-CSRF-Token`` header (``GET
/api/session`` gives it). Each check is recorded, like the page's checks.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Permission
from postguard.content import ContentKind, Scope
from postguard.faces.db_sweep import SeenFace
from postguard.findings import Verdict
from postguard.web.api_photos import faces_and_errors, for_viewer, redacted, seen_in
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.deps import ServiceDep
from postguard.web.fixes import apply_edits
from postguard.web.photos import BlurError, damaged
from postguard.web.results import result
from postguard.web.schemas import (
    CheckOut,
    CheckRequest,
    FixOut,
    FixRequest,
    PolicyOut,
    RedactOut,
    RedactRequest,
    policy_out,
)
from postguard.web.section import PUBLIC, Section
from postguard.web.service import Service, TrustFaces
from postguard.web.uploads import Photo
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


def _allowed(
    service: Service, principal: Principal, school: str | None, platform: str | None
) -> None:
    if school is not None and school not in service.accounts:
        raise _invalid(
            "school", f"unknown school {school!r}; known: " + ", ".join(service.accounts)
        )
    if not principal.may(Permission.POST_CHECK, school):
        raise HTTPException(403, f"You may not check posts for {school}.")
    if platform is not None and platform not in service.platform_ids:
        raise _invalid(
            "platform",
            f"unknown platform {platform!r}; known: " + ", ".join(service.platform_ids),
        )


def _faces(request: Request, principal: Principal) -> TrustFaces:
    return TrustFaces(database(request), principal.trust_id)


def _run(
    service: Service,
    principal: Principal,
    body: CheckRequest,
    text: str,
    faces: TrustFaces | None = None,
) -> Verdict:
    _allowed(service, principal, body.school, body.platform)
    photos = [p.photo for p in body.photos]
    problems = damaged(photos)
    if problems:
        raise _invalid("photos", " ".join(problems))
    return service.check(
        text,
        images=body.images,
        photos=[(p.filename, p.data) for p in photos],
        school=body.school,
        platform=body.platform,
        kind=ContentKind(body.kind),
        scope=Scope(body.scope),
        faces=faces,
    )


async def _record(
    request: Request,
    principal: Principal,
    body: CheckRequest | RedactRequest,
    text: str,
    verdict: Verdict,
    seen: Sequence[SeenFace] = (),
) -> None:
    images = max(body.images, len(body.photos)) if isinstance(body, CheckRequest) else 1
    db = database(request)

    def keep() -> None:
        with db.writing() as session:
            record_user_check(
                session,
                user_id=principal.user_id,
                school=body.school,
                text=text,
                image_count=images,
                verdict=verdict,
                sightings=seen,
            )

    await run_in_threadpool(keep)


Checked = tuple[Verdict, dict[str, Any], list[SeenFace]]


def _checked(
    service: Service,
    principal: Principal,
    school: str | None,
    verdict: Verdict,
    photos: list[Photo],
    trust: TrustFaces,
) -> Checked:
    seen: list[SeenFace] = []
    if photos:
        with service.photos(trust) as context:
            faces, errors = faces_and_errors(photos, context)
            seen = seen_in(photos, context)
    else:
        faces, errors = [], []
    answer = verdict.to_dict() | {"faces": faces, "photo_errors": errors}
    return (
        verdict,
        for_viewer(answer, principal.may(Permission.ROSTER_VIEW, school), text_findings=True),
        seen,
    )


def _check(
    service: Service, principal: Principal, body: CheckRequest, trust: TrustFaces
) -> Checked:
    verdict = _run(service, principal, body, body.text, trust)
    return _checked(service, principal, body.school, verdict, [p.photo for p in body.photos], trust)


def _redact(
    service: Service, principal: Principal, body: RedactRequest, trust: TrustFaces
) -> Checked:
    _allowed(service, principal, body.school, body.platform)
    original = body.photo.photo
    problems = damaged([original])
    if problems:
        raise _invalid("photo", " ".join(problems))
    if service.context.photos is None:
        raise HTTPException(503, "Photo checking is not configured on this server.")
    try:
        with service.photos(trust) as context:
            blurred, count = redacted(original, body.faces, context)
    except BlurError as exc:
        raise _invalid("faces", str(exc)) from None
    verdict = service.check(
        body.text,
        photos=[(blurred.filename, blurred.data)],
        school=body.school,
        platform=body.platform,
        faces=trust,
    )
    _, checked, seen = _checked(service, principal, body.school, verdict, [blurred], trust)
    answer = {
        "filename": blurred.filename,
        "data": base64.b64encode(blurred.data).decode("ascii"),
        "blurred": count,
        "check": checked,
    }
    return verdict, answer, seen


@router.post("/check", response_model=CheckOut, summary="Check a text and its photos")
async def api_check(
    request: Request, body: CheckRequest, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Check a draft post (or comment or profile): the verdict and every finding with its clause.

    Photos (`photos`, base64) are checked for faces against the consent register,
    words (OCR) and metadata; `faces` lists every face found with its box and
    status, `photo_errors` each photo that could not be checked (it is reviewed).
    The check is recorded against the post's school (when `school` names one).
    """
    trust = _faces(request, principal)
    verdict, answer, seen = await run_in_threadpool(_check, service, principal, body, trust)
    await _record(request, principal, body, body.text, verdict, seen)
    return answer


@router.post("/redact", response_model=RedactOut, summary="Blur faces in a photo, check again")
async def api_redact(
    request: Request, body: RedactRequest, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Blur the faces chosen in one photo (`faces`, 0-based as `/api/check` lists them), or
    every face not cleared; strip its metadata, and check the blurred photo again.

    The blurred photo comes back in base64 with the check of it (and of `text`, if given).
    """
    trust = _faces(request, principal)
    verdict, answer, seen = await run_in_threadpool(_redact, service, principal, body, trust)
    await _record(request, principal, body, body.text, verdict, seen)
    return answer


@router.post("/fix", response_model=FixOut, summary="Apply fixes and check again")
async def api_fix(
    request: Request, body: FixRequest, service: ServiceDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Apply one finding's fix (`finding`, numbered from 1) or every fixable one; check again.

    Pupils' names become a neutral phrase ("a Year 5 pupil"); personal data and
    links are removed. Findings a person must rewrite (tone, safeguarding) are left.
    """
    trust = _faces(request, principal)
    first = await run_in_threadpool(_run, service, principal, body, body.text, trust)
    current = result(body.text, first, service.roster)
    if body.finding is not None and body.finding > len(current.items):
        raise _invalid("finding", f"there are {len(current.items)} findings; no {body.finding}")
    chosen = [i for i in current.fixable if body.finding is None or i.number == body.finding]
    text = apply_edits(body.text, [i.edit for i in chosen if i.edit is not None])
    verdict = _run(service, principal, body, text, trust) if chosen else current.verdict
    await _record(request, principal, body, text, verdict)
    shown = for_viewer(
        verdict.to_dict(),
        principal.may(Permission.ROSTER_VIEW, body.school),
        text_findings=True,
    )
    return {"text": text, "applied": [i.number for i in chosen], "verdict": shown}


@router.get("/policy", response_model=PolicyOut, summary="Read the policy")
def api_policy(service: ServiceDep) -> PolicyOut:
    """The policy: each clause with its text, the rules and workflow carrying it, review status."""
    return policy_out(service.policy, service.review_status())


SECTION = Section(
    "api",
    (router,),
    {
        ("GET", "/openapi.json"): PUBLIC,
        ("GET", "/api/session"): Permission.DASHBOARD_VIEW,
        ("POST", "/api/check"): Permission.POST_CHECK,
        ("POST", "/api/fix"): Permission.POST_CHECK,
        ("POST", "/api/redact"): Permission.POST_CHECK,
        ("GET", "/api/policy"): Permission.POLICY_VIEW,
    },
)
