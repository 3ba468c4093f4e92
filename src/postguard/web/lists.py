"""School-scoped list pages: a queue shows only the schools where the person holds the right.

Used by every queue (flagged posts, comments, concerns, accounts...): the rows
come from a function of the session and the school ids, the page says which
schools it covers, and each row's age is shown as "waited".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.permissions import Permission, allowed
from postguard.store import models as db
from postguard.store.base import utcnow
from postguard.web.auth import Principal, database
from postguard.web.deps import render


def schools_text(principal: Principal, permission: Permission) -> str:
    """ "every school of the trust", or the names of the schools where ``permission`` is held."""
    schools = sorted(
        {g.school for g in principal.grants if g.school and principal.may(permission, g.school)}
    )
    trust_wide = any(g.school is None and allowed((g,), permission) for g in principal.grants)
    if trust_wide or not schools:
        return "every school of the trust"
    return ", ".join(schools)


def school_ids(session: Session, principal: Principal, permission: Permission) -> list[int]:
    """The schools of the person's trust where they hold ``permission``."""
    rows = session.execute(
        select(db.School.id, db.School.name).where(db.School.trust_id == principal.trust_id)
    ).all()
    return [sid for sid, name in rows if principal.may(permission, name)]


def waited(since: datetime, now: datetime | None = None) -> str:
    """How long something has waited, for people: "3 days", "5 hours", "12 minutes"."""
    delta = (now or utcnow()) - since
    if delta < timedelta(minutes=1):
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        n = int(delta.total_seconds() // size)
        if n >= 1:
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "just now"


def school_list(
    request: Request,
    principal: Principal,
    permission: Permission,
    rows_at: Callable[[Session, list[int]], list[dict[str, Any]]],
    *,
    active: str,
    title: str,
    template: str | None = None,
    extra: dict[str, Any] | None = None,
) -> HTMLResponse:
    """A list page limited to the schools where ``principal`` holds ``permission``."""
    with database(request).reading() as session:
        rows = rows_at(session, school_ids(session, principal, permission))
    context = {
        "active": active,
        "title": title,
        "rows": rows,
        "schools_text": schools_text(principal, permission),
    } | (extra or {})
    return render(request, template or f"{active}.html", context)
