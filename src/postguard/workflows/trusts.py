"""Trusts and schools: found or created on first use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.store.models import School, Trust


def ensure_trust(
    session: Session, name: str, *, actor: str, chain: AuditChain | None = None
) -> Trust:
    trust = session.scalars(select(Trust).where(Trust.name == name)).first()
    if trust is not None:
        return trust
    trust = Trust(name=name)
    session.add(trust)
    session.flush()
    (chain or AuditChain(session)).record(
        actor=actor, action="trust.create", object_type="trust", object_id=trust.id
    )
    session.flush()
    return trust


def find_school(session: Session, trust: Trust, name: str) -> School | None:
    return session.scalars(
        select(School).where(School.trust_id == trust.id, School.name == name)
    ).first()


def ensure_school(
    session: Session, trust: Trust, name: str, *, actor: str, chain: AuditChain | None = None
) -> School:
    school = find_school(session, trust, name)
    if school is not None:
        return school
    school = School(trust_id=trust.id, name=name, contacts={})
    session.add(school)
    session.flush()
    (chain or AuditChain(session)).record(
        actor=actor, action="school.create", object_type="school", object_id=school.id, school=name
    )
    session.flush()
    return school
