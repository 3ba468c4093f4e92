"""Comment moderation (clause S9; safeguarding comments go to the DSL, P2, P3).

``/comments`` is the SLT report queue: comments hidden and reported to SLT, and
those waiting for a person, at the schools where the person moderates, each with
the action taken, the labels, scores, the words that drove them and how long it
has waited. Comments come in by ``/comments/new`` (typed or pasted), by
``/comments/import`` (a platform export) or by ``POST /api/comments``; each is
classified at once and decided by :mod:`postguard.workflows.moderation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from postguard.auth.permissions import Permission
from postguard.comment_imports import (
    FORMATS,
    MAX_AUTHOR,
    MAX_ID,
    MAX_TEXT,
    CommentImportError,
    IncomingComment,
    parse,
)
from postguard.store import models as db
from postguard.web import comments_view as view
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database
from postguard.web.comments_api import api_router, receive
from postguard.web.deps import ServiceDep, render
from postguard.web.lists import school_ids, schools_text
from postguard.web.notices import deliver_now
from postguard.web.section import Card, NavItem, Section
from postguard.workflows import moderation as m

router = APIRouter(include_in_schema=False)

MAX_IMPORT_BYTES = 10 * 1024 * 1024
IMPORT_FORMATS = (
    ("auto", "Work it out from the file"),
    ("csv", "CSV (id, author, text, created time)"),
    ("meta", "Facebook / Instagram (Meta Graph API JSON)"),
    ("x", "X (API v2 JSON)"),
    ("youtube", "YouTube (Data API commentThreads JSON)"),
)
assert {f for f, _ in IMPORT_FORMATS} == {"auto", *FORMATS}


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _text(form: FormData) -> str:
    value = form.get("text")
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


def _account_id(value: str, choices: list[view.AccountChoice]) -> int | None:
    ids = {str(a.id): a.id for a in choices}
    return ids.get(value)


# -- the queue ------------------------------------------------------------------------


@router.get("/comments", response_class=HTMLResponse)
def comments_queue(request: Request, principal: PrincipalDep) -> HTMLResponse:
    with database(request).reading() as session:
        ids = school_ids(session, principal, Permission.COMMENT_MODERATE)
        rows = view.queue(session, ids)
        referred = view.referred_count(session, ids)
    context = {
        "active": "comments",
        "title": "Comments",
        "rows": rows,
        "referred": referred,
        "schools_text": schools_text(principal, Permission.COMMENT_MODERATE),
    }
    return render(request, "comments.html", context)


# -- one comment typed in -----------------------------------------------------------------


@dataclass
class CommentForm:
    account: str = ""
    author: str = ""
    text: str = ""
    platform_id: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _new_page(
    request: Request, form: CommentForm, choices: list[view.AccountChoice], status_code: int = 200
) -> HTMLResponse:
    context = {
        "active": "comments",
        "title": "Enter a comment",
        "form": form,
        "accounts": choices,
        "limits": {"text": MAX_TEXT},
    }
    return render(request, "comment_new.html", context, status_code=status_code)


def _choices(request: Request, principal: Principal) -> list[view.AccountChoice]:
    with database(request).reading() as session:
        return view.accounts_for(session, principal)


@router.get("/comments/new", response_class=HTMLResponse)
def comment_new(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _new_page(request, CommentForm(), _choices(request, principal))


@router.post("/comments/new", response_model=None)
async def comment_submit(
    request: Request, principal: PrincipalDep, service: ServiceDep
) -> Response:
    async with request.form(**FORM_LIMITS) as submitted:
        form = CommentForm(
            account=_field(submitted, "account"),
            author=_field(submitted, "author"),
            text=_text(submitted),
            platform_id=_field(submitted, "platform_id"),
        )
    choices = await run_in_threadpool(_choices, request, principal)
    account_id = _account_id(form.account, choices)
    if account_id is None:
        form.errors["account"] = "Choose one of the listed accounts."
    if not form.text.strip():
        form.errors["text"] = "Enter the comment's text."
    elif len(form.text) > MAX_TEXT:
        form.errors["text"] = f"The text is longer than {MAX_TEXT:,} characters."
    if len(form.author) > MAX_AUTHOR:
        form.errors["author"] = f"The author is longer than {MAX_AUTHOR} characters."
    if len(form.platform_id) > MAX_ID:
        form.errors["platform_id"] = f"The comment's id is longer than {MAX_ID} characters."
    if form.errors or account_id is None:
        return _new_page(request, form, choices, status_code=422)
    item = IncomingComment(
        form.platform_id or f"entered-{uuid4().hex}",
        form.author,
        form.text,
        None,
        "form",
    )
    decisions, _, notes = await run_in_threadpool(
        receive, request, principal, service, account_id, [item], "web"
    )
    await run_in_threadpool(deliver_now, request, notes)
    return RedirectResponse(f"/comments/{decisions[0]['comment_id']}", status_code=303)


# -- an export uploaded -------------------------------------------------------------------


def _import_page(
    request: Request,
    choices: list[view.AccountChoice],
    *,
    chosen: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "active": "comments",
        "title": "Import comments",
        "accounts": choices,
        "formats": IMPORT_FORMATS,
        "chosen": chosen or {"account": "", "format": "auto"},
        "errors": errors or {},
        "result": result,
        "limit_mb": MAX_IMPORT_BYTES // (1024 * 1024),
    }
    return render(request, "comment_import.html", context, status_code=status_code)


@router.get("/comments/import", response_class=HTMLResponse)
def comment_import_page(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _import_page(request, _choices(request, principal))


@router.post("/comments/import", response_class=HTMLResponse)
async def comment_import(
    request: Request, principal: PrincipalDep, service: ServiceDep
) -> HTMLResponse:
    errors: dict[str, str] = {}
    async with request.form(**FORM_LIMITS) as submitted:
        chosen = {"account": _field(submitted, "account"), "format": _field(submitted, "format")}
        upload = submitted.get("file")
        name, data = "", b""
        if isinstance(upload, UploadFile) and upload.filename:
            name, data = upload.filename, await upload.read(MAX_IMPORT_BYTES + 1)
    choices = await run_in_threadpool(_choices, request, principal)
    account_id = _account_id(chosen["account"], choices)
    if account_id is None:
        errors["account"] = "Choose one of the listed accounts."
    fmt = chosen["format"] or "auto"
    if fmt not in {f for f, _ in IMPORT_FORMATS}:
        errors["format"] = "Choose one of the listed formats."
    if not name:
        errors["file"] = "Choose the export file to upload."
    elif len(data) > MAX_IMPORT_BYTES:
        errors["file"] = f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB."
    items: list[IncomingComment] = []
    if "file" not in errors and "format" not in errors:
        try:
            items = await run_in_threadpool(parse, data, name, fmt)
        except CommentImportError as exc:
            errors["file"] = f"Nothing was imported: {exc}"
    if errors or account_id is None:
        return _import_page(request, choices, chosen=chosen, errors=errors, status_code=422)
    _, counts, notes = await run_in_threadpool(
        receive, request, principal, service, account_id, items, "import"
    )
    await run_in_threadpool(deliver_now, request, notes)
    result = {"file": name, "total": len(items), **counts}
    return _import_page(request, choices, chosen=chosen, result=result)


# -- one comment: restore, decide --------------------------------------------------------


def _comment_page(
    request: Request,
    principal: Principal,
    comment_id: int,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with database(request).reading() as session:
        row = view.one(session, principal, comment_id)
    if row is None:
        raise HTTPException(404, "This comment does not exist.")
    context = {
        "active": "comments",
        "title": f"Comment {comment_id}",
        "c": row,
        "errors": errors or {},
        "values": values or {},
        "decisions": m.DECISIONS,
    }
    return render(request, "comment.html", context, status_code=status_code)


@router.get("/comments/{comment_id}", response_class=HTMLResponse)
def comment_page(request: Request, principal: PrincipalDep, comment_id: int) -> HTMLResponse:
    return _comment_page(request, principal, comment_id)


def _load(session: Session, principal: Principal, comment_id: int) -> tuple[db.Comment, db.User]:
    row = session.get(db.Comment, comment_id)
    if row is None or view.one(session, principal, comment_id) is None:
        raise HTTPException(404, "This comment does not exist.")
    user = session.get(db.User, principal.user_id)
    assert user is not None
    return row, user


async def _moderate(
    request: Request,
    principal: Principal,
    comment_id: int,
    action: Callable[[Session, db.Comment, db.User], list[int]],
    name: str,
    values: dict[str, str],
) -> Response:
    """Run one moderation ``action`` (it returns the notices to send) on a comment the person
    may see: back to the comment when done, its page with the message beside ``name`` if not."""

    def act() -> tuple[str | None, list[int]]:
        try:
            with database(request).writing() as session:
                row, user = _load(session, principal, comment_id)
                return None, action(session, row, user)
        except m.NotAllowed as exc:
            raise HTTPException(403, str(exc)) from None
        except m.ModerationError as exc:
            return str(exc), []

    problem, notes = await run_in_threadpool(act)
    if problem is not None:
        return await run_in_threadpool(
            lambda: _comment_page(
                request,
                principal,
                comment_id,
                errors={name: problem},
                values=values,
                status_code=422,
            )
        )
    if notes:
        await run_in_threadpool(deliver_now, request, notes)
    return RedirectResponse(f"/comments/{comment_id}", status_code=303)


@router.post("/comments/{comment_id}/restore", response_model=None)
async def comment_restore(request: Request, principal: PrincipalDep, comment_id: int) -> Response:
    async with request.form(**FORM_LIMITS) as submitted:
        reason = _field(submitted, "reason")

    def restore(session: Session, row: db.Comment, user: db.User) -> list[int]:
        m.restore(session, row, user, reason)
        return []

    return await _moderate(request, principal, comment_id, restore, "reason", {"reason": reason})


@router.post("/comments/{comment_id}/decide", response_model=None)
async def comment_decide(request: Request, principal: PrincipalDep, comment_id: int) -> Response:
    async with request.form(**FORM_LIMITS) as submitted:
        label = _field(submitted, "label")
        reason = _field(submitted, "decide_reason")

    def decide(session: Session, row: db.Comment, user: db.User) -> list[int]:
        decision = m.decide_queued(session, row, user, label, reason)
        return [n.id for n in decision.notifications]

    return await _moderate(
        request,
        principal,
        comment_id,
        decide,
        "label",
        {"label": label, "decide_reason": reason},
    )


M = Permission.COMMENT_MODERATE
SECTION = Section(
    "comments",
    (router, api_router),
    {
        ("GET", "/comments"): M,
        ("GET", "/comments/new"): M,
        ("POST", "/comments/new"): M,
        ("GET", "/comments/import"): M,
        ("POST", "/comments/import"): M,
        ("GET", "/comments/{comment_id}"): M,
        ("POST", "/comments/{comment_id}/restore"): M,
        ("POST", "/comments/{comment_id}/decide"): M,
        ("POST", "/api/comments"): M,
    },
    nav=(NavItem("comments", "/comments", "Comments", M, order=30),),
    cards=(
        Card(
            "comments",
            "/comments",
            "Comment reports",
            "Abusive, spam and personal-data comments hidden on the trust's accounts, with the "
            "action taken; restore one with a reason, or decide those waiting for a person.",
            "S9",
            M,
        ),
    ),
    flags=(view.flags,),
)
