"""``POST /api/concerns``: report a safeguarding concern as JSON (clauses P2, P3).

The same report as the page (:mod:`postguard.web.routes.concerns`): what happened,
the school, the children if known, the platform, urgent or not, and attachments as
base64 with their file names. Each bad field is a 422 naming it; a refused
attachment refuses the whole report (nothing is kept). The answer is the receipt
only (the reference), never the record: the reporter does not read concerns.
The route is declared in the concerns section's table.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from postguard.attachments import MAX_ATTACHMENTS
from postguard.auth.permissions import Permission
from postguard.store import models as db
from postguard.web.auth import PrincipalDep, database, secret_key
from postguard.web.deps import get_service
from postguard.web.notices import deliver_now
from postguard.web.service import PLATFORMS
from postguard.workflows.concerns import MAX_SUMMARY_CHARS, ConcernError, raise_concern

api_router = APIRouter(prefix="/api", tags=["api"])


class AttachmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(default="attachment", max_length=255, description="Its file name.")
    data: str = Field(
        description="The file's bytes in base64 (PNG, JPEG, WebP, HEIC or PDF).",
        json_schema_extra={"contentEncoding": "base64"},
    )


class ConcernIn(BaseModel):
    """A safeguarding concern: what happened, where, who (if known)."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(
        min_length=1, max_length=MAX_SUMMARY_CHARS, description="What happened, in your words."
    )
    school: str = Field(min_length=1, description="The school the concern is about.")
    children: str = Field(
        default="", max_length=2000, description="The child or children, if known."
    )
    platform: str = Field(default="", description="facebook, x, instagram... or other.")
    urgent: bool = Field(default=False, description="Urgent: the DSL is e-mailed at once.")
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)


class ReceiptOut(BaseModel):
    id: int
    reference: str
    received_at: datetime
    receipt: str
    message: str


def _invalid(loc: tuple[str | int, ...], message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", *loc), "msg": message, "type": "value_error"}])


def _decoded(body: ConcernIn) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for i, a in enumerate(body.attachments):
        text = a.data.split(",", 1)[1] if a.data.startswith("data:") and "," in a.data else a.data
        try:
            files.append((a.filename, base64.b64decode("".join(text.split()), validate=True)))
        except (binascii.Error, ValueError):
            raise _invalid(("attachments", i, "data"), "not valid base64") from None
    return files


@api_router.post(
    "/concerns", response_model=ReceiptOut, status_code=201, summary="Report a concern"
)
async def api_report(request: Request, body: ConcernIn, principal: PrincipalDep) -> ReceiptOut:
    """Report a safeguarding concern to the school's DSL and deputies (clauses P2, P3).

    The answer is a receipt (its reference): the record is seen by the DSL side only.
    An urgent concern is e-mailed to them at once (a link, no child data).
    """
    if not body.summary.strip():
        raise _invalid(("summary",), "say what happened")
    if body.platform and body.platform not in dict(PLATFORMS):
        raise _invalid(("platform",), "unknown platform; known: " + ", ".join(dict(PLATFORMS)))
    files = _decoded(body)
    max_bytes = int(get_service(request).settings.max_attachment_bytes)

    def save() -> tuple[int, datetime, list[int], str]:
        with database(request).writing() as session:
            school = session.scalars(
                select(db.School).where(
                    db.School.trust_id == principal.trust_id, db.School.name == body.school
                )
            ).first()
            if school is None:
                raise _invalid(("school",), "not a school of your trust")
            if not principal.may(Permission.CONCERN_REPORT, school.name):
                raise HTTPException(403, f"You may not report concerns at {school.name}.")
            try:
                concern, notes = raise_concern(
                    session,
                    school=school,
                    summary=body.summary,
                    actor=principal.actor,
                    reporter=session.get(db.User, principal.user_id),
                    children=body.children,
                    platform=body.platform,
                    urgent=body.urgent,
                    attachments=files,
                    secret_key=secret_key(request),
                    max_attachment_bytes=max_bytes,
                )
            except ConcernError as exc:
                raise _invalid((exc.field or "summary",), str(exc)) from None
            return concern.id, concern.created_at, [n.id for n in notes], school.name

    concern_id, received_at, note_ids, school_name = await run_in_threadpool(save)
    if body.urgent and note_ids:
        await run_in_threadpool(deliver_now, request, note_ids)
    return ReceiptOut(
        id=concern_id,
        reference=f"PG-CONCERN-{concern_id}",
        received_at=received_at,
        receipt=f"/concerns/received/{concern_id}",
        message=(
            "Received. The school's Designated Safeguarding Lead and deputies have it."
            if note_ids  # one notification per person holding the role there
            else f"Received, but nobody holds the DSL role for {school_name} in PostGuard yet: "
            "tell your Designated Safeguarding Lead in person now, and give them the reference."
        ),
    )
