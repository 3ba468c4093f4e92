"""Alembic environment: runs on the connection handed over by postguard.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import postguard.store.models  # noqa: F401  (registers every table)
from postguard.settings import load_settings
from postguard.store.base import Base
from postguard.store.engine import make_engine

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by rebuilding them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(load_settings().database_url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("PostGuard runs its migrations online only (postguard db upgrade)")
run_migrations_online()
