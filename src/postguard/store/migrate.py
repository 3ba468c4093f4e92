"""Alembic, run from code: the migrations ship inside the package (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the bundled migrations, bound to ``connection``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(bind: Engine | Connection, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` (in one transaction where the database allows)."""
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
    else:
        command.upgrade(alembic_config(bind), revision)


def downgrade(bind: Engine | Connection, revision: str) -> None:
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            command.downgrade(alembic_config(conn), revision)
    else:
        command.downgrade(alembic_config(bind), revision)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(bind: Engine | Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return MigrationContext.configure(bind).get_current_revision()
