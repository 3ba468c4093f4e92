"""The demo trust in the database: its roster and one user per role (for `make run`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.auth.passwords import generate_password
from postguard.auth.roles import Role
from postguard.auth.sealing import SealError, seal, unseal
from postguard.auth.totp import new_secret
from postguard.demo import demo_dir
from postguard.roster.importer import load_roster
from postguard.store import models as db
from postguard.workflows import accounts as account_flow
from postguard.workflows.roster import RosterSaved, save_roster
from postguard.workflows.trusts import ensure_trust
from postguard.workflows.users import create_user, find_user, set_password

DEMO_TRUST = "Riverside Learning Trust"
DEMO_SCHOOL = "Riverside Academy"
DEMO_DOMAIN = "demo.postguard.example.org"
# Roles held at the demo school; the others are trust-wide.
SCHOOL_ROLES = (Role.STAFF, Role.SUBJECT_LEADER, Role.SLT, Role.DSL, Role.DEPUTY_DSL)


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: Role
    school: str | None
    password: str
    totp_secret: str


def demo_email(role: Role) -> str:
    return f"{role.value.replace('_', '-')}@{DEMO_DOMAIN}"


def seed_demo(
    session: Session, *, actor: str, secret_key: str, today: date | None = None
) -> tuple[RosterSaved, list[DemoUser]]:
    """Import the bundled demo roster (a new version) and make sure one user per role exists.

    Every run gives each demo user a fresh random password, returned here to be
    shown once: a demo database never has a known, fixed password.
    """
    roster = load_roster(demo_dir(), today=today)
    saved = save_roster(session, roster, trust_name=DEMO_TRUST, actor=actor)
    trust = ensure_trust(session, DEMO_TRUST, actor=actor)
    users: list[DemoUser] = []
    for role in Role:
        school = DEMO_SCHOOL if role in SCHOOL_ROLES else None
        email = demo_email(role)
        existing = find_user(session, email)
        if existing is None:
            new = create_user(
                session,
                trust,
                email,
                actor=actor,
                secret_key=secret_key,
                display_name=f"Demo {role.label}",
                grants=((role, school),),
            )
            password, secret = new.password, new.totp_secret
        else:
            password = generate_password()
            set_password(session, existing, password, actor=actor)
            try:
                secret = unseal(secret_key, existing.totp_secret_sealed or "")
            except SealError:  # the secret key changed since: enrol a new seed
                secret = new_secret()
                existing.totp_secret_sealed = seal(secret_key, secret)
                existing.totp_confirmed = False
        users.append(DemoUser(email, role, school, password, secret))
    seed_demo_accounts(session, trust, today=today or date.today())
    return saved, users


DEMO_ACCOUNT = ("facebook", "riversideacademy")
DEMO_PROFILE = (
    "Riverside Academy's official page. Direct messages are off. "
    "Acceptable use: https://www.riversideacademy.example.org/policies/acceptable-use"
)


def seed_demo_accounts(session: Session, trust: db.Trust, *, today: date) -> db.Account | None:
    """A live trust account at the demo school, made through the accounts workflow.

    Requested by the demo teacher, approved by SLT, acknowledged by the Subject
    Leader, profile checked: each step with its audit event. Skipped when the
    account exists (a second seed changes nothing). Meadowbank Primary gets none:
    no demo user holds the Subject Leader or SLT role there to acknowledge it (S3).
    """
    platform, handle = DEMO_ACCOUNT
    existing = session.scalars(
        select(db.Account).where(db.Account.platform == platform, db.Account.handle == handle)
    ).first()
    if existing is not None:
        return existing
    school = session.scalars(
        select(db.School).where(db.School.trust_id == trust.id, db.School.name == DEMO_SCHOOL)
    ).first()
    staff, slt, lead = (find_user(session, demo_email(r)) for r in DEMO_ACCOUNT_ROLES)
    if school is None or staff is None or slt is None or lead is None:
        return None
    asked = account_flow.AccountRequest(
        platform=platform,
        handle=handle,
        display_name="Riverside Academy",
        linked_email="academy.office@riversidetrust.example.org",
        purpose="News and celebrations of the academy's learning, for parents and pupils.",
        subject="Whole school",
    )
    account = account_flow.request_account(session, asked, requester=staff, school=school).account
    account_flow.approve(session, account, user=slt, today=today)
    account_flow.acknowledge(session, account, user=lead)
    account_flow.record_profile(
        session, account, user=staff, text=DEMO_PROFILE, direct_messages="off"
    )
    return account


DEMO_ACCOUNT_ROLES = (Role.STAFF, Role.SLT, Role.SUBJECT_LEADER)
