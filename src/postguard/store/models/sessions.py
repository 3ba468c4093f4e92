"""Server-side web sessions: one row per signed-in browser, found by a hash of its token.

The browser holds a random token (in a signed cookie); the table holds only its
SHA-256, so a copy of the database cannot be replayed as anyone's session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, utcnow


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(token), hex
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # "second_factor": the password was right, the TOTP code is still to come; "full".
    stage: Mapped[str] = mapped_column(String(20))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)  # the absolute timeout
    ended_at: Mapped[datetime | None] = mapped_column()  # signed out (or replaced)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
