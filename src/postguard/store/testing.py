"""Pytest fixtures for tests on real databases: SQLite and PostgreSQL, each test rolled back.

Import them in a ``conftest.py``::

    from postguard.store.testing import (  # noqa: F401
        database, db_connection, db_session, empty_database_url, fresh_database_url,
    )

``database`` is parametrised over both backends and migrated ONCE per backend
per test session (Alembic, never ``create_all``). PostgreSQL tests use a schema
of their own (``postguard_test_<pid>_<n>``), dropped at the end. If PostgreSQL cannot be
reached the PostgreSQL tests FAIL with the reason: they are never skipped.
``POSTGUARD_TEST_POSTGRES_URL`` overrides the server
(default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from postguard.store.engine import make_engine, normalise_url
from postguard.store.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")
_schemas = count()


@dataclass(frozen=True)
class Database:
    backend: str
    url: str
    engine: Engine


def postgres_url() -> URL:
    return normalise_url(os.environ.get("POSTGUARD_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


def _admin_engine() -> Engine:
    url = postgres_url()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means the same thing
        engine.dispose()
        pytest.fail(
            f"PostgreSQL is not reachable at {url.render_as_string(hide_password=True)} "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
            "The suite runs on PostgreSQL too: start it (docs/storage.md) or set "
            "POSTGUARD_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    return engine


def _create_schema() -> tuple[str, str]:
    """A fresh, empty schema; returns (schema, URL whose search_path is that schema)."""
    schema = f"postguard_test_{os.getpid()}_{next(_schemas)}"
    admin = _admin_engine()
    try:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        admin.dispose()
    url = postgres_url().update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def _drop_schema(schema: str) -> None:
    admin = _admin_engine()
    try:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


def _empty(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database (a new SQLite file, or a new PostgreSQL schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'postguard-test.sqlite3'}"
        return
    schema, url = _create_schema()
    try:
        yield url
    finally:
        _drop_schema(schema)


def _migrated(backend: str, folder: Path) -> Generator[Database, None, None]:
    for url in _empty(backend, folder):
        engine = make_engine(url)
        try:
            upgrade(engine)
            yield Database(backend, url, engine)
        finally:
            engine.dispose()


_migrated_once: dict[str, Database] = {}


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """A migrated database per backend, shared by the whole test session.

    Migrated once per backend even when several conftests import this fixture;
    dropped when pytest ends.
    """
    backend = str(request.param)
    db = _migrated_once.get(backend)
    if db is None:
        gen = _migrated(backend, tmp_path_factory.mktemp(f"db-{backend}"))
        db = _migrated_once[backend] = next(gen)

        def cleanup() -> None:
            _migrated_once.pop(backend, None)
            gen.close()

        request.config.add_cleanup(cleanup)
    return db


@pytest.fixture
def db_connection(database: Database) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with database.engine.connect() as conn:
        outer = conn.begin()
        try:
            yield conn
        finally:
            if outer.is_active:
                outer.rollback()


@pytest.fixture
def db_session(db_connection: Connection) -> Iterator[Session]:
    """A session joined to the test's transaction: its commits are savepoints."""
    session = Session(
        bind=db_connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, never migrated."""
    yield from _empty(str(request.param), tmp_path)


@pytest.fixture(params=BACKENDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a brand-new, migrated database whose commits are real (for CLI tests)."""
    for db in _migrated(str(request.param), tmp_path):
        db.engine.dispose()
        yield db.url
