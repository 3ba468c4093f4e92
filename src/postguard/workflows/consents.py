"""Consent rows from a roster import: appended, never changed; the latest row wins.

"Latest" is by consent date, then by insertion order (the row id). An import
appends the statements PostGuard has not seen, then makes sure the row in
force for each pupil and scope is the roster's, restating it when a statement
seen before is in force again (granted, withdrawn, granted on the same day). A
statement dated LATER than the roster's stays in force: an older export never
undoes a withdrawal PostGuard already knows about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.roster import models as rm
from postguard.store import models as db

State = tuple[str, dt.date, str]  # status, date, given by


def append_consents(
    session: Session,
    roster: rm.Roster,
    pupil_ids: dict[str, int],
    trust_id: int,
    version_id: int,
    note: Callable[[str], None],
) -> list[db.Consent]:
    """Add the new consent rows to the session (flushed); ``note`` counts kept later rows."""
    existing = session.scalars(
        select(db.Consent)
        .join(db.Pupil, db.Pupil.id == db.Consent.pupil_id)
        .where(db.Pupil.trust_id == trust_id)
        .order_by(db.Consent.date, db.Consent.id)
    ).all()
    known = {(e.pupil_id, e.scope, e.status, e.date, e.given_by) for e in existing}
    latest: dict[tuple[int, str], State] = {}
    for e in existing:
        latest[(e.pupil_id, e.scope)] = (e.status, e.date, e.given_by)
    added: list[db.Consent] = []

    def append(pupil_id: int, c: rm.Consent) -> None:
        row = db.Consent(
            pupil_id=pupil_id,
            scope=c.scope.value,
            status=c.status.value,
            date=c.date,
            given_by=c.given_by,
            roster_version_id=version_id,
        )
        added.append(row)
        known.add((pupil_id, row.scope, row.status, row.date, row.given_by))
        prev = latest.get((pupil_id, row.scope))
        if prev is None or prev[1] <= row.date:
            latest[(pupil_id, row.scope)] = (row.status, row.date, row.given_by)

    # Date order, file order within a date: the order in which the roster reads them.
    for c in sorted(roster.consents, key=lambda c: c.date):
        pid = pupil_ids[c.upn]
        if (pid, c.scope.value, c.status.value, c.date, c.given_by) not in known:
            append(pid, c)
    for upn, scope in dict.fromkeys((c.upn, c.scope) for c in roster.consents):
        pid = pupil_ids[upn]
        in_force = roster.consent(upn, scope)
        assert in_force is not None
        state = (in_force.status.value, in_force.date, in_force.given_by)
        current = latest.get((pid, scope.value))
        if current is not None and current != state:
            if current[1] > in_force.date:
                note("consent.later_kept")
            else:
                append(pid, in_force)
    session.add_all(added)
    session.flush()
    return added
