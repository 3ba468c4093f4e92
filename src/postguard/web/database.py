"""The web app's database: one engine, a reading and a writing session factory.

Created with the app (nothing connects until the first request). Pages read
through :meth:`WebDatabase.reading`; anything that changes a row goes through
:meth:`WebDatabase.writing` and a workflow, committed when the block ends.

On SQLite, writing transactions of this process take turns on a lock first:
SQLite allows one writer at a time anyway, and waiting on a lock wakes the next
writer at once, where SQLite's busy handler sleeps in growing steps (which made
the slowest 1% of checks ten times slower under load).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from postguard.store.engine import make_engine, make_session_factory, ping


@dataclass(frozen=True)
class WebDatabase:
    engine: Engine
    read: sessionmaker[Session]
    write: sessionmaker[Session]
    _write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _turn(self) -> AbstractContextManager[object]:
        return self._write_lock if self.engine.dialect.name == "sqlite" else nullcontext()

    @classmethod
    def for_engine(cls, engine: Engine) -> WebDatabase:
        return cls(
            engine,
            make_session_factory(engine, write=False),
            make_session_factory(engine, write=True),
        )

    @classmethod
    def for_url(cls, url: str) -> WebDatabase:
        return cls.for_engine(make_engine(url))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction committed when the block succeeds, rolled back otherwise."""
        with self._turn(), self.write() as session, session.begin():
            yield session

    def reachable(self) -> bool:
        return ping(self.engine)
