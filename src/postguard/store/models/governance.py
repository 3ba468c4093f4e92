"""Policy acknowledgements by staff, and exceptions approved by the Executive Headteacher."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, JSONDocument, utcnow


class Acknowledgement(Base):
    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("user_id", "policy_id", "policy_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    policy_id: Mapped[str] = mapped_column(String(100))
    policy_version: Mapped[str] = mapped_column(String(50))
    acknowledged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The personal-accounts checklist (P4, P9): {item key: true}, every item ticked.
    checklist: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)


class PolicyException(Base):
    """An exception to a clause (e.g. a personal phone on a trip), with an expiry."""

    __tablename__ = "exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    clause_id: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    title: Mapped[str] = mapped_column(String(200), default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
