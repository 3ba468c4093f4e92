"""The engine and session factories: SQLite by default, PostgreSQL by URL.

SQLite connections get WAL journalling, foreign keys and a busy timeout on every
connect, and explicit ``BEGIN`` so that transactions and savepoints behave as on
PostgreSQL. ``postgresql://`` URLs use the psycopg 3 driver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; bare ``postgresql://`` (or ``postgres://``) means psycopg 3."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def _sqlite_file(u: URL) -> Path | None:
    db = u.database or ""
    if not db or db == ":memory:" or db.startswith("file:") or u.query.get("mode") == "memory":
        return None
    return Path(db)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (below): pysqlite's implicit transactions
    # break SAVEPOINT and would run these PRAGMAs inside a transaction.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        cur.close()


WRITE_OPTION = "postguard_write"


def _on_sqlite_begin(conn: Connection) -> None:
    # A writing transaction takes SQLite's write lock up front (waiting up to the
    # busy timeout): it can then never fail later because another writer committed
    # since it first read (WAL's "stale snapshot"), which would otherwise happen to
    # two audit appends at once. Reading transactions stay deferred and never wait.
    writes = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(url: str | URL, *, echo: bool = False, **kwargs: Any) -> Engine:
    """Create the engine for ``url`` (nothing connects until first use).

    For a SQLite file the parent folder is created if missing.
    """
    u = normalise_url(url)
    if u.get_backend_name() == "sqlite":
        path = _sqlite_file(u)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, echo=echo, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(u, echo=echo, **kwargs)


def make_session_factory(engine: Engine, *, write: bool = True) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (``expire_on_commit=False``).

    ``write=True`` (for workflows) makes SQLite transactions ``BEGIN IMMEDIATE``;
    use ``write=False`` for sessions that only read (pages, reports).
    """
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


def ping(engine: Engine) -> bool:
    """True when the database answers (for ``GET /health``)."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
