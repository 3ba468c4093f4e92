"""Trust social media accounts, posts with their check results, and public comments."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, JSONDocument, utcnow


class Account(Base):
    """A trust-sanctioned social media account (clauses S1-S3, S10, S11, P5).

    ``status``: requested -> approved (waiting for the Subject Leader's
    acknowledgement) -> live; or rejected; or closed. ``approved_until`` is the
    annual re-approval date; the profile check records the AUP link (S11) and
    direct messages (S10) as last checked.
    """

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    platform: Mapped[str] = mapped_column(String(30))
    handle: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="requested")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    purpose: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(100), default="")
    linked_email: Mapped[str] = mapped_column(String(254), default="")
    # SLT's explicit override of a linked e-mail outside the trust's domains (S1).
    email_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    email_override_reason: Mapped[str] = mapped_column(Text, default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column()
    approved_until: Mapped[dt.date | None] = mapped_column(Date)
    subject_leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    live_at: Mapped[datetime | None] = mapped_column()
    profile_text: Mapped[str] = mapped_column(Text, default="")
    profile_checked_at: Mapped[datetime | None] = mapped_column()
    profile_ok: Mapped[bool | None] = mapped_column(Boolean)
    # [{"clause": "S11", "problem": "..."}]: what the last profile check found missing.
    profile_problems: Mapped[list[Any]] = mapped_column(JSONDocument, default=list)


class Post(Base):
    """A draft or published item on a trust account."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    image_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The review (S2): when it was sent to SLT, and the approval with the check it passed.
    submitted_at: Mapped[datetime | None] = mapped_column()
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column()
    # The check it passed (a post_checks id; no foreign key: posts and checks would form a cycle).
    approved_check_id: Mapped[int | None] = mapped_column(Integer)
    approved_policy_version: Mapped[str | None] = mapped_column(String(50))


class PostReview(Base):
    """One reviewer's decision on a post: approve, return (with comments) or confirm consent."""

    __tablename__ = "post_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    check_id: Mapped[int | None] = mapped_column(ForeignKey("post_checks.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))  # approve | return | confirm_consent
    reason: Mapped[str] = mapped_column(Text, default="")
    # confirm_consent: {"image": i, "box": [x, y, w, h]}; otherwise {}.
    details: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class PostCheck(Base):
    """One run of the checker on a post: the outcome and the verdict document."""

    __tablename__ = "post_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(20))
    policy_id: Mapped[str] = mapped_column(String(100))
    policy_version: Mapped[str] = mapped_column(String(50))
    roster_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    # Verdict.to_dict(): {"outcome", "policy", "findings": [...]}.
    verdict: Mapped[dict[str, Any]] = mapped_column(JSONDocument)


class Comment(Base):
    """A comment left by the public on a trust post, with the moderation verdict."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("account_id", "platform_comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    platform_comment_id: Mapped[str] = mapped_column(String(200))
    author_handle: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # received -> visible | hidden | queued (no classifier: for a person) ; hidden -> restored
    status: Mapped[str] = mapped_column(String(20), default="received")
    outcome: Mapped[str | None] = mapped_column(String(20))
    verdict: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    source: Mapped[str] = mapped_column(String(20), default="web")  # web | api | import
    posted_at: Mapped[datetime | None] = mapped_column()  # on the platform, when known
    decided_at: Mapped[datetime | None] = mapped_column()
    restored_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    restored_at: Mapped[datetime | None] = mapped_column()
    restore_reason: Mapped[str] = mapped_column(Text, default="")
