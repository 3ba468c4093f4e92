"""Delivering the notifications a request's workflow wrote, once its transaction committed."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Request

from postguard.mail import Mailer
from postguard.web.auth import database
from postguard.web.deps import get_service
from postguard.workflows.notifications import Delivery, outgoing, record_outcomes, send_all


def deliver_now(request: Request, ids: Iterable[int]) -> Delivery:
    """Send these notifications now (a relay that fails leaves them for the next delivery).

    Read in one short transaction, sent with no transaction open (a slow relay holds
    no database lock), the outcomes written in a second short transaction.
    """
    mailer: Mailer | None = request.app.state.mailer
    base_url = get_service(request).settings.base_url
    db = database(request)
    with db.reading() as session:
        ready, waiting = outgoing(session, base_url=base_url, ids=list(ids))
    if mailer is None:
        return Delivery(0, 0, waiting + len(ready))
    outcome = send_all(mailer, ready)
    with db.writing() as session:
        sent, failed = record_outcomes(session, outcome)
    return Delivery(sent, failed, waiting)
