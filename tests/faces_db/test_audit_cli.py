"""`postguard audit verify` stays OK after enrolments and withdrawals are committed."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from postguard.cli import app
from postguard.demo import demo_dir
from postguard.roster.models import ConsentScope
from postguard.store import make_engine
from postguard.store import models as db
from postguard.workflows import enrolment

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout + result.stderr


def test_audit_verify_is_ok_after_enrol_and_withdraw(fresh_database_url: str) -> None:
    env = {
        "POSTGUARD_DATABASE_URL": fresh_database_url,
        "POSTGUARD_SECRET_KEY": "s" * 40,
        "POSTGUARD_TODAY": "2026-11-23",
    }
    run(env, "db", "import-roster", str(demo_dir()), "--trust", "Demo Trust")
    engine = make_engine(fresh_database_url)
    try:
        with Session(engine) as session:
            trust_id = session.scalars(select(db.Trust.id)).one()
            upn = session.scalars(
                select(db.Pupil.upn)
                .join(db.Consent, db.Consent.pupil_id == db.Pupil.id)
                .where(
                    db.Consent.scope == ConsentScope.BIOMETRIC.value,
                    db.Consent.status == "granted",
                )
                .order_by(db.Pupil.upn)
            ).first()
            assert upn is not None
            vector = np.random.default_rng(0).normal(size=128).astype(np.float32)
            enrolment.enrol_pupil(
                session, trust_id=trust_id, upn=upn, embeddings=[vector], actor="cli:test"
            )
            session.commit()
            done = enrolment.withdraw(session, trust_id=trust_id, upn=upn, actor="cli:test")
            session.commit()
            assert done is not None and done.embeddings == 1
            actions = list(session.scalars(select(db.AuditEvent.action)))
            assert actions[-2:] == ["face.enrol", "face.withdraw"]
    finally:
        engine.dispose()
    assert "audit chain OK" in run(env, "audit", "verify")
