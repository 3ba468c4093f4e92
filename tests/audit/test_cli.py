"""``postguard db``, ``audit`` and ``users`` against a real database of each backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from postguard.cli import app
from postguard.demo import demo_dir
from postguard.store import head_revision, make_engine
from postguard.store.models import AuditEvent, User

runner = CliRunner()
KEY = "s" * 40


@pytest.fixture
def env(fresh_database_url: str) -> dict[str, str]:
    return {
        "POSTGUARD_DATABASE_URL": fresh_database_url,
        "POSTGUARD_SECRET_KEY": KEY,
        "POSTGUARD_TODAY": "2026-11-23",
    }


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout + result.stderr


def tamper(url: str, sql: str) -> None:
    """Edit the audit table directly, as an owner/superuser could."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.execute(text("DROP TRIGGER audit_events_no_update"))
                conn.execute(text("DROP TRIGGER audit_events_no_delete"))
            else:
                conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _import_demo(env: dict[str, str]) -> None:
    run(env, "db", "import-roster", str(demo_dir()), "--trust", "Demo Trust")


def test_upgrade_is_idempotent(env: dict[str, str]) -> None:
    assert "already at revision" in run(env, "db", "upgrade")
    head = head_revision()
    assert f"revision {head} (latest {head})" in run(env, "db", "current")


def test_commands_refuse_an_unmigrated_database(tmp_path: Path) -> None:
    env = {"POSTGUARD_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    assert "run `postguard db upgrade` first" in run(env, "audit", "verify", code=2)
    assert "upgraded from empty" in run(env, "db", "upgrade")
    assert "audit chain OK: 0 events" in run(env, "audit", "verify")


def test_audit_verify_names_a_row_edited_in_the_database(
    env: dict[str, str], fresh_database_url: str
) -> None:
    _import_demo(env)
    assert "audit chain OK" in run(env, "audit", "verify")
    tamper(fresh_database_url, "UPDATE audit_events SET action = 'pupil.remove' WHERE seq = 7")
    out = run(env, "audit", "verify", code=1)
    assert "BROKEN at seq 7" in out and "hash does not match" in out


def test_checkpoint_catches_a_rewritten_chain(
    env: dict[str, str], fresh_database_url: str, tmp_path: Path
) -> None:
    _import_demo(env)
    cp_file = tmp_path / "checkpoint.json"
    printed = json.loads(run(env, "audit", "checkpoint", "--output", str(cp_file)))
    assert json.loads(cp_file.read_text()) == printed and printed["seq"] > 200
    assert "audit chain OK" in run(env, "audit", "verify", "--checkpoint", str(cp_file))
    # Rewrite: wipe the chain and build a new, self-consistent one (re-import, new user).
    tamper(fresh_database_url, "DELETE FROM audit_events")
    _import_demo(env)
    assert "audit chain OK" in run(env, "audit", "verify")
    out = run(env, "audit", "verify", "--checkpoint", str(cp_file), code=1)
    assert "BROKEN" in out
    wrong_key = {**env, "POSTGUARD_SECRET_KEY": "another key entirely, 40 characters"}
    assert "HMAC is wrong" in run(
        wrong_key, "audit", "verify", "--checkpoint", str(cp_file), code=1
    )


def test_checkpoint_refuses_to_sign_a_broken_chain(
    env: dict[str, str], fresh_database_url: str
) -> None:
    _import_demo(env)
    tamper(fresh_database_url, "DELETE FROM audit_events WHERE seq = 3")
    assert "refusing to sign" in run(env, "audit", "checkpoint", code=1)


def test_users_create_prints_the_password_once_and_stores_a_hash(
    env: dict[str, str], fresh_database_url: str
) -> None:
    _import_demo(env)
    out = run(env, "users", "create", "DSL@example.org", "--role", "dsl", "--name", "D. Lead")
    password = out.split("password (shown once, not stored in clear): ")[1].split()[0]
    assert "TOTP secret:" in out and "otpauth://totp/" in out
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as conn:
            user = conn.execute(select(User.email, User.password_hash)).one()
            audit_text = " ".join(
                str(v) for row in conn.execute(select(AuditEvent)).all() for v in row
            )
    finally:
        engine.dispose()
    assert user.email == "dsl@example.org"
    assert user.password_hash.startswith("$argon2id$") and password not in user.password_hash
    assert password not in audit_text and "dsl@example.org" not in audit_text
    staff = run(env, "users", "create", "t@example.org", "--role", "staff")
    assert "TOTP secret" not in staff
    assert "already exists" in run(
        env, "users", "create", "t@example.org", "--role", "staff", code=2
    )
    assert "not a role" in run(env, "users", "create", "x@example.org", "--role", "head", code=2)
    assert "granted slt" in run(env, "users", "grant", "t@example.org", "--role", "slt")
    assert "audit chain OK" in run(env, "audit", "verify")


def test_db_demo_loads_the_trust_with_one_user_per_role(env: dict[str, str]) -> None:
    first = run(env, "db", "demo")
    second = run(env, "db", "demo")
    for out in (first, second):
        lines = [ln.split() for ln in out.splitlines() if "@demo.postguard.example.org" in ln]
        assert [ln[0] for ln in lines] == [
            "staff",
            "subject_leader",
            "slt",
            "dsl",
            "deputy_dsl",
            "executive_head",
            "it_admin",
            "board",
        ]
        assert sum("TOTP" in " ".join(ln) for ln in lines) == 5
    password = first.split("staff@demo.postguard.example.org")[1].split()[0]
    assert password not in second  # a fresh password on every run
    assert "audit chain OK" in run(env, "audit", "verify")


@pytest.mark.parametrize(
    "args",
    [("db", "upgrade"), ("audit", "verify"), ("users", "create", "a@b.org", "--role", "staff")],
)
def test_an_unreachable_database_is_one_clear_error(args: tuple[str, ...]) -> None:
    env = {"POSTGUARD_DATABASE_URL": "postgresql://postguard:secret@127.0.0.1:9/none"}
    out = run(env, *args, code=4)
    assert "error: database postgresql+psycopg://postguard:***@127.0.0.1:9/none" in out
    assert "secret" not in out and "Traceback" not in out
