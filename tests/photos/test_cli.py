"""The photo commands end to end: enrol, check --image, redact, sweep (real models and photos)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from postguard.cli import app

CONSENTED = "E962401219121"
WITHDRAWN = "D962401218100"
NO_BIOMETRIC = "J962223126254"
TODAY = ["--today", "2026-11-24"]
CAPTION = "A wonderful sports day!"


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POSTGUARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("POSTGUARD_ROSTER_DIR", raising=False)
    monkeypatch.delenv("POSTGUARD_POLICY", raising=False)
    return tmp_path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_enrol_check_redact_sweep(env: Path, faces_dir: Path, compose: Any, kit: Any) -> None:
    for upn, ref in ((CONSENTED, "img16.jpg"), (WITHDRAWN, "img29.jpg")):
        result = run("enrol", upn, str(faces_dir / ref), *TODAY)
        assert result.exit_code == 0, result.output
        assert "1 embedding(s) stored, photos not kept" in result.output
    group, placed = compose([("img17.jpg", 150), ("img30.jpg", 150), ("img36.jpg", 150)])
    photo = env / "group.png"
    photo.write_bytes(kit.png(group))

    checked = run("check", CAPTION, "--image", str(photo), "--json", *TODAY)
    assert checked.exit_code == 2, checked.output
    verdict = json.loads(checked.output)
    assert verdict["outcome"] == "blocked"
    faces = {kit.nearest(placed, tuple(f["box"])).name: f for f in verdict["faces"]}
    assert {n: (f["status"], f["upn"], f["image"]) for n, f in faces.items()} == {
        "img17.jpg": ("consented", CONSENTED, 0),
        "img30.jpg": ("refused", WITHDRAWN, 0),
        "img36.jpg": ("unknown", None, 0),
    }
    assert all(isinstance(f["score"], float) and len(f["box"]) == 4 for f in faces.values())

    cleaned = env / "cleaned.png"
    redacted = run("redact", str(photo), "-o", str(cleaned), *TODAY)
    assert redacted.exit_code == 0, redacted.output
    assert "2 of 3 faces blurred, metadata stripped" in redacted.output
    rechecked = run("check", CAPTION, "--image", str(cleaned), "--json", *TODAY)
    assert rechecked.exit_code == 0, rechecked.output
    assert [f["status"] for f in json.loads(rechecked.output)["faces"]] == ["consented"]

    swept = run("sweep", WITHDRAWN, "--json")
    assert swept.exit_code == 1
    hits = json.loads(swept.output)
    assert [(Path(h["ref"]).name, h["image"]) for h in hits] == [("group.png", 0)]
    assert "face matched" in hits[0]["reasons"]
    assert run("sweep", "R962401217107").exit_code == 0  # never pictured or named


@pytest.mark.parametrize(
    "args, message",
    [
        (["enrol", NO_BIOMETRIC, "PHOTO"], "has no Biometric consent on the register"),
        (["enrol", "--staff", "RLT0002", "PHOTO"], "gave written consent"),
        (["enrol", CONSENTED, "/no/such/photo.jpg"], "cannot read /no/such/photo.jpg"),
        (["redact", "/no/such/photo.jpg", "-o", "OUT"], "photo not found"),
        (["redact", "PHOTO", "-o", "PHOTO"], "not over the original"),
        (["check", "hi", "--image", "/no/such/photo.jpg"], "cannot read /no/such/photo.jpg"),
    ],
)
def test_refusals_are_clear(env: Path, faces_dir: Path, args: list[str], message: str) -> None:
    photo = str(faces_dir / "img20.jpg")
    out = str(env / "out.jpg")
    argv = [photo if a == "PHOTO" else out if a == "OUT" else a for a in args]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 3
    assert message in " ".join(result.output.split())
    assert not (env / "data" / "faces" / "gallery.npz").exists()


def test_an_unreadable_photo_is_reviewed_not_waved_through(env: Path) -> None:
    fake = env / "photo.jpg"
    fake.write_bytes(b"this is a text file renamed photo.jpg")
    result = run("check", "Our trip to the museum.", "--image", str(fake), "--json", *TODAY)
    assert result.exit_code == 1, result.output
    rules = [f["rule_id"] for f in json.loads(result.output)["findings"]]
    assert rules == ["S5-PHOTO-UNCHECKED"]
