"""Every table of PostGuard, in the domain words of DESIGN.md."""

from __future__ import annotations

from postguard.store.models.audit import AuditEvent
from postguard.store.models.content import Account, Comment, Post, PostCheck, PostReview
from postguard.store.models.faces import FaceEmbedding, FaceSighting
from postguard.store.models.governance import Acknowledgement, PolicyException
from postguard.store.models.notifications import Notification
from postguard.store.models.organisation import School, Trust
from postguard.store.models.roster import (
    Consent,
    ContactRecord,
    Pupil,
    PupilRecord,
    RosterVersion,
    StaffMember,
    StaffRecord,
)
from postguard.store.models.safeguarding import Concern, ConcernAttachment, ConcernNote
from postguard.store.models.sessions import WebSession
from postguard.store.models.users import RoleGrant, User

__all__ = [
    "Account",
    "Acknowledgement",
    "AuditEvent",
    "Comment",
    "Concern",
    "ConcernAttachment",
    "ConcernNote",
    "Consent",
    "ContactRecord",
    "FaceEmbedding",
    "FaceSighting",
    "Notification",
    "PolicyException",
    "Post",
    "PostCheck",
    "PostReview",
    "Pupil",
    "PupilRecord",
    "RoleGrant",
    "RosterVersion",
    "School",
    "StaffMember",
    "StaffRecord",
    "Trust",
    "User",
    "WebSession",
]
