"""The hash-chained, append-only audit log.

Every change a workflow makes calls :func:`record` in the same transaction. Each
row stores its chain position ``seq`` (1, 2, 3... with no gaps), the hash of the
row before it and its own hash::

    hash = SHA-256(prev_hash ‖ canonical JSON of the row)

where the canonical JSON holds every other field (sorted keys, no spaces, UTC
timestamp with microseconds). Editing, deleting or inserting a row breaks the
chain at that row, and :func:`verify` names it. Rewriting the whole chain from
the start (recomputing every hash) is caught by a :class:`Checkpoint`: the head
``(seq, hash)`` signed with HMAC-SHA256 under the secret key and kept somewhere
else (printed by ``postguard audit checkpoint``).

No child data in clear: objects are named by table and row id, and states by
references (``"consent:42"``, ``"sha256:..."``). :func:`record` refuses values that
look like a UPN and detail values that are not plain scalars.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from postguard.store.base import utcnow
from postguard.store.models import AuditEvent

GENESIS_HASH = "0" * 64
CHECKPOINT_CONTEXT = b"postguard-audit-checkpoint-v1"
# PostgreSQL: serialise appends with a transaction-level advisory lock (needs no privilege).
_PG_LOCK_KEY = 0x706775617564  # "pguaud"
_UPN_LIKE = re.compile(r"\b[A-Z]\d{11}[0-9A-Z]\b")
_FIELDS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "school",
    "before_ref",
    "after_ref",
    "details",
)

Scalar = str | int | bool | None


class AuditError(ValueError):
    """An audit event was refused (it would carry child data or a value that is not plain)."""


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(event: Any) -> str:
    """The row's fields other than the hashes, as canonical JSON (an AuditEvent or a row)."""
    doc: dict[str, Any] = {name: getattr(event, name) for name in _FIELDS}
    doc["at"] = _timestamp(event.at)
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(prev_hash: str, event: Any) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event)).encode()).hexdigest()


def _check_value(field: str, value: object) -> None:
    if isinstance(value, str) and _UPN_LIKE.search(value):
        raise AuditError(f"audit {field}: looks like a UPN; name objects by row id instead")


def _clean_details(details: Mapping[str, Scalar] | None) -> dict[str, Scalar]:
    out: dict[str, Scalar] = {}
    for key, value in (details or {}).items():
        if not isinstance(value, str | int | bool | type(None)) or isinstance(value, float):
            raise AuditError(f"audit details[{key!r}]: only str, int, bool or None are allowed")
        _check_value(f"details[{key!r}]", value)
        out[str(key)] = value
    return out


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    # SQLite: the write lock taken by the INSERT serialises appends; a concurrent
    # append from a stale snapshot fails (SQLITE_BUSY) and the unique prev_hash refuses a fork.


def head(session: Session) -> AuditEvent | None:
    """The last event of the chain, if any."""
    return session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()


class AuditChain:
    """Appends events to the chain within one transaction.

    Creating it takes the chain's lock (PostgreSQL) and reads the head once, so a
    workflow writing thousands of events (a roster import) does not re-read it for
    each. Events are added to the session; they reach the database at the next flush.
    Use one chain per workflow call and pass it down (``chain=``): a second chain
    created meanwhile would make this one's next ``seq`` stale, and the insert fails
    (primary key) rather than forking the chain.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        _lock_chain(session)
        session.flush()
        last = head(session)
        self._seq = 0 if last is None else last.seq
        self._hash = GENESIS_HASH if last is None else last.hash

    def record(
        self,
        *,
        actor: str,
        action: str,
        object_type: str,
        object_id: str | int,
        school: str | None = None,
        before_ref: str | None = None,
        after_ref: str | None = None,
        details: Mapping[str, Scalar] | None = None,
        at: datetime | None = None,
    ) -> AuditEvent:
        fields = {
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "school": school,
            "before_ref": before_ref,
            "after_ref": after_ref,
        }
        for name, value in fields.items():
            _check_value(name, value)
        event = AuditEvent(
            seq=self._seq + 1,
            at=(at or utcnow()).astimezone(UTC),
            details=_clean_details(details),
            prev_hash=self._hash,
            hash="",
            **fields,
        )
        event.hash = row_hash(event.prev_hash, event)
        self.session.add(event)
        self._seq, self._hash = event.seq, event.hash
        return event


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int,
    school: str | None = None,
    before_ref: str | None = None,
    after_ref: str | None = None,
    details: Mapping[str, Scalar] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the session's transaction (flushed, not committed)."""
    event = AuditChain(session).record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        school=school,
        before_ref=before_ref,
        after_ref=after_ref,
        details=details,
        at=at,
    )
    session.flush()
    return event


# -- checkpoints ---------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """The signed head of the chain, to keep outside the database."""

    seq: int
    hash: str
    mac: str

    def to_json(self) -> str:
        return json.dumps({"seq": self.seq, "hash": self.hash, "hmac": self.mac})

    @classmethod
    def from_json(cls, raw: str) -> Checkpoint:
        try:
            doc = json.loads(raw)
            seq, digest, mac = doc["seq"], doc["hash"], doc["hmac"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"not a PostGuard audit checkpoint: {exc}") from None
        if not isinstance(seq, int) or not isinstance(digest, str) or not isinstance(mac, str):
            raise ValueError("not a PostGuard audit checkpoint: seq, hash or hmac malformed")
        return cls(seq, digest, mac)


def sign_head(secret_key: str, seq: int, digest: str) -> str:
    """HMAC-SHA256 of a chain head under the secret key."""
    message = CHECKPOINT_CONTEXT + f":{seq}:{digest}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def checkpoint(session: Session, secret_key: str) -> Checkpoint:
    """Sign the current head of the chain (seq 0 and the genesis hash when empty)."""
    last = head(session)
    seq, digest = (0, GENESIS_HASH) if last is None else (last.seq, last.hash)
    return Checkpoint(seq, digest, sign_head(secret_key, seq, digest))


# -- verification --------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head_seq: int
    bad_seq: int | None = None
    problem: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"audit chain OK: {self.checked} events, head seq {self.head_seq}"
        where = f"seq {self.bad_seq}" if self.bad_seq is not None else "checkpoint"
        return f"audit chain BROKEN at {where}: {self.problem}"


def verify(
    session: Session,
    checkpoint: Checkpoint | None = None,
    *,
    secret_key: str | None = None,
    batch: int = 1000,
) -> Verification:
    """Walk the chain from seq 1 and name the first bad row.

    With a ``checkpoint`` (and the ``secret_key`` it was signed with) also check
    that the chain still passes through the signed head: a chain rewritten from
    the start, or cut short, fails here even though every link is consistent.
    """
    if checkpoint is not None:
        if secret_key is None:
            raise ValueError("verifying a checkpoint needs the secret key")
        if not hmac.compare_digest(
            checkpoint.mac, sign_head(secret_key, checkpoint.seq, checkpoint.hash)
        ):
            return Verification(
                False, 0, 0, None, "the checkpoint's HMAC is wrong (forged, or another key)"
            )
    stmt = (
        select(*AuditEvent.__table__.columns)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=batch)
    )
    result = session.execute(stmt)
    try:
        return _walk(result, checkpoint)
    finally:
        result.close()


def _walk(rows: Iterable[Any], checkpoint: Checkpoint | None) -> Verification:
    prev = GENESIS_HASH
    expected = 1
    checked = 0
    for event in rows:
        if event.seq != expected:
            problem = f"expected seq {expected}, found seq {event.seq}: rows missing (deleted?)"
            return Verification(False, checked, expected - 1, expected, problem)
        if event.prev_hash != prev:
            problem = "prev_hash does not match the hash of the row before (inserted or rewritten?)"
            return Verification(False, checked, event.seq, event.seq, problem)
        if row_hash(prev, event) != event.hash:
            problem = "hash does not match the row's contents (edited in the database?)"
            return Verification(False, checked, event.seq, event.seq, problem)
        if checkpoint is not None and event.seq == checkpoint.seq and event.hash != checkpoint.hash:
            problem = "differs from the signed checkpoint: the chain was rewritten up to here"
            return Verification(False, checked, event.seq, event.seq, problem)
        prev = event.hash
        checked += 1
        expected += 1
    head_seq = expected - 1
    if checkpoint is not None and checkpoint.seq > head_seq:
        problem = f"the chain ends at seq {head_seq} but the checkpoint signed seq {checkpoint.seq}"
        return Verification(False, checked, head_seq, head_seq + 1, problem)
    return Verification(True, checked, head_seq)


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0
