"""The photo commands end to end on a real database: enrol, check --image, redact, sweep.

Real models and photos (composed at run time from the deepface test photos); the
database is a fresh migrated one per test (SQLite and PostgreSQL), with the demo
roster imported as ``postguard db import-roster`` does it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from postguard.audit import verify
from postguard.cli import app
from postguard.cli.photos import app as photos_app
from postguard.demo import demo_dir
from postguard.faces.gallery import NpzGallery, Person, PersonKind
from postguard.store import make_engine
from postguard.store import models as db
from postguard.store.testing import fresh_database_url  # noqa: F401

CONSENTED = "E962401219121"
WITHDRAWN = "D962401218100"  # social media withdrawn; Biometric granted
NO_BIOMETRIC = "J962223126254"
TODAY = ["--today", "2026-11-24"]
CAPTION = "A wonderful sports day!"
TRUST = "Demo Trust"


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_database_url: str) -> Path:  # noqa: F811
    monkeypatch.setenv("POSTGUARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POSTGUARD_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("POSTGUARD_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("POSTGUARD_TODAY", "2026-11-24")
    monkeypatch.delenv("POSTGUARD_ROSTER_DIR", raising=False)
    monkeypatch.delenv("POSTGUARD_POLICY", raising=False)
    imported = run("db", "import-roster", str(demo_dir()), "--trust", TRUST)
    assert imported.exit_code == 0, imported.output
    return tmp_path


@pytest.fixture()
def session(fresh_database_url: str) -> Iterator[Session]:  # noqa: F811
    engine = make_engine(fresh_database_url)
    try:
        with Session(engine) as s:
            yield s
    finally:
        engine.dispose()


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def embeddings_of(session: Session, upn: str) -> int:
    session.rollback()  # a new transaction: see what the commands committed
    return (
        session.scalar(
            select(func.count(db.FaceEmbedding.id))
            .join(db.Pupil, db.Pupil.id == db.FaceEmbedding.pupil_id)
            .where(db.Pupil.upn == upn)
        )
        or 0
    )


def test_enrol_check_redact_sweep_then_withdraw(
    env: Path, session: Session, faces_dir: Path, compose: Any, kit: Any
) -> None:
    for upn, ref in ((CONSENTED, "img16.jpg"), (WITHDRAWN, "img29.jpg")):
        result = run("enrol", upn, str(faces_dir / ref))
        assert result.exit_code == 0, result.output
        assert "1 embedding(s) added, 1 stored, photos not kept" in result.output
    assert embeddings_of(session, CONSENTED) == 1
    group, placed = compose([("img17.jpg", 150), ("img30.jpg", 150), ("img36.jpg", 150)])
    photo = env / "group.png"
    photo.write_bytes(kit.png(group))

    checked = run("check", CAPTION, "--image", str(photo), "--json", *TODAY)
    assert checked.exit_code == 2, checked.output
    verdict = json.loads(checked.stdout)
    assert verdict["outcome"] == "blocked"
    faces = {kit.nearest(placed, tuple(f["box"])).name: f for f in verdict["faces"]}
    assert {n: (f["status"], f["upn"], f["image"]) for n, f in faces.items()} == {
        "img17.jpg": ("consented", CONSENTED, 0),
        "img30.jpg": ("refused", WITHDRAWN, 0),
        "img36.jpg": ("unknown", None, 0),
    }
    # Only the faces that resembled enrolled pupils are kept, never the stranger's.
    session.rollback()
    sightings = session.scalars(select(db.FaceSighting)).all()
    assert {s.pupil_id for s in sightings} == set(
        session.scalars(select(db.Pupil.id).where(db.Pupil.upn.in_([CONSENTED, WITHDRAWN])))
    )

    cleaned = env / "cleaned.png"
    redacted = run("redact", str(photo), "-o", str(cleaned), *TODAY)
    assert redacted.exit_code == 0, redacted.output
    assert "2 of 3 faces blurred, metadata stripped" in redacted.output
    rechecked = run("check", CAPTION, "--image", str(cleaned), "--json", *TODAY)
    assert rechecked.exit_code == 0, rechecked.output
    assert [f["status"] for f in json.loads(rechecked.stdout)["faces"]] == ["consented"]

    swept = run("sweep", WITHDRAWN, "--json")
    assert swept.exit_code == 1, swept.output
    hits = json.loads(swept.stdout)
    assert [(Path(h["ref"]).name, h["image"], h["reason"]) for h in hits] == [
        ("group.png", 0, "face matched")
    ]
    assert run("sweep", "R962401217107").exit_code == 0  # never pictured

    # The parents withdraw Biometric consent: the next roster import deletes the
    # embeddings at once, and the sweep still lists the photo to take down.
    roster = env / "roster"
    shutil.copytree(demo_dir(), roster)
    with (roster / "consents.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{WITHDRAWN},Biometric,Withdrawn,2026-11-20,Kelly Fairweather\n")
    reimported = run("db", "import-roster", str(roster), "--trust", TRUST)
    assert reimported.exit_code == 0, reimported.output
    assert embeddings_of(session, WITHDRAWN) == 0
    assert embeddings_of(session, CONSENTED) == 1
    session.rollback()
    events = session.scalars(
        select(db.AuditEvent.action).where(db.AuditEvent.action == "face.withdraw")
    ).all()
    assert events == ["face.withdraw"]
    swept = run("sweep", WITHDRAWN, "--json")
    assert swept.exit_code == 1
    assert [Path(h["ref"]).name for h in json.loads(swept.stdout)] == ["group.png"]
    assert verify(session).ok


@pytest.mark.parametrize(
    "args, message",
    [
        (["enrol", NO_BIOMETRIC, "PHOTO"], "has no Biometric consent on the register"),
        (["enrol", "--staff", "RLT0002", "PHOTO"], "gave written consent"),
        (["enrol", CONSENTED, "--consent-confirmed", "PHOTO"], "is for staff"),
        (["enrol", CONSENTED, "/no/such/photo.jpg"], "cannot read /no/such/photo.jpg"),
        (["enrol", CONSENTED, "PHOTO", "--trust", "Nowhere"], "no trust called 'Nowhere'"),
        (["sweep", CONSENTED, "--trust", "Nowhere"], "no trust called 'Nowhere'"),
        (["redact", "/no/such/photo.jpg", "-o", "OUT"], "photo not found"),
        (["redact", "PHOTO", "-o", "PHOTO"], "not over the original"),
        (["check", "hi", "--image", "/no/such/photo.jpg"], "cannot read /no/such/photo.jpg"),
    ],
)
def test_refusals_are_clear(
    env: Path, session: Session, faces_dir: Path, args: list[str], message: str
) -> None:
    photo = str(faces_dir / "img20.jpg")
    out = str(env / "out.jpg")
    argv = [photo if a == "PHOTO" else out if a == "OUT" else a for a in args]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 3
    assert message in " ".join(result.output.split())
    session.rollback()
    assert session.scalar(select(func.count(db.FaceEmbedding.id))) == 0


def test_without_a_database_every_face_is_unknown_not_cleared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, faces_dir: Path
) -> None:
    monkeypatch.setenv("POSTGUARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POSTGUARD_DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    monkeypatch.delenv("POSTGUARD_ROSTER_DIR", raising=False)
    result = run("check", CAPTION, "--image", str(faces_dir / "img16.jpg"), "--json", *TODAY)
    assert result.exit_code == 1, result.output
    assert [f["status"] for f in json.loads(result.stdout)["faces"]] == ["unknown"]
    assert "not set up" in result.stderr


def test_a_file_gallery_moves_into_the_database(
    env: Path, session: Session, engine: Any, faces_dir: Path
) -> None:
    from postguard.images.intake import decode

    def vector(name: str) -> Any:
        [face] = engine.analyse(decode((faces_dir / name).read_bytes()).frames[0])
        return face.embedding

    path = env / "data" / "faces" / "gallery.npz"
    old = NpzGallery(path)
    old.add(Person(PersonKind.PUPIL, CONSENTED), [vector("img16.jpg")])
    old.add(Person(PersonKind.PUPIL, NO_BIOMETRIC), [vector("img20.jpg")])
    refused = CliRunner().invoke(photos_app, ["import-gallery"])
    assert refused.exit_code == 1, refused.output
    assert f"not imported: pupil {NO_BIOMETRIC}" in refused.output
    assert "imported 1 of 2 people" in refused.output
    assert embeddings_of(session, CONSENTED) == 1
    assert embeddings_of(session, NO_BIOMETRIC) == 0
    assert path.exists()

    only = env / "consented.npz"
    NpzGallery(only).add(Person(PersonKind.PUPIL, CONSENTED), [vector("img17.jpg")])
    done = CliRunner().invoke(photos_app, ["import-gallery", str(only), "--delete"])
    assert done.exit_code == 0, done.output
    assert not only.exists()
    assert embeddings_of(session, CONSENTED) == 2
    assert verify(session).ok
