"""Audit appends from several connections at once stay one unbroken chain."""

from __future__ import annotations

import threading

from sqlalchemy import event

from postguard import audit
from postguard.store import make_engine
from postguard.store.engine import make_session_factory

THREADS = 4
EVENTS_EACH = 15


def test_concurrent_appends_keep_one_chain(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url, pool_size=THREADS + 1)
    begins: list[str] = []
    if engine.dialect.name == "sqlite":
        event.listen(
            engine,
            "before_cursor_execute",
            lambda _c, _cur, stmt, *_a: begins.append(stmt) if stmt.startswith("BEGIN") else None,
        )
    factory = make_session_factory(engine)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(EVENTS_EACH):
                with factory() as session, session.begin():
                    audit.record(
                        session,
                        actor=f"user:{n}",
                        action="test.append",
                        object_type="post",
                        object_id=i,
                    )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        with make_session_factory(engine, write=False)() as session:
            result = audit.verify(session)
        assert (result.ok, result.checked) == (True, THREADS * EVENTS_EACH), result.describe()
        if engine.dialect.name == "sqlite":
            assert begins and all(b == "BEGIN IMMEDIATE" for b in begins[:-1])
            assert begins[-1] == "BEGIN"  # the read-only verification
    finally:
        engine.dispose()
