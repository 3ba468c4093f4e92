"""Migrations build the schema from empty on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import postguard.store.models  # noqa: F401
from postguard.store import Base, current_revision, head_revision, make_engine, upgrade
from postguard.store.engine import normalise_url
from postguard.store.migrate import downgrade
from postguard.store.models import Pupil, Trust
from postguard.store.testing import Database

NOW = datetime(2026, 11, 23, 9, 0)


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_then_down_and_up_again(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert _tables(conn) == set(Base.metadata.tables)
        downgrade(engine, "base")
        with engine.connect() as conn:
            assert _tables(conn) == set()
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(db_connection: Connection) -> None:
    context = MigrationContext.configure(db_connection, opts={"compare_type": True})
    assert compare_metadata(context, Base.metadata) == []


def test_foreign_keys_are_enforced(db_session: Session) -> None:
    db_session.add(Pupil(trust_id=999_999, upn="A123456789012", first_version_id=999_999))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_timestamps_come_back_aware_utc(db_session: Session) -> None:
    at = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1)))
    db_session.add(Trust(name="Time Trust", created_at=at))
    db_session.flush()
    db_session.expire_all()
    got = db_session.scalars(select(Trust.created_at).where(Trust.name == "Time Trust")).one()
    assert got == at
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)
    assert got.tzinfo == UTC


def test_naive_timestamps_are_refused(db_session: Session) -> None:
    db_session.add(Trust(name="Naive Trust", created_at=datetime(2026, 3, 1, 9, 30)))
    with pytest.raises(Exception, match="naive datetime"):
        db_session.flush()


def test_sqlite_connections_get_the_pragmas(database: Database) -> None:
    if database.backend != "sqlite":
        assert database.engine.dialect.name == "postgresql"
        assert database.engine.dialect.driver == "psycopg"
        return
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


@pytest.mark.parametrize(
    "url, driver",
    [
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg"),
        ("postgres://u:p@db/postguard", "postgresql+psycopg"),
        ("postgresql+psycopg://u@db/x", "postgresql+psycopg"),
        ("sqlite:///var/postguard.sqlite3", "sqlite"),
    ],
)
def test_database_urls(url: str, driver: str) -> None:
    assert normalise_url(url).drivername == driver


def test_sealing_migration_keeps_users_and_clears_clear_text_seeds(empty_database_url: str) -> None:
    """0003 rebuilds the users table on SQLite (batch mode): rows survive, seeds do not."""
    engine = make_engine(empty_database_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO trusts (id, name, created_at) VALUES (1, 'T', :at)"), {"at": NOW}
            )
            conn.execute(
                text(
                    "INSERT INTO users (trust_id, email, display_name, totp_secret, totp_confirmed,"
                    " failed_logins, is_active, created_at) VALUES (1, 'a@b.org', 'A',"
                    " 'JBSWY3DPEHPK3PXP', true, 2, true, :at)"
                ),
                {"at": NOW},
            )
        upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT email, totp_secret_sealed, totp_confirmed, failed_logins FROM users")
            ).one()
        assert (row.email, row.totp_secret_sealed, bool(row.totp_confirmed), row.failed_logins) == (
            "a@b.org",
            None,
            False,
            2,
        )
    finally:
        engine.dispose()
