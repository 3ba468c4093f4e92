"""Trust accounts (S1, S2, S3, S10, S11, P5): request, approve, acknowledge, check, renew, close.

Each action writes exactly one audit event naming the account and citing its
clause; refused actions write nothing. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from postguard.audit import verify
from postguard.auth.roles import Role
from postguard.store import models as db
from postguard.workflows import accounts as flow
from postguard.workflows.demo import seed_demo
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

ACTOR = "test"
KEY = "test-secret-key-" + "x" * 24
TODAY = dt.date(2026, 11, 24)
CONTACTS = {
    "emails": ["office@hillschools.example.org"],
    "websites": ["https://www.hillprimary.example.org"],
}


class People:
    def __init__(self, session: Session, school: db.School) -> None:
        self.session, self.school = session, school

    def make(self, name: str, role: Role, school: db.School | None = None) -> db.User:
        trust = self.session.get(db.Trust, self.school.trust_id)
        assert trust is not None
        where = None if role is Role.EXECUTIVE_HEAD else (school or self.school).name
        return create_user(
            self.session,
            trust,
            f"{name}@hillschools.example.org",
            actor=ACTOR,
            secret_key=KEY,
            display_name=name.title(),
            grants=((role, where),),
        ).user


@pytest.fixture
def school(db_session: Session) -> db.School:
    trust = ensure_trust(db_session, "Hill Trust", actor=ACTOR)
    school = ensure_school(db_session, trust, "Hill Primary", actor=ACTOR)
    school.contacts = CONTACTS
    db_session.flush()
    return school


@pytest.fixture
def people(db_session: Session, school: db.School) -> People:
    return People(db_session, school)


def asked(
    handle: str = "hillprimary", email: str = "year5@hillschools.example.org", **kw: object
) -> flow.AccountRequest:
    fields: dict[str, object] = {
        "platform": "facebook",
        "handle": handle,
        "linked_email": email,
        "purpose": "Year 5's class news for parents.",
    } | kw
    return flow.AccountRequest(**fields)  # type: ignore[arg-type]


def requested(session: Session, school: db.School, requester: db.User, handle: str) -> db.Account:
    """A trust account request at ``school`` (the default fields, this handle)."""
    return flow.request_account(
        session, asked(handle=handle), requester=requester, school=school
    ).account


def events(session: Session, account: db.Account) -> list[tuple[str, str | None]]:
    rows = session.scalars(
        select(db.AuditEvent)
        .where(db.AuditEvent.object_type == "account", db.AuditEvent.object_id == str(account.id))
        .order_by(db.AuditEvent.seq)
    )
    return [(e.action, (e.details or {}).get("clause")) for e in rows]


def audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(db.AuditEvent)) or 0


def test_the_official_domains_come_from_the_schools_contacts(
    db_session: Session, school: db.School
) -> None:
    domains = flow.official_domains(db_session, school.trust_id)
    assert domains == {"hillschools.example.org", "hillprimary.example.org"}
    assert flow.is_official_email("a@HillSchools.example.org", domains)
    assert flow.is_official_email("a@staff.hillprimary.example.org", domains)
    assert not flow.is_official_email("a@example.org", domains)  # the parent domain is not
    assert not flow.is_official_email("a@hillschools.example.org.evil.test", domains)
    assert not flow.is_official_email("a@gmail.com", domains)


def test_requested_approved_acknowledged_live_one_event_each(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher", Role.STAFF)
    slt = people.make("head", Role.SLT)
    lead = people.make("lead", Role.SUBJECT_LEADER)
    done = flow.request_account(
        db_session, asked(handle="@HillPrimary"), requester=teacher, school=school
    )
    account = done.account
    assert (account.status, account.handle) == ("requested", "hillprimary")
    assert account.url == "https://www.facebook.com/hillprimary"
    assert [n.user_id for n in done.notes] == [slt.id]  # the approver is told

    approved = flow.approve(db_session, account, user=slt, today=TODAY)
    assert account.status == "approved" and account.approved_until == dt.date(2027, 11, 24)
    told = {n.user_id: n for n in approved.notes}
    assert set(told) == {lead.id, teacher.id}
    assert account.url in told[lead.id].body and "hillprimary" in told[lead.id].body
    assert told[lead.id].link == f"/accounts/{account.id}"

    flow.acknowledge(db_session, account, user=lead)
    assert account.status == "live" and account.acknowledged_by_id == lead.id
    assert account.live_at is not None
    assert events(db_session, account) == [
        ("account.request", "S1"),
        ("account.approve", "S2"),
        ("account.acknowledge", "S3"),
    ]
    assert verify(db_session).ok


def test_nobody_approves_their_own_request(
    db_session: Session, school: db.School, people: People
) -> None:
    slt = people.make("head2", Role.SLT)
    account = requested(db_session, school, slt, "own")
    before = audit_count(db_session)
    for act in (
        lambda: flow.approve(db_session, account, user=slt, today=TODAY),
        lambda: flow.reject(db_session, account, user=slt, reason="no"),
    ):
        with pytest.raises(flow.AccountForbidden, match="someone else"):
            act()
    assert account.status == "requested" and audit_count(db_session) == before


def test_staff_and_other_schools_cannot_approve(
    db_session: Session, school: db.School, people: People
) -> None:
    trust = db_session.get(db.Trust, school.trust_id)
    assert trust is not None
    dale = ensure_school(db_session, trust, "Dale Academy", actor=ACTOR)
    teacher = people.make("teacher3", Role.STAFF)
    other_slt = people.make("dalehead", Role.SLT, dale)
    lead = people.make("lead3", Role.SUBJECT_LEADER)
    account = requested(db_session, school, teacher, "h3")
    with pytest.raises(flow.AccountForbidden):
        flow.approve(db_session, account, user=other_slt, today=TODAY)
    with pytest.raises(flow.AccountForbidden):
        flow.approve(db_session, account, user=teacher, today=TODAY)
    with pytest.raises(flow.AccountForbidden):
        flow.approve(db_session, account, user=lead, today=TODAY)
    with pytest.raises(flow.AccountForbidden):
        flow.request_account(db_session, asked(handle="h4"), requester=teacher, school=dale)
    exec_head = people.make("exec", Role.EXECUTIVE_HEAD)  # trust-wide: may approve anywhere
    flow.approve(db_session, account, user=exec_head, today=TODAY)
    assert account.status == "approved"


def test_acknowledging_needs_an_approved_account_and_the_subject_leader_or_slt(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher4", Role.STAFF)
    slt = people.make("head4", Role.SLT)
    account = requested(db_session, school, teacher, "h5")
    with pytest.raises(flow.AccountError) as refused:
        flow.acknowledge(db_session, account, user=slt)
    assert "status" in refused.value.errors  # not approved yet: never live before approval
    flow.approve(db_session, account, user=slt, today=TODAY)
    with pytest.raises(flow.AccountForbidden):
        flow.acknowledge(db_session, account, user=teacher)
    flow.acknowledge(db_session, account, user=slt)  # SLT may acknowledge too (S3)
    assert account.status == "live"


def test_bad_requests_name_each_field_and_write_nothing(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher5", Role.STAFF)
    before = audit_count(db_session)
    bad = flow.AccountRequest(
        platform="", handle="has space", linked_email="not-an-email", purpose=" ", url="ftp://x"
    )
    with pytest.raises(flow.AccountError) as refused:
        flow.request_account(db_session, bad, requester=teacher, school=school)
    assert set(refused.value.errors) == {"platform", "handle", "linked_email", "purpose", "url"}
    mastodon = asked(handle="h6", platform="mastodon")  # no URL can be worked out
    with pytest.raises(flow.AccountError) as refused:
        flow.request_account(db_session, mastodon, requester=teacher, school=school)
    assert set(refused.value.errors) == {"url"}
    assert db_session.scalar(select(func.count()).select_from(db.Account)) == 0
    assert audit_count(db_session) == before


def test_values_longer_than_their_columns_are_refused_after_cleaning(
    db_session: Session, school: db.School, people: People
) -> None:
    """The e-mail column holds 254 characters and the URL 500: a longer value is a message,
    not a database error (PostgreSQL) or a row wider than its column (SQLite)."""
    teacher = people.make("teacher8", Role.STAFF)
    before = audit_count(db_session)
    long_email = "a" * 250 + "@hillschools.example.org"
    host = "https://" + "\u00e9" * 40 + ".example.org/"
    long_url = host + "a" * (499 - len(host))  # 499 characters; 505 with the host in punycode
    with pytest.raises(flow.AccountError) as refused:
        flow.request_account(
            db_session,
            asked(handle="h9", email=long_email, url=long_url),
            requester=teacher,
            school=school,
        )
    assert set(refused.value.errors) == {"linked_email", "url"}
    assert db_session.scalar(select(func.count()).select_from(db.Account)) == 0
    assert audit_count(db_session) == before


def test_a_handle_already_in_the_register_is_refused(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher6", Role.STAFF)
    flow.request_account(db_session, asked(handle="dup"), requester=teacher, school=school)
    with pytest.raises(flow.AccountError) as refused:
        flow.request_account(db_session, asked(handle="DUP"), requester=teacher, school=school)
    assert "already in the register" in refused.value.errors["handle"]


def test_a_handle_taken_by_another_trust_is_refused_without_naming_its_row(
    db_session: Session, school: db.School, people: People
) -> None:
    dale = ensure_trust(db_session, "Dale Trust", actor=ACTOR)
    dale_school = ensure_school(db_session, dale, "Dale Primary", actor=ACTOR)
    dale_school.contacts = {"emails": ["office@dale.example.org"]}
    db_session.flush()
    theirs = create_user(
        db_session,
        dale,
        "t@dale.example.org",
        actor=ACTOR,
        secret_key=KEY,
        grants=((Role.STAFF, dale_school.name),),
    ).user
    other = flow.request_account(
        db_session,
        asked(handle="sharedname", email="news@dale.example.org"),
        requester=theirs,
        school=dale_school,
    ).account
    teacher = people.make("teacher7", Role.STAFF)
    with pytest.raises(flow.AccountError) as refused:
        flow.request_account(
            db_session, asked(handle="sharedname"), requester=teacher, school=school
        )
    message = refused.value.errors["handle"]
    assert "already registered" in message and str(other.id) not in message
    ours = requested(db_session, school, teacher, "ourname")
    with pytest.raises(flow.AccountError) as again:
        flow.request_account(db_session, asked(handle="ourname"), requester=teacher, school=school)
    assert f"(account {ours.id})" in again.value.errors["handle"]


def test_a_non_trust_email_is_refused_unless_slt_override_it(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher7", Role.STAFF)
    slt = people.make("head7", Role.SLT)
    with pytest.raises(flow.AccountError) as refused:
        flow.request_account(
            db_session, asked(handle="h7", email="me@gmail.com"), requester=teacher, school=school
        )
    message = refused.value.errors["linked_email"]
    assert "gmail.com is not an official trust domain" in message
    assert "hillschools.example.org" in message
    account = flow.request_account(
        db_session,
        asked(handle="h7", email="me@gmail.com", ask_override=True),
        requester=teacher,
        school=school,
    ).account
    with pytest.raises(flow.AccountError) as blocked:
        flow.approve(db_session, account, user=slt, today=TODAY)
    assert "override" in blocked.value.errors["linked_email"]
    with pytest.raises(flow.AccountError) as no_reason:
        flow.override_email(db_session, account, user=slt, reason="  ")
    assert set(no_reason.value.errors) == {"reason"}
    with pytest.raises(flow.AccountForbidden):
        flow.override_email(db_session, account, user=teacher, reason="mine")
    flow.override_email(db_session, account, user=slt, reason="Platform needs a Google login")
    assert account.email_override_by_id == slt.id
    flow.approve(db_session, account, user=slt, today=TODAY)
    assert events(db_session, account) == [
        ("account.request", "S1"),
        ("account.override_email", "P5"),
        ("account.approve", "S2"),
    ]


def test_reject_needs_a_reason_and_tells_the_requester(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher8", Role.STAFF)
    slt = people.make("head8", Role.SLT)
    account = requested(db_session, school, teacher, "h8")
    with pytest.raises(flow.AccountError) as refused:
        flow.reject(db_session, account, user=slt, reason="")
    assert set(refused.value.errors) == {"reason"} and account.status == "requested"
    done = flow.reject(db_session, account, user=slt, reason="Use the school's main page.")
    assert account.status == "rejected" and account.decision_reason == "Use the school's main page."
    assert [n.user_id for n in done.notes] == [teacher.id]
    with pytest.raises(flow.AccountError):
        flow.approve(db_session, account, user=slt, today=TODAY)
    assert events(db_session, account)[-1] == ("account.reject", "S2")


def test_the_profile_check_records_its_problems_with_clauses(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher9", Role.STAFF)
    other = people.make("teacher9b", Role.STAFF)
    account = requested(db_session, school, teacher, "h9")
    flow.record_profile(
        db_session, account, user=teacher, text="Year 5 news.", direct_messages="on"
    )
    assert account.profile_ok is False
    assert [p["clause"] for p in account.profile_problems] == ["S11", "S10"]
    with pytest.raises(flow.AccountForbidden):
        flow.record_profile(db_session, account, user=other, text="x", direct_messages="off")
    with pytest.raises(flow.AccountError) as refused:
        flow.record_profile(db_session, account, user=teacher, text="", direct_messages="maybe")
    assert set(refused.value.errors) == {"profile_text", "direct_messages"}
    good = "Year 5 news. AUP: https://www.hillprimary.example.org/aup"
    flow.record_profile(db_session, account, user=teacher, text=good, direct_messages="monitored")
    assert account.profile_ok is True and account.profile_problems == []
    assert events(db_session, account)[-2:] == [
        ("account.profile_check", "S10, S11"),
        ("account.profile_check", "S10, S11"),
    ]


def test_reapproval_renews_for_a_year_and_close_keeps_the_row(
    db_session: Session, school: db.School, people: People
) -> None:
    teacher = people.make("teacher10", Role.STAFF)
    slt = people.make("head10", Role.SLT)
    account = requested(db_session, school, teacher, "h10")
    with pytest.raises(flow.AccountError):
        flow.reapprove(db_session, account, user=slt, today=TODAY)
    flow.approve(db_session, account, user=slt, today=dt.date(2024, 2, 29))
    assert account.approved_until == dt.date(2025, 2, 28)
    flow.reapprove(db_session, account, user=slt, today=TODAY)
    assert account.approved_until == dt.date(2027, 11, 24)
    with pytest.raises(flow.AccountError) as refused:
        flow.close(db_session, account, user=teacher, reason="")
    assert set(refused.value.errors) == {"reason"}
    flow.close(db_session, account, user=teacher, reason="The class has left.")
    assert account.status == "closed"
    assert events(db_session, account)[-2:] == [
        ("account.reapprove", "S2"),
        ("account.close", "S2"),
    ]
    assert verify(db_session).ok


def test_the_demo_seed_makes_one_live_account_through_the_workflow_once(
    db_session: Session,
) -> None:
    for _ in range(2):  # seed_demo is run again on an existing database
        seed_demo(db_session, actor=ACTOR, secret_key=KEY, today=TODAY)
    [account] = db_session.scalars(
        select(db.Account).where(db.Account.handle == "riversideacademy")
    ).all()
    assert (account.platform, account.status, account.profile_ok) == ("facebook", "live", True)
    assert account.approved_until == dt.date(2027, 11, 24)
    assert events(db_session, account) == [
        ("account.request", "S1"),
        ("account.approve", "S2"),
        ("account.acknowledge", "S3"),
        ("account.profile_check", "S10, S11"),
    ]
    assert verify(db_session).ok


def test_a_decision_reads_the_account_again_locked_not_a_stale_copy(
    db_session: Session, school: db.School, people: People
) -> None:
    """Two senior leaders deciding at once: the second sees the first's decision, not the
    page it loaded (the row is read again, locked, before its state is checked)."""
    teacher = people.make("stale-teacher", Role.STAFF)
    slt = people.make("stale-slt", Role.SLT)
    account = requested(db_session, school, teacher, "stalecopy")
    db_session.execute(  # another leader's transaction rejected it; this copy is stale
        update(db.Account)
        .where(db.Account.id == account.id)
        .values(status="rejected", decision_reason="Not needed."),
        execution_options={"synchronize_session": False},
    )
    assert account.status == "requested"
    before = audit_count(db_session)
    with pytest.raises(flow.AccountError):
        flow.approve(db_session, account, user=slt, today=TODAY)
    assert account.status == "rejected" and audit_count(db_session) == before
