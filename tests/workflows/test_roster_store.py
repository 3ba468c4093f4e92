"""The roster goes into the database as versions: re-importable, history kept, audited."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.demo import demo_dir
from postguard.roster.importer import load_roster
from postguard.roster.models import Consent, ConsentScope, ConsentStatus, Roster
from postguard.store import models as db
from postguard.store.rosters import consent_history, current_roster, pupil_history
from postguard.workflows.roster import RosterSaved, save_roster

TODAY = date(2026, 11, 23)
TRUST = "Demo Trust"
ACTOR = "cli:it-admin"


@pytest.fixture(scope="module")
def demo() -> Roster:
    return load_roster(demo_dir(), today=TODAY)


def _save(session: Session, roster: Roster) -> RosterSaved:
    saved = save_roster(session, roster, trust_name=TRUST, actor=ACTOR)
    session.commit()  # a savepoint release inside the test's transaction
    return saved


def _trust_id(session: Session) -> int:
    return session.scalars(select(db.Trust.id).where(db.Trust.name == TRUST)).one()


def _pupil_id(session: Session, upn: str) -> int:
    return session.scalars(select(db.Pupil.id).where(db.Pupil.upn == upn)).one()


def _in_force(roster: Roster) -> dict[tuple[str, ConsentScope], tuple[ConsentStatus, date, str]]:
    keys = {(c.upn, c.scope) for c in roster.consents}
    out = {}
    for upn, scope in keys:
        c = roster.consent(upn, scope)
        assert c is not None
        out[(upn, scope)] = (c.status, c.date, c.given_by)
    return out


def assert_same_roster(got: Roster, want: Roster) -> None:
    assert sorted(got.pupils, key=lambda p: p.upn) == sorted(want.pupils, key=lambda p: p.upn)
    assert sorted(got.staff, key=lambda m: m.staff_id) == sorted(
        want.staff, key=lambda m: m.staff_id
    )
    assert Counter(got.contacts) == Counter(set(want.contacts))
    assert _in_force(got) == _in_force(want)
    assert {s.name: s.address for s in got.schools} == {s.name: s.address for s in want.schools}
    assert got.official_domains() == want.official_domains()


def test_import_round_trips_the_roster(db_session: Session, demo: Roster) -> None:
    saved = _save(db_session, demo)
    assert saved.counts["pupil.add"] == len(demo.pupils)
    assert saved.counts["consent.record"] == len(demo.consents)
    assert_same_roster(current_roster(db_session, _trust_id(db_session)), demo)
    assert audit.verify(db_session).ok


def test_reimporting_the_same_roster_changes_nothing_but_the_version(
    db_session: Session, demo: Roster
) -> None:
    first = _save(db_session, demo)
    events_before = audit.count(db_session)
    second = _save(db_session, demo)
    assert second.version_id != first.version_id
    assert {k: v for k, v in second.counts.items() if "." in k} == {}
    assert audit.count(db_session) == events_before + 1  # just "roster.import"
    assert_same_roster(current_roster(db_session, _trust_id(db_session)), demo)


def test_a_pupil_who_left_keeps_their_history(db_session: Session, demo: Roster) -> None:
    leaver, changed, *rest = demo.pupils
    _save(db_session, demo)
    moved = dataclasses.replace(changed, year=str(int(changed.year) + 1), reg_group="X1")
    next_year = dataclasses.replace(
        demo,
        pupils=(moved, *rest),
        contacts=tuple(c for c in demo.contacts if c.upn != leaver.upn),
        consents=tuple(c for c in demo.consents if c.upn != leaver.upn),
    )
    saved = _save(db_session, next_year)
    assert (saved.counts["pupil.remove"], saved.counts["pupil.update"]) == (1, 1)

    leaver_records = pupil_history(db_session, _pupil_id(db_session, leaver.upn))
    assert len(leaver_records) == 1 and leaver_records[0].valid_to_version_id == saved.version_id
    assert leaver_records[0].legal_surname == leaver.legal_surname  # kept, not erased
    assert consent_history(db_session, _pupil_id(db_session, leaver.upn), ConsentScope.SOCIAL_MEDIA)
    changed_records = pupil_history(db_session, _pupil_id(db_session, changed.upn))
    assert [r.year for r in changed_records] == [changed.year, moved.year]
    assert [r.valid_to_version_id for r in changed_records] == [saved.version_id, None]

    now = current_roster(db_session, _trust_id(db_session))
    assert now.pupil(leaver.upn) is None
    assert now.pupil(changed.upn) == moved

    back = _save(db_session, demo)  # the leaver returns
    assert back.counts["pupil.return"] == 1
    assert len(pupil_history(db_session, _pupil_id(db_session, leaver.upn))) == 2


def _with_consent(roster: Roster, extra: Consent) -> Roster:
    return dataclasses.replace(roster, consents=(*roster.consents, extra))


def test_consent_history_is_kept_and_the_latest_wins(db_session: Session, demo: Roster) -> None:
    pupil = demo.pupils[0]
    scope = ConsentScope.SOCIAL_MEDIA
    _save(db_session, demo)
    withdrawn = Consent(pupil.upn, scope, ConsentStatus.WITHDRAWN, date(2026, 11, 1), "Parent")
    saved = _save(db_session, _with_consent(demo, withdrawn))
    assert saved.counts["consent.record"] == 1
    pid = _pupil_id(db_session, pupil.upn)
    history = consent_history(db_session, pid, scope)
    assert history[-1].status == "withdrawn" and len(history) >= 2
    now = current_roster(db_session, _trust_id(db_session))
    assert not now.has_consent(pupil.upn, scope)

    # An older export without the withdrawal never undoes it.
    older = _save(db_session, demo)
    assert older.counts.get("consent.later_kept") == 1
    assert consent_history(db_session, pid, scope)[-1].status == "withdrawn"

    # Granted again on the same day as the withdrawal: restated, and it wins.
    regranted = Consent(pupil.upn, scope, ConsentStatus.GRANTED, date(2026, 11, 1), "Parent")
    _save(db_session, _with_consent(_with_consent(demo, withdrawn), regranted))
    assert consent_history(db_session, pid, scope)[-1].status == "granted"
    _save(db_session, _with_consent(_with_consent(demo, regranted), withdrawn))
    assert consent_history(db_session, pid, scope)[-1].status == "withdrawn"
    assert audit.verify(db_session).ok


def test_every_change_is_audited_without_child_data(
    db_session: Session, demo: Roster, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    saved = _save(db_session, demo)
    events = db_session.scalars(select(db.AuditEvent).order_by(db.AuditEvent.seq)).all()
    actions = Counter(e.action for e in events)
    for action, n in saved.counts.items():
        if "." in action:
            assert actions[action] == n, action
    assert actions["roster.import"] == 1
    child_data = {p.upn for p in demo.pupils}
    child_data |= {n for p in demo.pupils for n in (*p.forenames, *p.surnames)}
    child_data |= {p.dob.isoformat() for p in demo.pupils}
    child_data |= {c.surname for c in demo.contacts} | {c.email for c in demo.contacts if c.email}
    rows = [audit.canonical_json(e) for e in events]
    leaks = sorted({d for d in child_data for row in rows if f'"{d}"' in row or f":{d}" in row})
    assert leaks == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [d for d in child_data if d in logged]


def test_imports_are_per_trust(db_session: Session, demo: Roster) -> None:
    _save(db_session, demo)
    save_roster(db_session, demo, trust_name="Other Trust", actor=ACTOR)
    assert db_session.scalar(select(func.count()).select_from(db.Trust)) == 2
    assert db_session.scalar(select(func.count()).select_from(db.Pupil)) == 2 * len(demo.pupils)


def test_northfield_roster_round_trips(db_session: Session, northfield_dir: Path) -> None:
    roster = load_roster(northfield_dir, today=TODAY)
    saved = _save(db_session, roster)
    assert saved.counts["pupil.add"] == len(roster.pupils)
    assert_same_roster(current_roster(db_session, _trust_id(db_session)), roster)
    assert audit.verify(db_session).ok
