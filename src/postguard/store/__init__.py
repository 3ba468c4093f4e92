"""Storage: SQLAlchemy 2 tables, the engine factory (SQLite pragmas) and Alembic migrations.

Only :mod:`postguard.workflows` writes through these; detectors and the checker
never import this package.
"""

from __future__ import annotations

from postguard.store import models  # noqa: F401  (every table on Base.metadata)
from postguard.store.base import Base
from postguard.store.engine import make_engine, make_session_factory, normalise_url
from postguard.store.migrate import current_revision, head_revision, upgrade

__all__ = [
    "Base",
    "current_revision",
    "head_revision",
    "make_engine",
    "make_session_factory",
    "normalise_url",
    "upgrade",
]
