"""Policy acknowledgements (clauses P1, P4, P9): every member of staff, every policy version.

A person acknowledges the policy version the app has loaded by ticking every item
of the personal-accounts checklist (:data:`CHECKLIST`, each item citing its
clause). A new policy version (``Policy.version``) asks again: an acknowledgement
is kept per user, policy id and version. :func:`who_has_not` lists, per school,
the staff who have not acknowledged the current version yet.

Staff are the active users holding a staff role (every role but the Board, see
:data:`postguard.auth.permissions.STAFF_ROLES`): at a school when the role is held
there, or under "trust-wide roles" when it is held trust-wide.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from postguard.audit import AuditChain
from postguard.auth.permissions import STAFF_ROLES, Permission, allowed
from postguard.policy.models import Policy
from postguard.store import models as db
from postguard.workflows.users import grants_of

ACK_CLAUSES = "P1, P4, P9"
TRUST_WIDE = "Trust-wide roles"
"""The heading for staff whose roles are held trust-wide (no one school)."""


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One statement about personal social media accounts a person ticks to confirm."""

    key: str
    clause: str
    text: str


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "privacy_highest",
        "P4",
        "The privacy settings of every personal social media account I use are at the "
        "highest level the platform offers.",
    ),
    ChecklistItem(
        "no_pupils",
        "P9",
        "No current pupil of the trust, of any age, is my friend, follower or subscriber "
        "on any personal account.",
    ),
    ChecklistItem(
        "no_young_ex_pupils",
        "P9",
        "No ex-pupil of the trust under 18 is my friend, follower or subscriber on any "
        "personal account.",
    ),
    ChecklistItem(
        "no_parents",
        "P1",
        "I do not invite, accept or engage with parents or carers of the trust's "
        "communities as friends or followers on personal social media.",
    ),
)
"""THE personal-accounts checklist: every item must be ticked to acknowledge."""


class AcknowledgementError(ValueError):
    """The acknowledgement was refused; ``errors`` holds one message per checklist item."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


def checklist_for(policy: Policy) -> tuple[ChecklistItem, ...]:
    """The checklist items whose clause the policy has (all of them for the bundled policy)."""
    ids = set(policy.clause_ids)
    return tuple(item for item in CHECKLIST if item.clause in ids)


def acknowledgement_of(
    session: Session, user: db.User, policy: Policy
) -> db.Acknowledgement | None:
    """The user's acknowledgement of this policy version, if they gave one."""
    return session.scalars(
        select(db.Acknowledgement).where(
            db.Acknowledgement.user_id == user.id,
            db.Acknowledgement.policy_id == policy.id,
            db.Acknowledgement.policy_version == policy.version,
        )
    ).first()


def must_acknowledge(session: Session, user: db.User) -> bool:
    """Whether the user holds a role that acknowledges the policy (staff, not the Board)."""
    return allowed(grants_of(session, user), Permission.POLICY_ACKNOWLEDGE)


def acknowledge(
    session: Session,
    user: db.User,
    policy: Policy,
    ticked: Collection[str],
    *,
    actor: str,
) -> db.Acknowledgement:
    """Record that ``user`` acknowledged this policy version, every checklist item ticked.

    ``ticked`` are the keys of the items ticked. An item left unticked refuses the
    whole acknowledgement (:class:`AcknowledgementError`, a message per item) and
    nothing is written. Acknowledging a version already acknowledged returns the
    existing row and writes nothing.
    """
    if not must_acknowledge(session, user):
        raise AcknowledgementError("only staff acknowledge the policy")
    existing = acknowledgement_of(session, user, policy)
    if existing is not None:
        return existing
    items = checklist_for(policy)
    errors = {
        item.key: f"Tick this to confirm it ({item.clause}), or talk to your line manager first."
        for item in items
        if item.key not in ticked
    }
    if errors:
        raise AcknowledgementError("tick every item of the checklist", errors)
    ack = db.Acknowledgement(
        user_id=user.id,
        policy_id=policy.id,
        policy_version=policy.version,
        checklist={item.key: True for item in items},
    )
    session.add(ack)
    session.flush()
    AuditChain(session).record(
        actor=actor,
        action="policy.acknowledge",
        object_type="acknowledgement",
        object_id=ack.id,
        after_ref=f"user:{user.id}",
        details={
            "clause": ACK_CLAUSES,
            "policy": policy.id,
            "version": policy.version,
            "items": len(items),
        },
    )
    session.flush()
    return ack


@dataclass
class SchoolStaff:
    """The staff of one school (or of the trust-wide roles) and who has not acknowledged."""

    school_id: int | None
    school: str
    staff: list[db.User] = field(default_factory=list)
    missing: list[db.User] = field(default_factory=list)

    @property
    def done(self) -> int:
        return len(self.staff) - len(self.missing)


def acknowledged_user_ids(session: Session, policy: Policy, user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(db.Acknowledgement.user_id).where(
                db.Acknowledgement.policy_id == policy.id,
                db.Acknowledgement.policy_version == policy.version,
                db.Acknowledgement.user_id.in_(ids),
            )
        )
    )


def who_has_not(
    session: Session,
    trust: db.Trust,
    policy: Policy,
    school_ids: Collection[int] | None = None,
    *,
    trust_wide: bool = True,
) -> list[SchoolStaff]:
    """Per school (by name; then the trust-wide roles), the staff and those not acknowledged.

    ``school_ids`` limits the schools (None: every school of the trust);
    ``trust_wide`` False leaves out the group of trust-wide role holders.
    A person with roles at two schools is listed at both.
    """
    staff_roles = [r.value for r in STAFF_ROLES]
    query = (
        select(db.User, db.RoleGrant.school_id)
        .join(db.RoleGrant, db.RoleGrant.user_id == db.User.id)
        .where(
            db.User.trust_id == trust.id,
            db.User.is_active.is_(True),
            db.RoleGrant.role.in_(staff_roles),
        )
        .order_by(db.User.email)
    )
    if school_ids is not None:  # only the staff of the groups asked for are read
        at = db.RoleGrant.school_id.in_(list(school_ids))
        query = query.where(at | db.RoleGrant.school_id.is_(None) if trust_wide else at)
    rows = session.execute(query).all()
    schools = session.execute(
        select(db.School.id, db.School.name)
        .where(db.School.trust_id == trust.id)
        .order_by(db.School.name)
    ).all()
    groups: dict[int | None, SchoolStaff] = {
        sid: SchoolStaff(sid, name)
        for sid, name in schools
        if school_ids is None or sid in school_ids
    }
    if trust_wide:
        groups[None] = SchoolStaff(None, TRUST_WIDE)
    listed: set[tuple[int | None, int]] = set()  # (group, user): a set, not a scan per row
    for user, school_id in rows:
        group = groups.get(school_id)
        if group is not None and (school_id, user.id) not in listed:
            listed.add((school_id, user.id))
            group.staff.append(user)
    done = acknowledged_user_ids(session, policy, {u.id for g in groups.values() for u in g.staff})
    for group in groups.values():
        group.missing = [u for u in group.staff if u.id not in done]
    return [g for g in groups.values() if g.staff or g.school_id is not None]
