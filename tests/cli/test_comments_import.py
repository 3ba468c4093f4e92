"""``postguard comments import``: a platform export moderated into the database, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from postguard import audit
from postguard.auth.roles import Role
from postguard.cli import app
from postguard.mail_testing import Mailbox
from postguard.store import make_engine
from postguard.store import models as db
from postguard.store.testing import database, fresh_database_url  # noqa: F401
from postguard.workflows.trusts import ensure_school, ensure_trust
from postguard.workflows.users import create_user

runner = CliRunner()
KEY = "s" * 40
SLT = "slt@cli-comments.example.org"
EXPORT = {
    "data": [
        {"id": "p_1", "message": "Great sports day, thank you to all the staff!"},
        {"id": "p_2", "message": "You are a useless idiot, Mr Smith, get out of our school"},
        {
            "id": "p_3",
            "message": "I am 12 and my teacher touches me and told me not to tell anyone",
        },
        {"id": "p_4", "created_time": "2026-11-20T09:30:00+0000"},
    ],
    "paging": {"cursors": {}},
}


@pytest.fixture
def env(fresh_database_url: str, smtp_server: Mailbox) -> dict[str, str]:  # noqa: F811
    engine = make_engine(fresh_database_url)
    try:
        with Session(engine) as session, session.begin():
            trust = ensure_trust(session, "CLI Trust", actor="test")
            school = ensure_school(session, trust, "Brook School", actor="test")
            create_user(
                session,
                trust,
                SLT,
                actor="test",
                secret_key=KEY,
                password="correct horse battery staple",
                grants=((Role.SLT, "Brook School"),),
            )
            session.add(
                db.Account(
                    trust_id=trust.id,
                    school_id=school.id,
                    platform="facebook",
                    handle="brookschool",
                    status="live",
                )
            )
    finally:
        engine.dispose()
    smtp_server.clear()
    return {
        "POSTGUARD_DATABASE_URL": fresh_database_url,
        "POSTGUARD_SECRET_KEY": KEY,
        "POSTGUARD_TODAY": "2026-11-24",
        "POSTGUARD_SMTP_HOST": smtp_server.host,
        "POSTGUARD_SMTP_PORT": str(smtp_server.port),
    }


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["comments", "import", *args], env=env)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout + result.stderr


def stored(url: str) -> list[tuple[str, str, str]]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            assert audit.verify(session).ok
            rows = session.execute(
                select(
                    db.Comment.platform_comment_id, db.Comment.status, db.Comment.outcome
                ).order_by(db.Comment.platform_comment_id)
            ).all()
            return [(a, b, c or "") for a, b, c in rows]
    finally:
        engine.dispose()


def test_an_export_is_moderated_once(
    env: dict[str, str], tmp_path: Path, smtp_server: Mailbox
) -> None:
    export = tmp_path / "page.json"
    export.write_text(json.dumps(EXPORT), encoding="utf-8")
    out = run(env, str(export), "--account", "facebook:brookschool")
    assert (
        "page.json: 4 comments: 1 kept, 1 hidden and reported to SLT, 1 referred to the DSL, "
        "1 queued for a person, 0 already imported"
    ) in out
    assert "idiot" not in out
    url = env["POSTGUARD_DATABASE_URL"]
    assert stored(url) == [
        ("p_1", "visible", "kept"),
        ("p_2", "hidden", "reported_slt"),
        ("p_3", "hidden", "referred_dsl"),
        ("p_4", "queued", "for_person"),
    ]
    (mail,) = smtp_server.to(SLT)
    assert "1 comment hidden and reported and 1 waiting for a person" in " ".join(
        str(mail["Subject"]).split()
    )
    again = run(env, str(export), "--account", "facebook:@brookschool", "--format", "meta")
    assert "0 kept" in again and "4 already imported" in again
    assert len(stored(url)) == 4


def test_a_malformed_file_names_the_line_and_imports_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,author,text\nc1,Ann,Lovely\n,Bob,no id\n", encoding="utf-8")
    out = run(env, str(bad), "--account", "facebook:brookschool", code=3)
    assert "bad.csv:3: no comment id" in out and "nothing imported" in out
    assert stored(env["POSTGUARD_DATABASE_URL"]) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--account", "facebook:nobody"], "no account facebook:nobody"),
        (["--account", "brookschool"], "give PLATFORM:HANDLE"),
        (["--account", "facebook:brookschool", "--format", "tiktok"], "--format 'tiktok'"),
    ],
)
def test_bad_options_exit_3(
    env: dict[str, str], tmp_path: Path, args: list[str], message: str
) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_text("id,text\nc1,Lovely\n", encoding="utf-8")
    assert message in run(env, str(ok), *args, code=3)
    engine = make_engine(env["POSTGUARD_DATABASE_URL"])
    try:
        with Session(engine) as session:
            assert session.scalar(select(func.count(db.Comment.id))) == 0
    finally:
        engine.dispose()


def test_a_missing_file_exits_3(env: dict[str, str], tmp_path: Path) -> None:
    out = run(env, str(tmp_path / "nope.csv"), "--account", "facebook:brookschool", code=3)
    assert "cannot read" in out
