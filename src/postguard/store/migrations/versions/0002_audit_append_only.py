"""audit_events is append-only: triggers refuse UPDATE and DELETE (and TRUNCATE)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

On PostgreSQL the trigger is the second line of defence: the application role
should also hold no UPDATE/DELETE/TRUNCATE privilege on the table (docs/storage.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "audit_events is append-only"

SQLITE_UP = [
    f"""CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER audit_events_no_update",
    "DROP TRIGGER audit_events_no_delete",
]

POSTGRES_UP = [
    f"""CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$""",
    """CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER audit_events_no_truncate ON audit_events",
    "DROP TRIGGER audit_events_no_change ON audit_events",
    "DROP FUNCTION audit_events_refuse_change()",
]


def _statements(up: bool) -> list[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == "postgresql":
        return POSTGRES_UP if up else POSTGRES_DOWN
    raise NotImplementedError(f"no append-only triggers for {dialect}")


def upgrade() -> None:
    for sql in _statements(up=True):
        op.execute(sql)


def downgrade() -> None:
    for sql in _statements(up=False):
        op.execute(sql)
