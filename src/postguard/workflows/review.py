"""The review of flagged posts (clause S2; consent for unknown faces, S5).

A checked post is sent to SLT (:func:`submit`); a reviewer at the post's school
approves it with a reason (:func:`approve`), returns it to the author with
comments (:func:`return_post`) or confirms consent for an unknown face
(:func:`confirm_consent`). The rules:

- only a post waiting for review (``in_review``) is approved, returned or has a
  face confirmed; the form names the check the reviewer saw, and a post checked
  again since is refused (the reviewer reloads it);
- nobody reviews their own post (approve, return or confirm consent);
- a post whose latest check is ``blocked`` is never approved;
- when the latest check is ``review``, every unknown face must have had its
  consent confirmed, or the approver states (``faces_explained``) that their
  reason says why the unconfirmed faces may go out;
- an approval records who, when, the check it passed and that check's policy version.

Each call writes exactly one audit event naming the post by id, with the clause
(S2; S5 for a consent confirmation) and never the text or a reason (they may
name a child). Permission to review at the school is the edge's check
(``principal.may(Permission.POST_REVIEW, school)``); the author rule is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain, Scalar
from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.store.locking import reread_locked
from postguard.workflows.notifications import holders, notify

REVIEW_CLAUSE = "S2"
CONSENT_CLAUSE = "S5"
MAX_REASON = 2000
SUBMITTABLE = ("checked", "returned")
REVIEWERS = (Role.SLT,)
"""Who is told a post waits: the school's SLT (the Executive Headteacher when it has none)."""

ErrorKind = Literal["invalid", "refused", "conflict", "missing"]


class ReviewError(ValueError):
    """A review action refused; ``kind`` says why, ``fields`` has a message per bad form field.

    ``invalid``: bad input (422), ``refused``: not this person (403),
    ``conflict``: not in this state (409), ``missing``: no such thing (404).
    """

    def __init__(
        self, message: str, *, kind: ErrorKind, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.fields = fields or {}


def _invalid(fields: dict[str, str]) -> ReviewError:
    return ReviewError(" ".join(fields.values()), kind="invalid", fields=fields)


@dataclass(frozen=True, slots=True)
class Face:
    """A face (or an unchecked photo) as the check recorded it; ``box`` is x, y, width, height."""

    image: int
    box: tuple[int, int, int, int] | None
    status: str  # unknown | refused | consented | staff (face); unreadable | unchecked (photo)
    kind: str  # face | image

    @property
    def key(self) -> str:
        """How a form names the face: ``"1:10,20,30,40"`` (image index, box)."""
        box = "" if self.box is None else ",".join(str(v) for v in self.box)
        return f"{self.image}:{box}"


def faces_of(check: db.PostCheck) -> list[Face]:
    """The faces and unchecked photos the check's findings name, by photo then position."""
    out: list[Face] = []
    for f in check.verdict.get("findings", []):
        if f.get("kind") not in ("face", "image") or f.get("image_index") is None:
            continue
        b = f.get("box")
        box = None if b is None else (b["x"], b["y"], b["width"], b["height"])
        out.append(Face(int(f["image_index"]), box, str(f.get("subtype") or ""), f["kind"]))
    return sorted(out, key=lambda x: (x.image, x.box or (0, 0, 0, 0)))


def latest_check(session: Session, post: db.Post) -> db.PostCheck | None:
    return session.scalars(
        select(db.PostCheck)
        .where(db.PostCheck.post_id == post.id)
        .order_by(db.PostCheck.id.desc())
        .limit(1)
    ).first()


def reviews_of(session: Session, post: db.Post) -> list[db.PostReview]:
    """Every review decision on the post, oldest first."""
    return list(
        session.scalars(
            select(db.PostReview).where(db.PostReview.post_id == post.id).order_by(db.PostReview.id)
        )
    )


def confirmed(session: Session, post: db.Post) -> dict[str, db.PostReview]:
    """Consent confirmations by face key (a confirmation holds for later checks of the same
    photo: the same photo gives the same box)."""
    out: dict[str, db.PostReview] = {}
    for r in reviews_of(session, post):
        if r.action == "confirm_consent":
            box = r.details.get("box") or []
            out[f"{r.details.get('image')}:{','.join(str(v) for v in box)}"] = r
    return out


def unconfirmed_faces(session: Session, post: db.Post, check: db.PostCheck) -> list[Face]:
    done = confirmed(session, post)
    return [
        f
        for f in faces_of(check)
        if f.kind == "face" and f.status == "unknown" and f.key not in done
    ]


def _reason(text: str, field: str, what: str, problems: dict[str, str]) -> str:
    """The stripped text; a message in ``problems[field]`` when it is empty or too long."""
    value = text.strip()
    if not value:
        problems[field] = f"Give {what}."
    elif len(value) > MAX_REASON:
        problems[field] = f"Keep {what} under {MAX_REASON:,} characters ({len(value):,} now)."
    return value


def _school(session: Session, post: db.Post) -> db.School:
    school = session.get(db.School, post.school_id)
    assert school is not None
    return school


def _waiting(session: Session, post: db.Post, reviewer: db.User, seen: int | None) -> db.PostCheck:
    """The latest check of a post waiting for review by someone other than its author."""
    if post.author_id == reviewer.id:
        raise ReviewError(
            "You wrote this post: another senior leader must review it (S2).", kind="refused"
        )
    reread_locked(session, post)
    if post.status != "in_review":
        raise ReviewError(
            f"This post is not waiting for review (it is {post.status.replace('_', ' ')}).",
            kind="conflict",
        )
    check = latest_check(session, post)
    if check is None:
        raise ReviewError("This post has not been checked.", kind="conflict")
    if seen is not None and seen != check.id:
        raise ReviewError(
            "The post was checked again after you opened it: read the latest check, then decide.",
            kind="conflict",
        )
    return check


def _author(session: Session, post: db.Post) -> list[db.User]:
    user = None if post.author_id is None else session.get(db.User, post.author_id)
    return [] if user is None or not user.is_active else [user]


def _keep_review(
    session: Session,
    post: db.Post,
    check: db.PostCheck,
    *,
    reviewer: db.User,
    action: str,
    reason: str,
    details: dict[str, Any],
    actor: str,
    audit: Mapping[str, Scalar],
    at: dt.datetime | None = None,
) -> tuple[db.PostReview, db.School]:
    """Keep one review of ``post`` and its one audit event ``post.<action>`` (after: the review)."""
    review = db.PostReview(
        post_id=post.id,
        check_id=check.id,
        reviewer_id=reviewer.id,
        action=action,
        reason=reason,
        details=details,
    )
    if at is not None:
        review.at = at
    session.add(review)
    session.flush()
    school = _school(session, post)
    AuditChain(session).record(
        actor=actor,
        action=f"post.{action}",
        object_type="post",
        object_id=post.id,
        school=school.name,
        after_ref=f"post_review:{review.id}",
        details=audit,
    )
    return review, school


def submit(session: Session, post: db.Post, *, user: db.User, actor: str) -> list[db.Notification]:
    """Send a checked (or returned) post to SLT; tells the school's SLT. Returns the notices."""
    reread_locked(session, post)
    if post.status not in SUBMITTABLE:
        state = {"in_review": "already waiting for review", "approved": "already approved"}.get(
            post.status, post.status.replace("_", " ")
        )
        raise ReviewError(f"This post cannot be sent for review: it is {state}.", kind="conflict")
    check = latest_check(session, post)
    if check is None:
        raise ReviewError("Check the post before sending it for review.", kind="conflict")
    school = _school(session, post)
    post.status, post.submitted_at = "in_review", utcnow()
    AuditChain(session).record(
        actor=actor,
        action="post.submit",
        object_type="post",
        object_id=post.id,
        school=school.name,
        after_ref=f"post_check:{check.id}",
        details={"clause": REVIEW_CLAUSE, "outcome": check.outcome},
    )
    people = [u for u in holders(session, school.trust_id, REVIEWERS, school.id) if u.id != user.id]
    if not people:
        people = [
            u
            for u in holders(session, school.trust_id, (Role.EXECUTIVE_HEAD,), school.id)
            if u.id != user.id
        ]
    notes = notify(
        session,
        people,
        kind="post.submitted",
        subject=f"A post at {school.name} is waiting for your review",
        body=(
            f"A draft post (#{post.id}) at {school.name} was sent for review; its check "
            f"says {check.outcome}. Approve it, or return it with comments (policy clause S2)."
        ),
        link=f"/review/{post.id}",
    )
    session.flush()
    return notes


def approve(
    session: Session,
    post: db.Post,
    *,
    reviewer: db.User,
    reason: str,
    actor: str,
    seen_check_id: int | None = None,
    faces_explained: bool = False,
) -> tuple[db.PostReview, list[db.Notification]]:
    """Approve a post waiting for review, recording the check it passed and its policy version."""
    check = _waiting(session, post, reviewer, seen_check_id)
    if check.outcome == "blocked":
        raise ReviewError(
            "The latest check is blocked: a blocked post is never approved. Return it to the "
            "author with what to fix.",
            kind="conflict",
        )
    problems: dict[str, str] = {}
    why = _reason(reason, "reason", "the reason for approving", problems)
    open_faces = unconfirmed_faces(session, post, check)
    if open_faces and not faces_explained:
        n = len(open_faces)
        problems["faces_explained"] = (
            f"{n} unknown face{'' if n == 1 else 's'} without confirmed consent: confirm consent "
            "for each face, or tick the box and say in your reason why the photo may go out (S5)."
        )
    if problems:
        raise _invalid(problems)
    now = utcnow()
    post.status, post.approved_by_id, post.approved_at = "approved", reviewer.id, now
    post.approved_check_id, post.approved_policy_version = check.id, check.policy_version
    details = {"unconfirmed_faces": len(open_faces)} if open_faces else {}
    review, school = _keep_review(
        session,
        post,
        check,
        reviewer=reviewer,
        action="approve",
        reason=why,
        details=details,
        actor=actor,
        audit={
            "clause": REVIEW_CLAUSE,
            "check": check.id,
            "outcome": check.outcome,
            "policy_version": check.policy_version,
            "unconfirmed_faces": len(open_faces),
        },
        at=now,
    )
    notes = notify(
        session,
        _author(session, post),
        kind="post.approved",
        subject=f"Your post at {school.name} was approved",
        body=f"Your post (#{post.id}) at {school.name} was approved by a senior leader (S2).",
        link="/posts",
    )
    session.flush()
    return review, notes


def return_post(
    session: Session,
    post: db.Post,
    *,
    reviewer: db.User,
    comments: str,
    actor: str,
    seen_check_id: int | None = None,
) -> tuple[db.PostReview, list[db.Notification]]:
    """Send a post back to its author with comments (shown on the author's "My posts")."""
    check = _waiting(session, post, reviewer, seen_check_id)
    problems: dict[str, str] = {}
    text = _reason(comments, "comments", "your comments for the author", problems)
    if problems:
        raise _invalid(problems)
    post.status = "returned"
    review, school = _keep_review(
        session,
        post,
        check,
        reviewer=reviewer,
        action="return",
        reason=text,
        details={},
        actor=actor,
        audit={"clause": REVIEW_CLAUSE, "check": check.id},
    )
    notes = notify(
        session,
        _author(session, post),
        kind="post.returned",
        subject=f"Your post at {school.name} was returned with comments",
        body=(
            f"A senior leader returned your post (#{post.id}) at {school.name} with comments. "
            "Read them under My posts, fix the post and check it again (S2)."
        ),
        link="/posts",
    )
    session.flush()
    return review, notes


def _number(text: str) -> bool:
    """ASCII digits that ``int`` reads ("²".isdigit() holds too), of a sane length."""
    return text.isascii() and text.isdigit() and len(text) < 19


def parse_face(value: str) -> tuple[int, tuple[int, int, int, int]]:
    """A face key from a form (``"0:10,20,30,40"``); ReviewError (field ``face``) if malformed."""
    image, _, box = value.partition(":")
    parts = box.split(",")
    if len(parts) != 4 or not all(_number(p) for p in (image, *parts)):
        raise _invalid({"face": "Choose a face from the list."})
    a, b, c, d = (int(p) for p in parts)
    return int(image), (a, b, c, d)


def confirm_consent(
    session: Session,
    post: db.Post,
    *,
    reviewer: db.User,
    face: str,
    reason: str,
    actor: str,
    seen_check_id: int | None = None,
) -> db.PostReview:
    """Record that consent was confirmed for one unknown face of the latest check (S5)."""
    check = _waiting(session, post, reviewer, seen_check_id)
    image, box = parse_face(face)
    found = [
        f
        for f in faces_of(check)
        if f.kind == "face" and f.status == "unknown" and f.image == image and f.box == box
    ]
    if not found:
        raise _invalid({"face": "The latest check has no unknown face there: choose one."})
    if found[0].key in confirmed(session, post):
        raise ReviewError("Consent for this face is already confirmed.", kind="conflict")
    problems: dict[str, str] = {}
    why = _reason(reason, "reason", "how consent was confirmed", problems)
    if problems:
        raise _invalid(problems)
    review, _ = _keep_review(
        session,
        post,
        check,
        reviewer=reviewer,
        action="confirm_consent",
        reason=why,
        details={"image": image, "box": list(box)},
        actor=actor,
        audit={"clause": CONSENT_CLAUSE, "check": check.id, "image": image},
    )
    session.flush()
    return review
