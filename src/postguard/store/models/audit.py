"""The append-only, hash-chained audit log (the logic lives in postguard.audit)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, JSONDocument


class AuditEvent(Base):
    """One change made by a workflow. Never updated, never deleted (triggers refuse both).

    ``seq`` is the chain position (1, 2, 3... no gaps); ``hash`` is
    SHA-256(prev_hash ‖ canonical JSON of the other fields). No child data in clear:
    objects are named by table and id, states by references.
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(100))
    school: Mapped[str | None] = mapped_column(String(200))
    before_ref: Mapped[str | None] = mapped_column(String(200))
    after_ref: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
