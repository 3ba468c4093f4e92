"""The JSON API for comment moderation, and the step every way in shares.

``POST /api/comments`` takes one or many comments for one of the trust's accounts;
:func:`receive` (also used by the form and the upload) stores and decides them in one
transaction with :func:`postguard.workflows.moderation.receive_comments`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from postguard.auth.permissions import Permission
from postguard.comment_imports import MAX_AUTHOR, MAX_ID, MAX_TEXT, IncomingComment
from postguard.language.classifier import Assessment, classify_batch
from postguard.store import models as db
from postguard.web.auth import Principal, PrincipalDep, database
from postguard.web.comments_view import MODERATED_STATUSES
from postguard.web.deps import ServiceDep
from postguard.web.notices import deliver_now
from postguard.web.service import Service
from postguard.workflows import moderation as m

api_router = APIRouter(prefix="/api", tags=["api"])


def classifier(service: Service) -> m.Classify:
    """The language classifier, with the roster the app loaded (personal data by name)."""

    def run(contents: Any) -> list[Assessment]:
        return classify_batch(contents, service.context)

    return run


def _account(session: Session, principal: Principal, account_id: int) -> db.Account:
    account = session.get(db.Account, account_id)
    if account is None or account.trust_id != principal.trust_id:
        raise HTTPException(404, "This account does not exist.")
    return account


def receive(
    request: Request,
    principal: Principal,
    service: Service,
    account_id: int,
    items: list[IncomingComment],
    source: str,
) -> tuple[list[dict[str, Any]], dict[str, int], list[int]]:
    """Store and decide the comments in one transaction; the decisions, counts and notes."""
    with database(request).writing() as session:
        account = _account(session, principal, account_id)
        school = m.school_of(session, account)
        if not principal.may(Permission.COMMENT_MODERATE, school.name):
            raise HTTPException(403, f"You may not moderate comments at {school.name}.")
        receipt = m.receive_comments(
            session, account, items, source, actor=principal.actor, classify=classifier(service)
        )
        decisions = [
            {
                "id": r.comment.platform_comment_id,
                "comment_id": r.comment.id,
                "status": r.comment.status,
                "outcome": r.comment.outcome or "",
                "labels": list((r.comment.verdict or {}).get("labels", [])),
                "scores": dict((r.comment.verdict or {}).get("scores", {})),
                "action": str((r.comment.verdict or {}).get("action", "")),
                "duplicate": r.duplicate,
            }
            for r in receipt.results
        ]
        counts = {
            "kept": receipt.kept,
            "hidden": receipt.hidden,
            "referred": receipt.referred,
            "queued": receipt.queued,
            "duplicates": receipt.duplicates,
        }
        return decisions, counts, [n.id for n in receipt.notifications]


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=MAX_ID, description="The platform's comment id.")
    author: str = Field("", max_length=MAX_AUTHOR, description="Who wrote it, as shown.")
    text: str = Field(max_length=MAX_TEXT, description="The comment, as written.")
    posted_at: datetime | None = Field(None, description="When it was posted (UTC if no zone).")


class CommentsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: str = Field(min_length=1, max_length=30, examples=["facebook"])
    handle: str = Field(min_length=1, max_length=200, examples=["riversideacademy"])
    comments: list[CommentIn] = Field(min_length=1, max_length=1000)


class DecisionOut(BaseModel):
    id: str
    comment_id: int
    status: str
    outcome: str
    labels: list[str]
    scores: dict[str, float]
    action: str
    duplicate: bool


class DecisionsOut(BaseModel):
    decisions: list[DecisionOut]
    kept: int
    hidden: int
    referred: int
    queued: int
    duplicates: int


def _find(request: Request, principal: Principal, body: CommentsIn) -> tuple[int, str]:
    """The account's id, or -1 and why there is none to moderate."""
    with database(request).reading() as session:
        account = m.find_account(session, principal.trust_id, body.platform, body.handle)
        if account is None:
            return -1, f"no {body.platform} account {body.handle!r} in your trust"
        if account.school_id is None:
            return -1, "this account belongs to no school; comments are moderated per school"
        if account.status not in MODERATED_STATUSES:  # as the form offers: approved ones
            return -1, f"this account is {account.status}, not an approved trust account"
        return account.id, ""


def _utc(at: datetime | None, index: int) -> datetime | None:
    """``at`` in UTC (no zone: UTC); 422 for a time whose UTC falls outside the calendar."""
    if at is None:
        return None
    try:
        return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    except OverflowError:
        raise RequestValidationError(
            [
                {
                    "loc": ("body", "comments", index, "posted_at"),
                    "msg": "this time is outside the calendar in UTC",
                    "type": "value_error",
                }
            ]
        ) from None


@api_router.post("/comments", response_model=DecisionsOut, summary="Moderate comments")
async def api_comments(
    request: Request, body: CommentsIn, principal: PrincipalDep, service: ServiceDep
) -> DecisionsOut:
    """Classify and decide public comments left on one of the trust's accounts (clause S9).

    Each comment is stored once per account (sending the same `id` again changes
    nothing: `duplicate` is true). `ok` comments stay visible; abusive, profane, spam
    and personal-data comments are hidden and reported to SLT; safeguarding comments
    are hidden and referred to the DSL as a concern (P2, P3). The text is never echoed.
    """
    account_id, problem = await run_in_threadpool(_find, request, principal, body)
    if account_id < 0:
        raise RequestValidationError(
            [{"loc": ("body", "handle"), "msg": problem, "type": "value_error"}]
        )
    items = [
        IncomingComment(
            c.id.strip(), c.author.strip(), c.text, _utc(c.posted_at, i), f"comments[{i}]"
        )
        for i, c in enumerate(body.comments)
    ]
    decisions, counts, notes = await run_in_threadpool(
        receive, request, principal, service, account_id, items, "api"
    )
    await run_in_threadpool(deliver_now, request, notes)
    return DecisionsOut(decisions=[DecisionOut(**d) for d in decisions], **counts)
