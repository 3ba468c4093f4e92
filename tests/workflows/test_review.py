"""The review of flagged posts (S2; consent for unknown faces, S5): submit, approve, return.

Each action writes exactly one audit event citing its clause, refuses bad input
with a message per field and leaves nothing half-written; nobody reviews their
own post, and a blocked post is never approved. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from postguard import audit
from postguard.auth.roles import Role
from postguard.findings import (
    Action,
    Box,
    ClauseRef,
    Detection,
    Finding,
    Location,
    Verdict,
)
from postguard.store import models as db
from postguard.workflows import review as wf
from postguard.workflows.posts import record_check
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

ACTOR = "test"
KEY = "test-secret-key-" + "x" * 24
POLICY = ("cockburn-mat-social-media-policy", "2021.1")
FACE_BOX = Box(40, 30, 64, 64)


def name_finding() -> Finding:
    detection = Detection(
        "names", "pupil_name", Location(10, 26), "Hope Fairweather", 0.9, "A name"
    )
    return Finding("S6-PUPIL-NAME-PHOTO", (ClauseRef("S6", "No names"),), Action.BLOCK, detection)


def face_finding(box: Box = FACE_BOX, image: int = 0) -> Finding:
    detection = Detection(
        "faces", "face", Location(image_index=image, box=box), "", 0.4, "A face", "unknown"
    )
    return Finding("S5-FACE-UNKNOWN", (ClauseRef("S5", "Consent"),), Action.REVIEW, detection)


def verdict(*findings: Finding) -> Verdict:
    return Verdict.from_findings(tuple(findings), *POLICY)


@dataclass
class World:
    school: db.School
    author: db.User
    slt: db.User
    other_slt: db.User
    staff: db.User


@pytest.fixture
def world(db_session: Session) -> World:
    trust = ensure_trust(db_session, "Review Trust", actor=ACTOR)
    school = ensure_school(db_session, trust, "Hill Primary", actor=ACTOR)

    def user(email: str, role: Role) -> db.User:
        return create_user(
            db_session, trust, email, actor=ACTOR, secret_key=KEY, grants=((role, school.name),)
        ).user

    return World(
        school,
        user("author@hill.example.org", Role.STAFF),
        user("slt@hill.example.org", Role.SLT),
        user("slt2@hill.example.org", Role.SLT),
        user("teacher@hill.example.org", Role.STAFF),
    )


def checked(session: Session, w: World, v: Verdict, post: db.Post | None = None) -> db.Post:
    check = record_check(
        session,
        school=w.school,
        text="Well done Hope Fairweather, reader of the week!",
        image_count=1,
        verdict=v,
        actor=f"user:{w.author.id}",
        author=w.author,
        post=post,
    )
    found = session.get(db.Post, check.post_id)
    assert found is not None
    return found


def events(session: Session) -> list[db.AuditEvent]:
    return list(session.scalars(select(db.AuditEvent).order_by(db.AuditEvent.seq)))


def count(session: Session, table: type[db.Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_submit_sends_a_checked_post_to_the_schools_slt(db_session: Session, world: World) -> None:
    post = checked(db_session, world, verdict(name_finding()))
    before = len(events(db_session))
    notes = wf.submit(db_session, post, user=world.author, actor=f"user:{world.author.id}")
    assert post.status == "in_review" and post.submitted_at is not None
    assert sorted(n.user_id for n in notes) == sorted([world.slt.id, world.other_slt.id])
    assert all("Hope" not in n.subject + n.body and n.link == f"/review/{post.id}" for n in notes)
    new = events(db_session)[before:]
    assert [(e.action, e.object_type, e.object_id) for e in new] == [
        ("post.submit", "post", str(post.id))
    ]
    assert new[0].details == {"clause": "S2", "outcome": "blocked"}
    with pytest.raises(wf.ReviewError, match="waiting for review") as exc:
        wf.submit(db_session, post, user=world.author, actor="user:x")
    assert exc.value.kind == "conflict"
    assert audit.verify(db_session).ok


def test_an_approver_cannot_approve_their_own_post(db_session: Session, world: World) -> None:
    check = record_check(
        db_session,
        school=world.school,
        text="Our choir sang at the concert.",
        image_count=0,
        verdict=verdict(face_finding()),
        actor=f"user:{world.slt.id}",
        author=world.slt,
    )
    post = db_session.get(db.Post, check.post_id)
    assert post is not None
    notes = wf.submit(db_session, post, user=world.slt, actor=f"user:{world.slt.id}")
    assert [n.user_id for n in notes] == [world.other_slt.id]  # not the author
    before = (len(events(db_session)), count(db_session, db.PostReview))
    for act in (
        lambda: wf.approve(
            db_session, post, reviewer=world.slt, reason="Fine", actor="x", faces_explained=True
        ),
        lambda: wf.return_post(db_session, post, reviewer=world.slt, comments="x", actor="x"),
        lambda: wf.confirm_consent(
            db_session, post, reviewer=world.slt, face="0:40,30,64,64", reason="x", actor="x"
        ),
    ):
        with pytest.raises(wf.ReviewError, match="You wrote this post") as exc:
            act()
        assert exc.value.kind == "refused"
    assert (len(events(db_session)), count(db_session, db.PostReview)) == before
    assert post.status == "in_review" and post.approved_by_id is None
    wf.approve(
        db_session,
        post,
        reviewer=world.other_slt,
        reason="Parents asked for it.",
        actor="x",
        faces_explained=True,
    )
    assert post.status == "approved" and post.approved_by_id == world.other_slt.id


def test_a_blocked_post_is_returned_fixed_and_then_approved(
    db_session: Session, world: World
) -> None:
    post = checked(db_session, world, verdict(name_finding()))
    wf.submit(db_session, post, user=world.author, actor="a")
    first = wf.latest_check(db_session, post)
    assert first is not None
    with pytest.raises(wf.ReviewError, match="never approved") as exc:
        wf.approve(db_session, post, reviewer=world.slt, reason="Looks fine", actor="s")
    assert exc.value.kind == "conflict" and post.status == "in_review"

    with pytest.raises(wf.ReviewError) as exc:
        wf.return_post(db_session, post, reviewer=world.slt, comments="   ", actor="s")
    assert exc.value.kind == "invalid" and set(exc.value.fields) == {"comments"}
    before = len(events(db_session))
    review, notes = wf.return_post(
        db_session,
        post,
        reviewer=world.slt,
        comments="Take the child's name out.",
        actor=f"user:{world.slt.id}",
        seen_check_id=first.id,
    )
    assert post.status == "returned" and review.action == "return"
    assert review.reason == "Take the child's name out." and review.check_id == first.id
    assert [n.user_id for n in notes] == [world.author.id] and notes[0].link == "/posts"
    new = events(db_session)[before:]
    assert [(e.action, e.object_id, e.details) for e in new] == [
        ("post.return", str(post.id), {"clause": "S2", "check": first.id})
    ]

    checked(db_session, world, verdict(), post=post)  # the author fixed it: publish
    fixed = wf.latest_check(db_session, post)
    assert fixed is not None and fixed.id != first.id and post.status == "checked"
    wf.submit(db_session, post, user=world.author, actor="a")
    with pytest.raises(wf.ReviewError, match="checked again") as exc:  # the page was stale
        wf.approve(
            db_session, post, reviewer=world.slt, reason="ok", actor="s", seen_check_id=first.id
        )
    assert exc.value.kind == "conflict"
    before = len(events(db_session))
    review, notes = wf.approve(
        db_session,
        post,
        reviewer=world.slt,
        reason="Name removed; fine to publish.",
        actor=f"user:{world.slt.id}",
        seen_check_id=fixed.id,
    )
    assert (post.status, post.approved_by_id, post.approved_check_id) == (
        "approved",
        world.slt.id,
        fixed.id,
    )
    assert post.approved_policy_version == "2021.1" and post.approved_at is not None
    assert review.check_id == fixed.id and review.reason == "Name removed; fine to publish."
    assert [n.user_id for n in notes] == [world.author.id]
    new = events(db_session)[before:]
    assert [(e.action, e.object_type, e.object_id) for e in new] == [
        ("post.approve", "post", str(post.id))
    ]
    assert new[0].details == {
        "clause": "S2",
        "check": fixed.id,
        "outcome": "publish",
        "policy_version": "2021.1",
        "unconfirmed_faces": 0,
    }
    with pytest.raises(wf.ReviewError, match="not waiting") as exc:
        wf.return_post(db_session, post, reviewer=world.slt, comments="again", actor="s")
    assert exc.value.kind == "conflict"
    assert audit.verify(db_session).ok


def test_unknown_faces_need_consent_confirmed_or_a_stated_reason(
    db_session: Session, world: World
) -> None:
    second_box = Box(200, 30, 60, 60)
    post = checked(db_session, world, verdict(face_finding(), face_finding(second_box)))
    wf.submit(db_session, post, user=world.author, actor="a")
    check = wf.latest_check(db_session, post)
    assert check is not None
    assert [f.key for f in wf.faces_of(check)] == ["0:40,30,64,64", "0:200,30,60,60"]

    with pytest.raises(wf.ReviewError) as exc:  # both problems at once, one per field
        wf.approve(db_session, post, reviewer=world.slt, reason="", actor="s")
    assert exc.value.kind == "invalid"
    assert set(exc.value.fields) == {"reason", "faces_explained"}
    assert "2 unknown faces" in exc.value.fields["faces_explained"]

    before = len(events(db_session))
    review = wf.confirm_consent(
        db_session,
        post,
        reviewer=world.slt,
        face="0:40,30,64,64",
        reason="Checked with the class teacher: consent form on file.",
        actor=f"user:{world.slt.id}",
        seen_check_id=check.id,
    )
    assert review.details == {"image": 0, "box": [40, 30, 64, 64]}
    assert review.check_id == check.id and review.action == "confirm_consent"
    new = events(db_session)[before:]
    assert [(e.action, e.object_id, e.details) for e in new] == [
        ("post.confirm_consent", str(post.id), {"clause": "S5", "check": check.id, "image": 0})
    ]
    assert [f.key for f in wf.unconfirmed_faces(db_session, post, check)] == ["0:200,30,60,60"]

    bad = {
        "0:1,2,3": "face",  # malformed
        "x:40,30,64,64": "face",
        "0:41,30,64,64": "face",  # no face there
    }
    for face, field in bad.items():
        with pytest.raises(wf.ReviewError) as exc:
            wf.confirm_consent(
                db_session, post, reviewer=world.slt, face=face, reason="r", actor=""
            )
        assert (exc.value.kind, set(exc.value.fields)) == ("invalid", {field})
    with pytest.raises(wf.ReviewError) as exc:
        wf.confirm_consent(
            db_session, post, reviewer=world.slt, face="0:200,30,60,60", reason=" ", actor=""
        )
    assert set(exc.value.fields) == {"reason"}
    with pytest.raises(wf.ReviewError, match="already confirmed") as exc:
        wf.confirm_consent(
            db_session, post, reviewer=world.slt, face="0:40,30,64,64", reason="x", actor=""
        )
    assert exc.value.kind == "conflict"
    with pytest.raises(wf.ReviewError) as exc:
        wf.approve(db_session, post, reviewer=world.slt, reason="x" * 2001, actor="s")
    assert set(exc.value.fields) == {"reason", "faces_explained"}
    assert "under 2,000 characters" in exc.value.fields["reason"]

    review, _ = wf.approve(
        db_session,
        post,
        reviewer=world.other_slt,
        reason="The second person is a visiting author, an adult.",
        actor=f"user:{world.other_slt.id}",
        faces_explained=True,
    )
    assert review.details == {"unconfirmed_faces": 1}
    last = events(db_session)[-1]
    assert (last.action, last.details["unconfirmed_faces"]) == ("post.approve", 1)
    assert audit.verify(db_session).ok


def test_a_confirmed_face_stays_confirmed_when_the_same_photo_is_checked_again(
    db_session: Session, world: World
) -> None:
    post = checked(db_session, world, verdict(face_finding()))
    wf.submit(db_session, post, user=world.author, actor="a")
    wf.confirm_consent(
        db_session, post, reviewer=world.slt, face="0:40,30,64,64", reason="On file", actor="s"
    )
    checked(db_session, world, verdict(face_finding()), post=post)
    wf.submit(db_session, post, user=world.author, actor="a")
    check = wf.latest_check(db_session, post)
    assert check is not None and wf.unconfirmed_faces(db_session, post, check) == []
    wf.approve(db_session, post, reviewer=world.slt, reason="Consent confirmed.", actor="s")
    assert post.status == "approved"


def test_without_slt_at_the_school_the_executive_head_is_told(
    db_session: Session,
) -> None:
    trust = ensure_trust(db_session, "Small Trust", actor=ACTOR)
    school = ensure_school(db_session, trust, "Tiny Primary", actor=ACTOR)
    author = create_user(
        db_session,
        trust,
        "a@tiny.example.org",
        actor=ACTOR,
        secret_key=KEY,
        grants=((Role.STAFF, school.name),),
    ).user
    head = create_user(
        db_session,
        trust,
        "head@tiny.example.org",
        actor=ACTOR,
        secret_key=KEY,
        grants=((Role.EXECUTIVE_HEAD, None),),
    ).user
    check = record_check(
        db_session,
        school=school,
        text="Hello",
        image_count=0,
        verdict=verdict(name_finding()),
        actor="a",
        author=author,
    )
    post = db_session.get(db.Post, check.post_id)
    assert post is not None
    notes = wf.submit(db_session, post, user=author, actor="a")
    assert [n.user_id for n in notes] == [head.id]


def test_a_post_never_checked_cannot_be_sent(db_session: Session, world: World) -> None:
    post = db.Post(school_id=world.school.id, author_id=world.author.id, text="x", status="checked")
    db_session.add(post)
    db_session.flush()
    with pytest.raises(wf.ReviewError, match="Check the post") as exc:
        wf.submit(db_session, post, user=world.author, actor="a")
    assert exc.value.kind == "conflict" and post.status == "checked"


def test_a_review_reads_the_post_again_locked_not_a_stale_copy(
    db_session: Session, world: World
) -> None:
    """Two senior leaders acting at once: the second sees the first's decision (the row is read
    again, locked, before its state is checked), not the page it loaded."""
    post = checked(db_session, world, verdict(face_finding()))
    wf.submit(db_session, post, user=world.author, actor=f"user:{world.author.id}")
    db_session.flush()
    db_session.execute(  # another reviewer's transaction returned it; this copy is stale
        update(db.Post).where(db.Post.id == post.id).values(status="returned"),
        execution_options={"synchronize_session": False},
    )
    assert post.status == "in_review"
    before = count(db_session, db.PostReview)
    with pytest.raises(wf.ReviewError, match="not waiting for review") as exc:
        wf.approve(
            db_session,
            post,
            reviewer=world.slt,
            reason="Looks fine.",
            actor=f"user:{world.slt.id}",
            faces_explained=True,
        )
    assert exc.value.kind == "conflict"
    assert post.status == "returned" and count(db_session, db.PostReview) == before
