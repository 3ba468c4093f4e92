"""The JSON API: check a text, apply fixes, read the policy. Same checker as the pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError

from postguard.content import ContentKind, Scope
from postguard.findings import Verdict
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

router = APIRouter(prefix="/api", tags=["api"])


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", field), "msg": message, "type": "value_error"}])


def _run(service: Service, body: CheckRequest, text: str) -> Verdict:
    if body.school is not None and body.school not in service.accounts:
        raise _invalid(
            "school", f"unknown school {body.school!r}; known: " + ", ".join(service.accounts)
        )
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


@router.post("/check", response_model=VerdictOut, summary="Check a text")
def api_check(body: CheckRequest, service: ServiceDep) -> dict[str, Any]:
    """Check a draft post (or comment or profile): the verdict and every finding with its clause."""
    return _run(service, body, body.text).to_dict()


@router.post("/fix", response_model=FixOut, summary="Apply fixes and check again")
def api_fix(body: FixRequest, service: ServiceDep) -> dict[str, Any]:
    """Apply one finding's fix (`finding`, numbered from 1) or every fixable one; check again.

    Pupils' names become a neutral phrase ("a Year 5 pupil"); personal data and
    links are removed. Findings a person must rewrite (tone, safeguarding) are left.
    """
    current = result(body.text, _run(service, body, body.text), service.roster)
    if body.finding is not None and body.finding > len(current.items):
        raise _invalid("finding", f"there are {len(current.items)} findings; no {body.finding}")
    chosen = [i for i in current.fixable if body.finding is None or i.number == body.finding]
    text = apply_edits(body.text, [i.edit for i in chosen if i.edit is not None])
    verdict = _run(service, body, text) if chosen else current.verdict
    return {"text": text, "applied": [i.number for i in chosen], "verdict": verdict.to_dict()}


@router.get("/policy", response_model=PolicyOut, summary="Read the policy")
def api_policy(service: ServiceDep) -> PolicyOut:
    """The policy: each clause with its text, the rules and workflow carrying it, review status."""
    return policy_out(service.policy, service.review_status())
