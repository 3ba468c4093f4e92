"""The review queue (clause S2): posts sent to SLT, reviewed in place; "My posts" for authors.

``/review`` lists the posts waiting for review at the reviewer's schools (oldest
first, with how long each has waited), then the flagged drafts not sent yet.
``/review/{id}`` shows the text with its findings marked, the faces the check
recorded, the history, and the forms to approve, return or confirm consent; the
rules are :mod:`postguard.workflows.review`'s. ``/posts`` is the author's own
posts with their status and the reviewers' comments. Every row is checked
against the person's schools here (404 for a post they may not see).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from starlette.datastructures import FormData

from postguard.auth.permissions import Permission
from postguard.findings import (
    Action,
    Box,
    Candidate,
    ClauseRef,
    Detection,
    Finding,
    Location,
    Outcome,
    Verdict,
)
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.web.auth import FORM_LIMITS, Principal, PrincipalDep, database
from postguard.web.deps import ServiceDep, render
from postguard.web.lists import school_ids, schools_text, waited
from postguard.web.notices import deliver_now
from postguard.web.results import result
from postguard.web.section import Card, Flag, NavItem, Section
from postguard.workflows import review as wf

router = APIRouter(include_in_schema=False)

FLAGGED = ("review", "blocked")
QUEUE_LIMIT = 200
MY_POSTS_LIMIT = 100
STATUS_TEXT = {
    "draft": "draft",
    "checked": "checked, not sent",
    "in_review": "waiting for review",
    "returned": "returned with comments",
    "approved": "approved",
    "published": "published",
}
DONE = {
    "approve": "Approved. The author has been told.",
    "return": "Returned to the author with your comments.",
    "consent": "Consent confirmed for that face.",
}
ERROR_STATUS = {"invalid": 422, "refused": 403, "conflict": 409, "missing": 404}


# -- reading the recorded checks --------------------------------------------------------


def verdict_of(check: db.PostCheck) -> Verdict:
    """The verdict as the check recorded it (``Verdict.to_dict``), for the pages to show."""
    doc = check.verdict
    findings = []
    for f in doc.get("findings", []):
        b = f.get("box")
        where = Location(
            start=f.get("start"),
            end=f.get("end"),
            image_index=f.get("image_index"),
            box=None if b is None else Box(b["x"], b["y"], b["width"], b["height"]),
            url=f.get("url"),
        )
        detection = Detection(
            detector_id=f.get("detector_id", ""),
            kind=f.get("kind", ""),
            location=where,
            quote=f.get("quote", ""),
            score=float(f.get("score", 0.0)),
            explanation=f.get("explanation", ""),
            subtype=f.get("subtype"),
            fix=f.get("fix"),
            candidates=tuple(
                Candidate(c["upn"], float(c["confidence"])) for c in f.get("candidates", [])
            ),
            attributes=dict(f.get("attributes", {})),
        )
        clauses = tuple(ClauseRef(c["id"], c["title"]) for c in f.get("clauses", []))
        findings.append(Finding(f.get("rule_id", ""), clauses, Action(f["action"]), detection))
    return Verdict(Outcome(check.outcome), tuple(findings), check.policy_id, check.policy_version)


def clauses_of(check: db.PostCheck) -> str:
    findings = check.verdict.get("findings", [])
    return ", ".join(sorted({c["id"] for f in findings for c in f.get("clauses", [])}))


def _latest() -> Any:
    return (
        select(db.PostCheck.post_id, func.max(db.PostCheck.id).label("check_id"))
        .group_by(db.PostCheck.post_id)
        .subquery()
    )


def queue_rows(session: Session, schools: list[int], *, waiting: bool) -> list[dict[str, Any]]:
    """Posts waiting for review, oldest first (``waiting``); else flagged drafts, newest first."""
    latest = _latest()
    check = aliased(db.PostCheck)
    author = aliased(db.User)
    query = (
        select(check, db.Post, db.School.name, author.display_name, author.email)
        .join(latest, latest.c.check_id == check.id)
        .join(db.Post, db.Post.id == check.post_id)
        .join(db.School, db.School.id == db.Post.school_id)
        .outerjoin(author, author.id == db.Post.author_id)
        .where(db.Post.school_id.in_(schools))
    )
    if waiting:
        query = query.where(db.Post.status == "in_review").order_by(
            db.Post.submitted_at, db.Post.id
        )
    else:
        query = query.where(
            check.outcome.in_(FLAGGED), db.Post.status.in_(("draft", "checked", "returned"))
        ).order_by(check.id.desc())
    out: list[dict[str, Any]] = []
    for c, post, school, name, email in session.execute(query.limit(QUEUE_LIMIT)).all():
        since = post.submitted_at if waiting and post.submitted_at else c.checked_at
        out.append(
            {
                "id": post.id,
                "since": since,
                "waited": waited(since),
                "school": school,
                "author": name or email or "unknown",
                "outcome": c.outcome,
                "findings": len(c.verdict.get("findings", [])),
                "clauses": clauses_of(c),
                "status": STATUS_TEXT.get(post.status, post.status),
                "text": post.text,
            }
        )
    return out


def _post_at(
    session: Session, principal: Principal, post_id: int, permission: Permission
) -> tuple[db.Post, db.School]:
    """The post, if it is at a school of the person's trust where they hold ``permission``."""
    post = session.get(db.Post, post_id)
    school = None if post is None else session.get(db.School, post.school_id)
    if (
        post is None
        or school is None
        or school.trust_id != principal.trust_id
        or not principal.may(permission, school.name)
    ):
        raise HTTPException(404, "No such post.")
    return post, school


def _name(session: Session, user_id: int | None) -> str:
    user = None if user_id is None else session.get(db.User, user_id)
    return "unknown" if user is None else user.name


def _history(session: Session, post: db.Post) -> list[dict[str, Any]]:
    """Checks, the submission and review decisions, oldest first."""
    events: list[dict[str, Any]] = []
    for c in session.scalars(
        select(db.PostCheck).where(db.PostCheck.post_id == post.id).order_by(db.PostCheck.id)
    ):
        n = len(c.verdict.get("findings", []))
        events.append(
            {
                "at": c.checked_at,
                "what": f"Checked: {c.outcome}",
                "detail": f"{n} finding{'' if n == 1 else 's'}, policy {c.policy_version}"
                + (f" ({clauses_of(c)})" if clauses_of(c) else ""),
                "kind": "check",
            }
        )
    words = {"approve": "Approved", "return": "Returned", "confirm_consent": "Consent confirmed"}
    for r in wf.reviews_of(session, post):
        face = ""
        if r.action == "confirm_consent":
            face = f" (photo {int(r.details.get('image', 0)) + 1}, face at {r.details.get('box')})"
        events.append(
            {
                "at": r.at,
                "what": f"{words.get(r.action, r.action)} by {_name(session, r.reviewer_id)}"
                + face,
                "detail": r.reason,
                "kind": r.action,
            }
        )
    if post.submitted_at is not None:
        events.append(
            {
                "at": post.submitted_at,
                "what": "Last sent for review",
                "detail": "",
                "kind": "submit",
            }
        )
    return sorted(events, key=lambda e: e["at"])


def _faces(session: Session, post: db.Post, check: db.PostCheck) -> list[dict[str, Any]]:
    done = wf.confirmed(session, post)
    out = []
    for f in wf.faces_of(check):
        r = done.get(f.key) if f.kind == "face" else None
        out.append(
            {
                "face": f,
                "photo": f.image + 1,
                "box": None if f.box is None else "x {}, y {}, {}\u00d7{} px".format(*f.box),
                "confirmed": None
                if r is None
                else {"by": _name(session, r.reviewer_id), "at": r.at, "reason": r.reason},
                "needs": f.kind == "face" and f.status == "unknown" and r is None,
            }
        )
    return out


def _detail(
    request: Request,
    service: ServiceDep,
    principal: Principal,
    post_id: int,
    *,
    done: str = "",
    form: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    with database(request).reading() as session:
        post, school = _post_at(session, principal, post_id, Permission.POST_REVIEW)
        check = wf.latest_check(session, post)
        context: dict[str, Any] = {
            "active": "review",
            "title": f"Review post #{post.id}",
            "post": post,
            "school": school.name,
            "author": _name(session, post.author_id),
            "status": STATUS_TEXT.get(post.status, post.status),
            "check": check,
            "result": None
            if check is None
            else result(post.text, verdict_of(check), service.roster),
            "faces": [] if check is None else _faces(session, post, check),
            "unconfirmed": 0 if check is None else len(wf.unconfirmed_faces(session, post, check)),
            "history": _history(session, post),
            "own": post.author_id == principal.user_id,
            "waiting": post.status == "in_review",
            "waited": "" if post.submitted_at is None else waited(post.submitted_at),
            "approved_by": _name(session, post.approved_by_id) if post.approved_by_id else "",
            "done": DONE.get(done, ""),
            "form": form,
            "errors": errors or {},
            "values": values or {},
            "error": error,
            "max_reason": wf.MAX_REASON,
        }
    return render(request, "review_post.html", context, status_code=status_code)


# -- pages --------------------------------------------------------------------------------


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, principal: PrincipalDep) -> HTMLResponse:
    with database(request).reading() as session:
        schools = school_ids(session, principal, Permission.POST_REVIEW)
        waiting = queue_rows(session, schools, waiting=True)
        flagged = queue_rows(session, schools, waiting=False)
    context = {
        "active": "review",
        "title": "Review queue",
        "rows": waiting,
        "flagged": flagged,
        "schools_text": schools_text(principal, Permission.POST_REVIEW),
    }
    return render(request, "review.html", context)


@router.get("/review/{post_id}", response_class=HTMLResponse)
def review_post(
    request: Request, service: ServiceDep, principal: PrincipalDep, post_id: int, done: str = ""
) -> HTMLResponse:
    return _detail(request, service, principal, post_id, done=done)


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


def _seen(form: FormData) -> int | None:
    value = _field(form, "check")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


async def _act(
    request: Request, service: ServiceDep, principal: Principal, post_id: int, action: str
) -> Response:
    """Run one review action from its form: redirect when done, the page with messages if not."""
    async with request.form(**FORM_LIMITS) as submitted:
        form = {k: _field(submitted, k) for k in ("reason", "comments", "face", "check")}
        explained = bool(_field(submitted, "faces_explained"))
        seen = _seen(submitted)
    name = f"consent:{form['face']}" if action == "consent" else action
    ids: list[int] = []
    try:
        with database(request).writing() as session:
            post, _ = _post_at(session, principal, post_id, Permission.POST_REVIEW)
            reviewer = session.get(db.User, principal.user_id)
            assert reviewer is not None
            if seen is None:
                raise wf.ReviewError(
                    "This form is out of date: reload the page and try again.", kind="conflict"
                )
            if action == "approve":
                _, notes = wf.approve(
                    session,
                    post,
                    reviewer=reviewer,
                    reason=form["reason"],
                    actor=principal.actor,
                    seen_check_id=seen,
                    faces_explained=explained,
                )
                ids = [n.id for n in notes]
            elif action == "return":
                _, notes = wf.return_post(
                    session,
                    post,
                    reviewer=reviewer,
                    comments=form["comments"],
                    actor=principal.actor,
                    seen_check_id=seen,
                )
                ids = [n.id for n in notes]
            else:
                wf.confirm_consent(
                    session,
                    post,
                    reviewer=reviewer,
                    face=form["face"],
                    reason=form["reason"],
                    actor=principal.actor,
                    seen_check_id=seen,
                )
    except wf.ReviewError as exc:
        return _detail(
            request,
            service,
            principal,
            post_id,
            form=name,
            errors=exc.fields,
            values=form | {"faces_explained": "1" if explained else ""},
            error="" if exc.fields else str(exc),
            status_code=ERROR_STATUS[exc.kind],
        )
    if ids:
        deliver_now(request, ids)
    return RedirectResponse(f"/review/{post_id}?done={action}", status_code=303)


@router.post("/review/{post_id}/approve")
async def approve_post(
    request: Request, service: ServiceDep, principal: PrincipalDep, post_id: int
) -> Response:
    return await _act(request, service, principal, post_id, "approve")


@router.post("/review/{post_id}/return")
async def return_post(
    request: Request, service: ServiceDep, principal: PrincipalDep, post_id: int
) -> Response:
    return await _act(request, service, principal, post_id, "return")


@router.post("/review/{post_id}/consent")
async def confirm_consent(
    request: Request, service: ServiceDep, principal: PrincipalDep, post_id: int
) -> Response:
    return await _act(request, service, principal, post_id, "consent")


# -- the author's side ----------------------------------------------------------------------


def my_posts(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """The person's own posts, newest first, with the latest check and the reviewers' words."""
    latest = _latest()
    rows = session.execute(
        select(db.Post, db.School.name, db.PostCheck)
        .join(db.School, db.School.id == db.Post.school_id)
        .outerjoin(latest, latest.c.post_id == db.Post.id)
        .outerjoin(db.PostCheck, db.PostCheck.id == latest.c.check_id)
        .where(db.Post.author_id == principal.user_id, db.School.trust_id == principal.trust_id)
        .order_by(db.Post.id.desc())
        .limit(MY_POSTS_LIMIT)
    ).all()
    out = []
    for post, school, check in rows:
        words = [
            {
                "action": r.action,
                "by": _name(session, r.reviewer_id),
                "at": r.at,
                "reason": r.reason,
            }
            for r in wf.reviews_of(session, post)
            if r.action in ("approve", "return")
        ]
        out.append(
            {
                "id": post.id,
                "school": school,
                "status": post.status,
                "status_text": STATUS_TEXT.get(post.status, post.status),
                "outcome": None if check is None else check.outcome,
                "clauses": "" if check is None else clauses_of(check),
                "text": post.text,
                "images": post.image_count,
                "updated": post.updated_at,
                "reviews": words[::-1],
                "may_send": post.status in wf.SUBMITTABLE
                and check is not None
                and principal.may(Permission.POST_CHECK, school),
                "policy_version": post.approved_policy_version,
            }
        )
    return out


def _posts_page(
    request: Request,
    principal: Principal,
    *,
    sent: int | None = None,
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    with database(request).reading() as session:
        rows = my_posts(session, principal)
    context = {
        "active": "posts",
        "title": "My posts",
        "rows": rows,
        "sent": sent if any(r["id"] == sent for r in rows) else None,
        "error": error,
    }
    return render(request, "posts.html", context, status_code=status_code)


@router.get("/posts", response_class=HTMLResponse)
def posts(request: Request, principal: PrincipalDep, sent: int | None = None) -> HTMLResponse:
    return _posts_page(request, principal, sent=sent)


@router.post("/posts/{post_id}/submit")
def submit_post(request: Request, principal: PrincipalDep, post_id: int) -> Response:
    """Send a checked post to SLT (anyone who may check posts at its school)."""
    try:
        with database(request).writing() as session:
            post, _ = _post_at(session, principal, post_id, Permission.POST_CHECK)
            user = session.get(db.User, principal.user_id)
            assert user is not None
            notes = wf.submit(session, post, user=user, actor=principal.actor)
            ids = [n.id for n in notes]
    except wf.ReviewError as exc:
        return _posts_page(request, principal, error=str(exc), status_code=ERROR_STATUS[exc.kind])
    deliver_now(request, ids)
    return RedirectResponse(f"/posts?sent={post_id}", status_code=303)


# -- dashboard flags ------------------------------------------------------------------------


def waiting_flag(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    """SLT: how many posts wait for review at their schools, and the oldest wait."""
    if not principal.may(Permission.POST_REVIEW):
        return []
    schools = school_ids(session, principal, Permission.POST_REVIEW)
    count, oldest = session.execute(
        select(func.count(db.Post.id), func.min(db.Post.submitted_at)).where(
            db.Post.status == "in_review", db.Post.school_id.in_(schools)
        )
    ).one()
    if not count:
        return []
    noun = "post waits" if count == 1 else "posts wait"
    since = f", the oldest for {waited(oldest)}" if oldest is not None else ""
    return [Flag("review-waiting", f"{noun} for your review{since}", count, "/review", "S2")]


def returned_flag(
    session: Session, principal: Principal, today: dt.date, policy: Policy
) -> list[Flag]:
    """Authors: their posts returned with comments, to fix and send again."""
    if not principal.may(Permission.POST_CHECK):
        return []
    count = session.scalar(
        select(func.count(db.Post.id)).where(
            db.Post.author_id == principal.user_id, db.Post.status == "returned"
        )
    )
    if not count:
        return []
    noun = "of your posts was" if count == 1 else "of your posts were"
    text = f"{noun} returned with comments"
    return [Flag("posts-returned", text, int(count), "/posts", "S2", level="info")]


SECTION = Section(
    "review",
    (router,),
    {
        ("GET", "/review"): Permission.POST_REVIEW,
        ("GET", "/review/{post_id}"): Permission.POST_REVIEW,
        ("POST", "/review/{post_id}/approve"): Permission.POST_REVIEW,
        ("POST", "/review/{post_id}/return"): Permission.POST_REVIEW,
        ("POST", "/review/{post_id}/consent"): Permission.POST_REVIEW,
        ("GET", "/posts"): Permission.POST_CHECK,
        ("POST", "/posts/{post_id}/submit"): Permission.POST_CHECK,
    },
    nav=(
        NavItem("posts", "/posts", "My posts", Permission.POST_CHECK, order=15),
        NavItem("review", "/review", "Review", Permission.POST_REVIEW, order=20),
    ),
    cards=(
        Card(
            "review",
            "/review",
            "Flagged posts",
            "Posts sent for review at your schools, oldest first: approve them with a reason, "
            "or return them with comments.",
            "S2, S5",
            Permission.POST_REVIEW,
        ),
    ),
    flags=(waiting_flag, returned_flag),
)
