"""Every test here runs on SQLite and on PostgreSQL (see postguard.store.testing)."""

from __future__ import annotations

from postguard.store.testing import (  # noqa: F401
    database,
    db_connection,
    db_session,
    empty_database_url,
    fresh_database_url,
)
