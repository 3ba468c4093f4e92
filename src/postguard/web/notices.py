"""Delivering the notifications a request's workflow wrote, once its transaction committed."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Request

from postguard.mail import Mailer
from postguard.web.auth import database
from postguard.web.deps import get_service
from postguard.workflows.notifications import Delivery, deliver


def deliver_now(request: Request, ids: Iterable[int]) -> Delivery:
    """Send these notifications now (a relay that fails leaves them for the next delivery)."""
    mailer: Mailer | None = request.app.state.mailer
    base_url = get_service(request).settings.base_url
    with database(request).writing() as session:
        return deliver(session, mailer, base_url=base_url, ids=list(ids))
