"""Every table takes a row with its defaults, on both backends (foreign keys enforced)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.store import models as db


def test_one_row_in_every_table(db_session: Session) -> None:
    trust = db.Trust(name="Model Trust")
    db_session.add(trust)
    db_session.flush()
    school = db.School(
        trust_id=trust.id, name="Model School", contacts={"phones": ["01632 960000"]}
    )
    version = db.RosterVersion(trust_id=trust.id, imported_by="system", fingerprint="f" * 16)
    db_session.add_all([school, version])
    db_session.flush()
    user = db.User(trust_id=trust.id, email="m@example.org")
    pupil = db.Pupil(trust_id=trust.id, upn="A123456789012", first_version_id=version.id)
    db_session.add_all([user, pupil])
    db_session.flush()
    account = db.Account(
        trust_id=trust.id,
        school_id=school.id,
        platform="x",
        handle="@model",
        requested_by_id=user.id,
    )
    db_session.add(account)
    db_session.flush()
    the_post = db.Post(school_id=school.id, account_id=account.id, author_id=user.id, text="Hi")
    db_session.add(the_post)
    db_session.flush()
    comment = db.Comment(
        account_id=account.id, post_id=the_post.id, platform_comment_id="c1", text="x"
    )
    db_session.add(comment)
    db_session.flush()
    concern = db.Concern(
        school_id=school.id,
        pupil_id=pupil.id,
        comment_id=comment.id,
        reported_by_id=user.id,
        source="comment",
        summary="details for the DSL",
    )
    db_session.add(concern)
    db_session.flush()
    db_session.add_all(
        [
            db.ConcernNote(concern_id=concern.id, author_id=user.id, text="called parent"),
            db.Acknowledgement(user_id=user.id, policy_id="cockburn-mat", policy_version="2021"),
            db.PolicyException(
                school_id=school.id,
                requested_by_id=user.id,
                clause_id="P6",
                reason="trip",
                starts_on=date(2026, 12, 1),
                expires_on=date(2026, 12, 3),
            ),
            db.RoleGrant(user_id=user.id, role="dsl", school_id=school.id, granted_by="system"),
            db.PostCheck(
                post_id=the_post.id,
                outcome="publish",
                policy_id="p",
                policy_version="1",
                verdict={"outcome": "publish", "findings": []},
            ),
        ]
    )
    db_session.flush()
    db_session.expire_all()
    got = db_session.scalars(select(db.User).where(db.User.email == "m@example.org")).one()
    assert (got.is_active, got.failed_logins, got.totp_confirmed) == (True, 0, False)
    assert got.created_at.tzinfo is UTC and got.created_at <= datetime.now(UTC)
    assert db_session.scalars(select(db.Account.status)).one() == "requested"
    assert db_session.scalars(select(db.Concern.status)).one() == "open"
    assert db_session.scalars(select(db.PolicyException.status)).one() == "requested"
    assert db_session.scalars(select(db.School.contacts)).one() == {"phones": ["01632 960000"]}
