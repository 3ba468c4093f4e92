"""face_embeddings and face_sightings: the face gallery and the sweep index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

Frozen: imports nothing from postguard.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ONE_PERSON = "(pupil_id IS NULL) <> (staff_member_id IS NULL)"


def _person_columns(table: str) -> list[sa.Column[int] | sa.ForeignKeyConstraint]:
    return [
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("staff_member_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f(f"fk_{table}_pupil_id_pupils")
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_members.id"],
            name=op.f(f"fk_{table}_staff_member_id_staff_members"),
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f(f"fk_{table}_trust_id_trusts")
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "face_embeddings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("person_kind", sa.String(length=10), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        *_person_columns("face_embeddings"),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name=op.f("fk_face_embeddings_consent_id_consents")
        ),
        sa.CheckConstraint(
            "person_kind IN ('pupil', 'staff')", name=op.f("ck_face_embeddings_person_kind")
        ),
        sa.CheckConstraint(_ONE_PERSON, name=op.f("ck_face_embeddings_one_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_embeddings")),
    )
    op.create_table(
        "face_sightings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("post_check_id", sa.Integer(), nullable=True),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("image_index", sa.Integer(), nullable=False),
        sa.Column("box_x", sa.Integer(), nullable=False),
        sa.Column("box_y", sa.Integer(), nullable=False),
        sa.Column("box_w", sa.Integer(), nullable=False),
        sa.Column("box_h", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_person_columns("face_sightings"),
        sa.ForeignKeyConstraint(
            ["post_check_id"],
            ["post_checks.id"],
            name=op.f("fk_face_sightings_post_check_id_post_checks"),
        ),
        sa.CheckConstraint(_ONE_PERSON, name=op.f("ck_face_sightings_one_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_sightings")),
    )
    for table in ("face_embeddings", "face_sightings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("trust_id", "pupil_id", "staff_member_id"):
                batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
    with op.batch_alter_table("face_sightings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_face_sightings_post_check_id"), ["post_check_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("face_sightings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_face_sightings_post_check_id"))
    for table in ("face_sightings", "face_embeddings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("staff_member_id", "pupil_id", "trust_id"):
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    op.drop_table("face_sightings")
    op.drop_table("face_embeddings")
