"""The web app's database: one engine, a reading and a writing session factory.

Created with the app (nothing connects until the first request). Pages read
through :meth:`WebDatabase.reading`; anything that changes a row goes through
:meth:`WebDatabase.writing` and a workflow, committed when the block ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from postguard.store.engine import make_engine, make_session_factory, ping


@dataclass(frozen=True)
class WebDatabase:
    engine: Engine
    read: sessionmaker[Session]
    write: sessionmaker[Session]

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
        with self.write() as session, session.begin():
            yield session

    def reachable(self) -> bool:
        return ping(self.engine)
