"""The audit chain: append, verify, append-only triggers, tampering and checkpoints."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from postguard import audit
from postguard.store.models import AuditEvent

KEY = "k" * 40


def _events(session: Session, n: int, start: int = 0) -> list[AuditEvent]:
    return [
        audit.record(
            session,
            actor=f"user:{i}",
            action="test.event",
            object_type="post",
            object_id=i,
            school="Test School",
            after_ref=f"post:{i}",
            details={"n": i, "flag": i % 2 == 0, "note": None},
        )
        for i in range(start, start + n)
    ]


def bypass_append_only(session: Session) -> None:
    """What an attacker with owner/superuser rights can do; undone by the test's rollback."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DROP TRIGGER audit_events_no_update"))
        session.execute(text("DROP TRIGGER audit_events_no_delete"))
    else:
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))


def _assert_verdict(
    session: Session, ok: bool, bad_seq: int | None, problem: str, **kw: object
) -> None:
    session.expire_all()
    result = audit.verify(session, **kw)  # type: ignore[arg-type]
    assert (result.ok, result.bad_seq) == (ok, bad_seq), result.describe()
    assert problem in (result.problem or ""), result.describe()


def test_events_chain_from_genesis(db_session: Session) -> None:
    events = _events(db_session, 4)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == audit.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    _assert_verdict(db_session, True, None, "")
    assert audit.verify(db_session).checked == 4


def test_hash_is_sha256_of_prev_hash_and_canonical_json(db_session: Session) -> None:
    import hashlib

    (event,) = _events(db_session, 1)
    db_session.expire_all()
    stored = db_session.get(AuditEvent, 1)
    assert stored is not None
    canonical = audit.canonical_json(stored)
    assert canonical.startswith('{"action":"test.event","actor":"user:0","after_ref":"post:0"')
    assert stored.hash == hashlib.sha256((audit.GENESIS_HASH + canonical).encode()).hexdigest()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET actor = 'someone else' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
        "DELETE FROM audit_events",
    ],
)
def test_triggers_refuse_update_and_delete(db_session: Session, sql: str) -> None:
    _events(db_session, 2)
    with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(text(sql))
    _assert_verdict(db_session, True, None, "")


def test_postgresql_app_role_without_update_delete_is_refused(db_session: Session) -> None:
    """The grant-based setup of docs/storage.md, checked for real on PostgreSQL."""
    if db_session.get_bind().dialect.name == "sqlite":  # no roles: the triggers are the guard
        triggers = db_session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        ).scalars()
        assert list(triggers) == ["audit_events_no_delete", "audit_events_no_update"]
        return
    _events(db_session, 1)
    role = "postguard_test_app_role"
    db_session.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    schema = db_session.execute(text("SELECT current_schema()")).scalar_one()
    db_session.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}'))
    db_session.execute(text(f"GRANT SELECT, INSERT ON audit_events TO {role}"))
    bypass_append_only(db_session)  # even without the trigger, the grants refuse
    db_session.execute(text(f"SET LOCAL ROLE {role}"))
    with pytest.raises(DBAPIError, match="permission denied"), db_session.begin_nested():
        db_session.execute(text("UPDATE audit_events SET actor = 'x' WHERE seq = 1"))
    with pytest.raises(DBAPIError, match="permission denied"), db_session.begin_nested():
        db_session.execute(text("DELETE FROM audit_events"))
    db_session.execute(text("RESET ROLE"))


TAMPERING: list[tuple[str, str, int, str]] = [
    (
        "edit a field",
        "UPDATE audit_events SET actor = 'user:99' WHERE seq = 3",
        3,
        "hash does not match",
    ),
    (
        "edit details",
        "UPDATE audit_events SET school = NULL WHERE seq = 2",
        2,
        "hash does not match",
    ),
    ("delete a row", "DELETE FROM audit_events WHERE seq = 3", 3, "rows missing"),
    ("delete the first", "DELETE FROM audit_events WHERE seq = 1", 1, "rows missing"),
    (
        "overwrite a hash",
        "UPDATE audit_events SET hash = '" + "f" * 64 + "' WHERE seq = 4",
        4,
        "hash does not match",
    ),
    (
        "relink a row",
        "UPDATE audit_events SET prev_hash = '" + "e" * 64 + "' WHERE seq = 2",
        2,
        "prev_hash does not match",
    ),
]


@pytest.mark.parametrize("label, sql, bad_seq, problem", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_tampering_names_the_first_bad_row(
    db_session: Session, label: str, sql: str, bad_seq: int, problem: str
) -> None:
    _events(db_session, 5)
    bypass_append_only(db_session)
    db_session.execute(text(sql))
    _assert_verdict(db_session, False, bad_seq, problem)


def _rewrite_chain(session: Session) -> None:
    """Delete every row and write a different, internally consistent chain."""
    bypass_append_only(session)
    session.execute(text("DELETE FROM audit_events"))
    session.expire_all()
    _events(session, 5, start=100)


def test_checkpoint_detects_a_chain_rewritten_from_the_start(db_session: Session) -> None:
    _events(db_session, 5)
    cp = audit.checkpoint(db_session, KEY)
    assert (cp.seq, len(cp.hash), len(cp.mac)) == (5, 64, 64)
    _rewrite_chain(db_session)
    _assert_verdict(db_session, True, None, "")  # consistent on its own...
    _assert_verdict(db_session, False, 5, "rewritten", checkpoint=cp, secret_key=KEY)


def test_checkpoint_detects_a_chain_cut_short(db_session: Session) -> None:
    _events(db_session, 5)
    cp = audit.checkpoint(db_session, KEY)
    bypass_append_only(db_session)
    db_session.execute(text("DELETE FROM audit_events WHERE seq >= 4"))
    _assert_verdict(db_session, True, None, "")
    _assert_verdict(db_session, False, 4, "checkpoint signed seq 5", checkpoint=cp, secret_key=KEY)


def test_checkpoint_still_holds_as_the_chain_grows(db_session: Session) -> None:
    _events(db_session, 3)
    cp = audit.checkpoint(db_session, KEY)
    _events(db_session, 3, start=3)
    _assert_verdict(db_session, True, None, "", checkpoint=cp, secret_key=KEY)


@pytest.mark.parametrize(
    "forge",
    [
        lambda cp: audit.Checkpoint(cp.seq, cp.hash, "0" * 64),
        lambda cp: audit.Checkpoint(cp.seq - 1, cp.hash, cp.mac),
        lambda cp: audit.Checkpoint(
            cp.seq, cp.hash, audit.sign_head("another key", cp.seq, cp.hash)
        ),
    ],
    ids=["bad mac", "other seq", "other key"],
)
def test_forged_checkpoints_are_refused(
    db_session: Session, forge: Callable[[audit.Checkpoint], audit.Checkpoint]
) -> None:
    _events(db_session, 3)
    cp = audit.checkpoint(db_session, KEY)
    _assert_verdict(db_session, False, None, "HMAC is wrong", checkpoint=forge(cp), secret_key=KEY)


def test_checkpoint_json_round_trip(db_session: Session) -> None:
    _events(db_session, 2)
    cp = audit.checkpoint(db_session, KEY)
    assert audit.Checkpoint.from_json(cp.to_json()) == cp
    with pytest.raises(ValueError, match="not a PostGuard audit checkpoint"):
        audit.Checkpoint.from_json('{"seq": "2"}')


def test_empty_chain_verifies_and_checkpoints_at_zero(db_session: Session) -> None:
    cp = audit.checkpoint(db_session, KEY)
    assert (cp.seq, cp.hash) == (0, audit.GENESIS_HASH)
    _assert_verdict(db_session, True, None, "", checkpoint=cp, secret_key=KEY)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("object_id", "A123456789012", "looks like a UPN"),
        ("after_ref", "pupil:B987654321098", "looks like a UPN"),
        ("details", {"upn": "C123456789012"}, "looks like a UPN"),
        ("details", {"score": 0.5}, "only str, int, bool or None"),
        ("details", {"names": ["x"]}, "only str, int, bool or None"),
    ],
)
def test_record_refuses_child_data_and_non_scalars(
    db_session: Session, field: str, value: object, message: str
) -> None:
    kwargs: dict[str, object] = {
        "actor": "system",
        "action": "test.event",
        "object_type": "pupil",
        "object_id": 1,
    }
    kwargs[field] = value
    with pytest.raises(audit.AuditError, match=message):
        audit.record(db_session, **kwargs)  # type: ignore[arg-type]
    assert db_session.scalars(select(AuditEvent)).first() is None
