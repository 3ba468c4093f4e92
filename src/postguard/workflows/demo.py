"""The demo trust in the database: its roster and one user per role (for `make run`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from postguard.auth.passwords import generate_password
from postguard.auth.roles import Role
from postguard.auth.sealing import SealError, seal, unseal
from postguard.auth.totp import new_secret
from postguard.demo import demo_dir
from postguard.roster.importer import load_roster
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
    return saved, users
