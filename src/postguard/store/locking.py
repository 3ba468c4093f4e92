"""Reading a row again, locked, before a workflow checks its state."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postguard.store.base import Base


def reread_locked(session: Session, row: Base) -> None:
    """Flush, then read ``row`` again from the database and lock it (FOR UPDATE on PostgreSQL;
    SQLite serialises writers anyway) for the rest of the transaction.

    Every decision on a shared record (a concern, an exception, an account, a post under
    review) calls this before checking the row's state: two people acting at once see each
    other's decision, not the page they loaded, and the second is refused.
    """
    session.flush()
    session.refresh(row, with_for_update=True)
