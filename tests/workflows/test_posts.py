"""A post's checks are kept with their verdicts; the audit names them without the text."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard import audit
from postguard.content import post
from postguard.demo import demo_dir
from postguard.runtime import Runtime, load_runtime
from postguard.settings import load_settings
from postguard.store import models as db
from postguard.workflows.posts import checks_of, record_check
from postguard.workflows.trusts import ensure_school, ensure_trust

TODAY = date(2026, 11, 23)
SCHOOL = "Riverside Academy"
NAMED = "Well done Hope Fairweather, reader of the week!"
FIXED = "Well done to our reader of the week!"


@pytest.fixture(scope="module")
def loaded() -> Runtime:
    return load_runtime(load_settings({}), roster_dir=demo_dir(), today=TODAY)


def test_checks_are_kept_and_audited_without_the_text(db_session: Session, loaded: Runtime) -> None:
    school = ensure_school(
        db_session, ensure_trust(db_session, "T", actor="system"), SCHOOL, actor="system"
    )
    first = loaded.checker.check(post(NAMED, images=1, school=SCHOOL))
    assert first.outcome.value != "publish"
    check = record_check(
        db_session, school=school, text=NAMED, image_count=1, verdict=first, actor="user:1"
    )
    the_post = db_session.get(db.Post, check.post_id)
    assert the_post is not None
    second = loaded.checker.check(post(FIXED, images=1, school=SCHOOL))
    record_check(
        db_session,
        school=school,
        text=FIXED,
        image_count=1,
        verdict=second,
        actor="user:1",
        post=the_post,
    )
    db_session.expire_all()
    kept = checks_of(db_session, the_post)
    assert [c.outcome for c in kept] == [first.outcome.value, second.outcome.value]
    assert kept[0].verdict == first.to_dict() and kept[0].verdict["findings"]
    assert the_post.text == FIXED and the_post.status == "checked"
    rows = [audit.canonical_json(e) for e in db_session.scalars(select(db.AuditEvent))]
    assert [r for r in rows if "Fairweather" in r or "Hope" in r] == []
    assert '"findings":' in rows[-1] and audit.verify(db_session).ok
