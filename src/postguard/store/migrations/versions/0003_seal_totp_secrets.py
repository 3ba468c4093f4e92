"""users.totp_secret becomes totp_secret_sealed (sealed under the secret key)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Secrets stored in clear before this revision cannot be sealed here (the
migration does not know the key): they are cleared and their users enrol their
authenticator again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE users SET totp_secret = NULL, totp_confirmed = false")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            new_column_name="totp_secret_sealed",
            existing_type=sa.String(length=64),
            type_=sa.String(length=255),
            existing_nullable=True,
        )


def downgrade() -> None:
    op.execute("UPDATE users SET totp_secret_sealed = NULL, totp_confirmed = false")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret_sealed",
            new_column_name="totp_secret",
            existing_type=sa.String(length=255),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
