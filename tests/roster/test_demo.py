"""The bundled demo trust: imports cleanly, is self-consistent, and is not northfield."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from postguard.demo import demo_comments, demo_dir, demo_posts
from postguard.roster.importer import import_roster
from postguard.roster.summary import summarise

DEMO_DAY = date(2026, 11, 23)
KINDS = {"pupil_name", "pii", "link", "unprofessional"}


def _full_names(folder: Path) -> set[str]:
    with (folder / "pupils.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = set()
    for r in rows:
        for fore in (r["Legal Forename"], r["Preferred Forename"]):
            for sur in (r["Legal Surname"], r["Preferred Surname"]):
                names.add(f"{fore} {sur}".casefold())
    return names


def test_demo_roster_imports_cleanly() -> None:
    result = import_roster(demo_dir(), today=DEMO_DAY)
    assert result.errors == () and result.notes == ()
    summary = summarise(result.roster, DEMO_DAY)
    assert summary.ex_pupils == 1 and 35 <= summary.pupils <= 45
    assert len(summary.by_school) == 2 and len(summary.schools) == 3
    roles = {m.role for m in result.roster.staff}
    assert {"Executive Headteacher", "Designated Safeguarding Lead", "SLT"} <= roles
    assert any(r.startswith("Subject Leader") for r in roles)
    statuses = {c.status.value for c in result.roster.consents}
    assert statuses == {"granted", "refused", "withdrawn"}
    assert any(p.preferred_forename != p.legal_forename for p in result.roster.pupils)


def test_demo_shares_no_pupil_name_with_northfield(northfield_dir: Path) -> None:
    assert _full_names(demo_dir()).isdisjoint(_full_names(northfield_dir))


def test_demo_uses_only_fictional_contact_details() -> None:
    roster = import_roster(demo_dir(), today=DEMO_DAY).roster
    phones = [c.phone for c in roster.contacts] + [p for s in roster.schools for p in s.phones]
    assert all(re.fullmatch(r"07700 900\d{3}|01632 960\d{3}", p) for p in phones), phones
    emails = [c.email for c in roster.contacts if c.email] + [m.email for m in roster.staff]
    assert all(re.search(r"@(?:[\w.-]+\.)?example\.(?:com|org|net)$", e) for e in emails)
    assert all(s.postcode.startswith("ZY") for s in roster.schools)


def test_demo_posts_are_in_the_evaluation_format() -> None:
    roster = import_roster(demo_dir(), today=DEMO_DAY).roster
    posts = demo_posts()
    assert len(posts) >= 10
    assert len({p["id"] for p in posts}) == len(posts)
    schools = {s.name for s in roster.schools}
    for post in posts:
        assert set(post) == {"id", "school", "platform", "text", "images", "expected"}
        assert post["school"] in schools
        for item in post["expected"]:
            assert item["kind"] in KINDS
            assert (item.get("quote") or item["url"]) in post["text"]
            if item["kind"] == "pupil_name":
                assert roster.pupil(item["upn"]) is not None
    clean = [p for p in posts if not p["expected"]]
    assert 4 <= len(clean) < len(posts)


def test_demo_comments_are_labelled() -> None:
    labels = {"ok", "abusive", "profane", "spam", "personal_data", "safeguarding"}
    assert all(c["label"] in labels for c in demo_comments())
