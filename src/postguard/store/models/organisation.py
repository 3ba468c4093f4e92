"""Trusts and their schools (a trust's central office is a school row too)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from postguard.store.base import Base, JSONDocument, utcnow


class Trust(Base):
    __tablename__ = "trusts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class School(Base):
    """A school of a trust, with its official (published) contact details."""

    __tablename__ = "schools"
    __table_args__ = (UniqueConstraint("trust_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # SchoolContacts as a document: address, postcode, phones, emails, websites, social.
    contacts: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
