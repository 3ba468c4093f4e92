"""the workflows' columns and tables: account approval, review, moderation, concerns, notices

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

Frozen: imports nothing from postguard. Columns added to tables that may hold
rows get a server default for those rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)
EMPTY = sa.text("''")


def _fk(table: str, column: str, target: str = "users") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.Column("read_at", WHEN, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        _fk("notifications", "trust_id", "trusts"),
        _fk("notifications", "user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("key", name=op.f("uq_notifications_key")),
    )
    op.create_index(op.f("ix_notifications_trust_id"), "notifications", ["trust_id"])
    op.create_index(op.f("ix_notifications_user_id"), "notifications", ["user_id"])

    op.create_table(
        "post_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", JSON_DOCUMENT, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        _fk("post_reviews", "check_id", "post_checks"),
        _fk("post_reviews", "post_id", "posts"),
        _fk("post_reviews", "reviewer_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_reviews")),
    )
    op.create_index(op.f("ix_post_reviews_post_id"), "post_reviews", ["post_id"])

    op.create_table(
        "concern_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("concern_attachments", "concern_id", "concerns"),
        _fk("concern_attachments", "uploaded_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_attachments")),
    )
    op.create_index(
        op.f("ix_concern_attachments_concern_id"), "concern_attachments", ["concern_id"]
    )

    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("purpose", sa.Text(), nullable=False, server_default=EMPTY))
        batch.add_column(
            sa.Column("subject", sa.String(length=100), nullable=False, server_default=EMPTY)
        )
        batch.add_column(
            sa.Column("linked_email", sa.String(length=254), nullable=False, server_default=EMPTY)
        )
        batch.add_column(sa.Column("email_override_by_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("email_override_reason", sa.Text(), nullable=False, server_default=EMPTY)
        )
        batch.add_column(
            sa.Column("decision_reason", sa.Text(), nullable=False, server_default=EMPTY)
        )
        batch.add_column(sa.Column("decided_at", WHEN, nullable=True))
        batch.add_column(sa.Column("approved_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("subject_leader_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("acknowledged_at", WHEN, nullable=True))
        batch.add_column(sa.Column("live_at", WHEN, nullable=True))
        batch.add_column(sa.Column("profile_text", sa.Text(), nullable=False, server_default=EMPTY))
        batch.add_column(sa.Column("profile_checked_at", WHEN, nullable=True))
        batch.add_column(sa.Column("profile_ok", sa.Boolean(), nullable=True))
        batch.add_column(
            sa.Column(
                "profile_problems", JSON_DOCUMENT, nullable=False, server_default=sa.text("'[]'")
            )
        )
        for column in ("subject_leader_id", "email_override_by_id", "acknowledged_by_id"):
            batch.create_foreign_key(op.f(f"fk_accounts_{column}_users"), "users", [column], ["id"])

    with op.batch_alter_table("acknowledgements") as batch:
        batch.add_column(
            sa.Column("checklist", JSON_DOCUMENT, nullable=False, server_default=sa.text("'{}'"))
        )

    with op.batch_alter_table("comments") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=20), nullable=False, server_default="web")
        )
        batch.add_column(sa.Column("posted_at", WHEN, nullable=True))
        batch.add_column(sa.Column("decided_at", WHEN, nullable=True))
        batch.add_column(sa.Column("restored_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("restored_at", WHEN, nullable=True))
        batch.add_column(
            sa.Column("restore_reason", sa.Text(), nullable=False, server_default=EMPTY)
        )
        batch.create_foreign_key(
            op.f("fk_comments_restored_by_id_users"), "users", ["restored_by_id"], ["id"]
        )

    with op.batch_alter_table("concerns") as batch:
        batch.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("platform", sa.String(length=50), nullable=False, server_default=EMPTY)
        )
        batch.add_column(sa.Column("children", sa.Text(), nullable=False, server_default=EMPTY))
        batch.add_column(sa.Column("outcome", sa.Text(), nullable=False, server_default=EMPTY))
        batch.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_concerns_closed_by_id_users"), "users", ["closed_by_id"], ["id"]
        )

    with op.batch_alter_table("exceptions") as batch:
        batch.add_column(
            sa.Column("title", sa.String(length=200), nullable=False, server_default=EMPTY)
        )
        batch.add_column(
            sa.Column("decision_reason", sa.Text(), nullable=False, server_default=EMPTY)
        )

    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("submitted_at", WHEN, nullable=True))
        batch.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("approved_at", WHEN, nullable=True))
        batch.add_column(sa.Column("approved_check_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("approved_policy_version", sa.String(length=50), nullable=True))
        batch.create_foreign_key(
            op.f("fk_posts_approved_by_id_users"), "users", ["approved_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.drop_constraint(op.f("fk_posts_approved_by_id_users"), type_="foreignkey")
        for column in (
            "approved_policy_version",
            "approved_check_id",
            "approved_at",
            "approved_by_id",
            "submitted_at",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("exceptions") as batch:
        batch.drop_column("decision_reason")
        batch.drop_column("title")
    with op.batch_alter_table("concerns") as batch:
        batch.drop_constraint(op.f("fk_concerns_closed_by_id_users"), type_="foreignkey")
        for column in ("closed_by_id", "outcome", "children", "platform", "urgent"):
            batch.drop_column(column)
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint(op.f("fk_comments_restored_by_id_users"), type_="foreignkey")
        for column in (
            "restore_reason",
            "restored_at",
            "restored_by_id",
            "decided_at",
            "posted_at",
            "source",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("acknowledgements") as batch:
        batch.drop_column("checklist")
    with op.batch_alter_table("accounts") as batch:
        for column in ("acknowledged_by_id", "email_override_by_id", "subject_leader_id"):
            batch.drop_constraint(op.f(f"fk_accounts_{column}_users"), type_="foreignkey")
        for column in (
            "profile_problems",
            "profile_ok",
            "profile_checked_at",
            "profile_text",
            "live_at",
            "acknowledged_at",
            "acknowledged_by_id",
            "subject_leader_id",
            "approved_until",
            "decided_at",
            "decision_reason",
            "email_override_reason",
            "email_override_by_id",
            "linked_email",
            "subject",
            "purpose",
        ):
            batch.drop_column(column)
    op.drop_index(op.f("ix_concern_attachments_concern_id"), table_name="concern_attachments")
    op.drop_table("concern_attachments")
    op.drop_index(op.f("ix_post_reviews_post_id"), table_name="post_reviews")
    op.drop_table("post_reviews")
    op.drop_index(op.f("ix_notifications_user_id"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_trust_id"), table_name="notifications")
    op.drop_table("notifications")
