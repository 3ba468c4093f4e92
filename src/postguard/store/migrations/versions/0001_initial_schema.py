"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Every table of the domain (DESIGN.md). Frozen: it imports nothing from postguard.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("object_type", sa.String(length=50), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("school", sa.String(length=200), nullable=True),
        sa.Column("before_ref", sa.String(length=200), nullable=True),
        sa.Column("after_ref", sa.String(length=200), nullable=True),
        sa.Column("details", JSON_DOCUMENT, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_events_prev_hash")),
    )
    op.create_table(
        "trusts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusts")),
        sa.UniqueConstraint("name", name=op.f("uq_trusts_name")),
    )
    op.create_table(
        "roster_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("summary", JSON_DOCUMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_roster_versions_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_versions")),
    )
    with op.batch_alter_table("roster_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_versions_trust_id"), ["trust_id"], unique=False)

    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contacts", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_schools_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("trust_id", "name", name=op.f("uq_schools_trust_id_name")),
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schools_trust_id"), ["trust_id"], unique=False)

    op.create_table(
        "pupils",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=False),
        sa.Column("first_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_pupils_first_version_id_roster_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_pupils_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupils")),
        sa.UniqueConstraint("trust_id", "upn", name=op.f("uq_pupils_trust_id_upn")),
    )
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pupils_trust_id"), ["trust_id"], unique=False)

    op.create_table(
        "staff_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(length=50), nullable=False),
        sa.Column("first_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_staff_members_first_version_id_roster_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_staff_members_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_members")),
        sa.UniqueConstraint(
            "trust_id", "staff_id", name=op.f("uq_staff_members_trust_id_staff_id")
        ),
    )
    with op.batch_alter_table("staff_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_members_trust_id"), ["trust_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("roster_version_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_consents_pupil_id_pupils")
        ),
        sa.ForeignKeyConstraint(
            ["roster_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_consents_roster_version_id_roster_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consents_pupil_id"), ["pupil_id", "scope", "date"], unique=False
        )

    op.create_table(
        "contact_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("forename", sa.String(length=100), nullable=False),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("relationship", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("valid_from_version_id", sa.Integer(), nullable=False),
        sa.Column("valid_to_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_contact_records_pupil_id_pupils")
        ),
        sa.ForeignKeyConstraint(
            ["valid_from_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_contact_records_valid_from_version_id_roster_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["valid_to_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_contact_records_valid_to_version_id_roster_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_records")),
    )
    with op.batch_alter_table("contact_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_records_pupil_id"),
            ["pupil_id", "valid_to_version_id"],
            unique=False,
        )

    op.create_table(
        "pupil_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("legal_forename", sa.String(length=100), nullable=False),
        sa.Column("legal_surname", sa.String(length=100), nullable=False),
        sa.Column("preferred_forename", sa.String(length=100), nullable=False),
        sa.Column("preferred_surname", sa.String(length=100), nullable=False),
        sa.Column("year", sa.String(length=10), nullable=False),
        sa.Column("reg_group", sa.String(length=20), nullable=False),
        sa.Column("dob", sa.Date(), nullable=False),
        sa.Column("leaving_date", sa.Date(), nullable=True),
        sa.Column("valid_from_version_id", sa.Integer(), nullable=False),
        sa.Column("valid_to_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_pupil_records_pupil_id_pupils")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_pupil_records_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["valid_from_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_pupil_records_valid_from_version_id_roster_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["valid_to_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_pupil_records_valid_to_version_id_roster_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupil_records")),
    )
    with op.batch_alter_table("pupil_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pupil_records_pupil_id"),
            ["pupil_id", "valid_to_version_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_pupil_records_school_id"), ["school_id"], unique=False)

    op.create_table(
        "staff_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=30), nullable=False),
        sa.Column("forename", sa.String(length=100), nullable=False),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("valid_from_version_id", sa.Integer(), nullable=False),
        sa.Column("valid_to_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_staff_records_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_members.id"],
            name=op.f("fk_staff_records_staff_member_id_staff_members"),
        ),
        sa.ForeignKeyConstraint(
            ["valid_from_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_staff_records_valid_from_version_id_roster_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["valid_to_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_staff_records_valid_to_version_id_roster_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_records")),
    )
    with op.batch_alter_table("staff_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_records_school_id"), ["school_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_staff_records_staff_member_id"),
            ["staff_member_id", "valid_to_version_id"],
            unique=False,
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("totp_confirmed", sa.Boolean(), nullable=False),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_members.id"],
            name=op.f("fk_users_staff_member_id_staff_members"),
        ),
        sa.ForeignKeyConstraint(["trust_id"], ["trusts.id"], name=op.f("fk_users_trust_id_trusts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_trust_id"), ["trust_id"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=30), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"], name=op.f("fk_accounts_approved_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_accounts_requested_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_accounts_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_accounts_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("platform", "handle", name=op.f("uq_accounts_platform_handle")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_trust_id"), ["trust_id"], unique=False)

    op.create_table(
        "acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("policy_version", sa.String(length=50), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_acknowledgements_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgements")),
        sa.UniqueConstraint(
            "user_id",
            "policy_id",
            "policy_version",
            name=op.f("uq_acknowledgements_user_id_policy_id_policy_version"),
        ),
    )
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acknowledgements_user_id"), ["user_id"], unique=False)

    op.create_table(
        "exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_exceptions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_exceptions_requested_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_exceptions_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exceptions")),
    )
    with op.batch_alter_table("exceptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exceptions_requested_by_id"), ["requested_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_exceptions_school_id"), ["school_id"], unique=False)

    op.create_table(
        "role_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("granted_by", sa.String(length=200), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_role_grants_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_role_grants_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grants")),
        sa.UniqueConstraint(
            "user_id", "role", "school_id", name=op.f("uq_role_grants_user_id_role_school_id")
        ),
    )
    with op.batch_alter_table("role_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_grants_user_id"), ["user_id"], unique=False)

    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("image_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_posts_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_posts_author_id_users")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_posts_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_school_id"), ["school_id"], unique=False)

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("platform_comment_id", sa.String(length=200), nullable=False),
        sa.Column("author_handle", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("verdict", JSON_DOCUMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_comments_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_comments_post_id_posts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
        sa.UniqueConstraint(
            "account_id",
            "platform_comment_id",
            name=op.f("uq_comments_account_id_platform_comment_id"),
        ),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_post_id"), ["post_id"], unique=False)

    op.create_table(
        "post_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("policy_version", sa.String(length=50), nullable=False),
        sa.Column("roster_version_id", sa.Integer(), nullable=True),
        sa.Column("verdict", JSON_DOCUMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_post_checks_post_id_posts")
        ),
        sa.ForeignKeyConstraint(
            ["roster_version_id"],
            ["roster_versions.id"],
            name=op.f("fk_post_checks_roster_version_id_roster_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_checks")),
    )
    with op.batch_alter_table("post_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_checks_post_id"), ["post_id"], unique=False)

    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_concerns_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_concerns_pupil_id_pupils")
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"], name=op.f("fk_concerns_reported_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_concerns_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concerns")),
    )
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_concerns_pupil_id"), ["pupil_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_concerns_school_id"), ["school_id"], unique=False)

    op.create_table(
        "concern_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_concern_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_concern_notes_concern_id_concerns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_notes")),
    )
    with op.batch_alter_table("concern_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concern_notes_concern_id"), ["concern_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("concern_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concern_notes_concern_id"))

    op.drop_table("concern_notes")
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concerns_school_id"))
        batch_op.drop_index(batch_op.f("ix_concerns_pupil_id"))

    op.drop_table("concerns")
    with op.batch_alter_table("post_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_checks_post_id"))

    op.drop_table("post_checks")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_post_id"))
        batch_op.drop_index(batch_op.f("ix_comments_account_id"))

    op.drop_table("comments")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_school_id"))
        batch_op.drop_index(batch_op.f("ix_posts_author_id"))
        batch_op.drop_index(batch_op.f("ix_posts_account_id"))

    op.drop_table("posts")
    with op.batch_alter_table("role_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_grants_user_id"))

    op.drop_table("role_grants")
    with op.batch_alter_table("exceptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exceptions_school_id"))
        batch_op.drop_index(batch_op.f("ix_exceptions_requested_by_id"))

    op.drop_table("exceptions")
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acknowledgements_user_id"))

    op.drop_table("acknowledgements")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_trust_id"))
        batch_op.drop_index(batch_op.f("ix_accounts_school_id"))

    op.drop_table("accounts")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_trust_id"))

    op.drop_table("users")
    with op.batch_alter_table("staff_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_records_staff_member_id"))
        batch_op.drop_index(batch_op.f("ix_staff_records_school_id"))

    op.drop_table("staff_records")
    with op.batch_alter_table("pupil_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupil_records_school_id"))
        batch_op.drop_index(batch_op.f("ix_pupil_records_pupil_id"))

    op.drop_table("pupil_records")
    with op.batch_alter_table("contact_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_records_pupil_id"))

    op.drop_table("contact_records")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_pupil_id"))

    op.drop_table("consents")
    with op.batch_alter_table("staff_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_members_trust_id"))

    op.drop_table("staff_members")
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupils_trust_id"))

    op.drop_table("pupils")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_trust_id"))

    op.drop_table("schools")
    with op.batch_alter_table("roster_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_versions_trust_id"))

    op.drop_table("roster_versions")
    op.drop_table("trusts")
    op.drop_table("audit_events")
