"""The northfield evaluation roster imports cleanly with the counts its README gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from postguard.roster.importer import import_roster
from postguard.roster.models import ConsentScope, ConsentStatus
from postguard.roster.summary import summarise

REFERENCE_DATE = date(2026, 11, 23)


def test_northfield_imports_with_readme_counts(northfield_dir: Path) -> None:
    result = import_roster(northfield_dir, today=REFERENCE_DATE)
    assert result.errors == () and result.notes == ()
    summary = summarise(result.roster, REFERENCE_DATE)
    assert (summary.pupils, summary.on_roll, summary.ex_pupils) == (1014, 1000, 14)
    assert {s.school: (s.on_roll + s.ex_pupils) for s in summary.by_school} == {
        "Northfield Academy": 710,
        "Brookside Primary": 304,
    }
    assert (summary.staff, summary.contacts, summary.consent_rows) == (89, 1668, 4012)
    assert len(summary.schools) == 3
    assert summary.consents[ConsentScope.SOCIAL_MEDIA] == {
        ConsentStatus.GRANTED: 809,
        ConsentStatus.REFUSED: 148,
        ConsentStatus.WITHDRAWN: 57,
    }


def test_northfield_official_mobile_is_an_official_phone(northfield_dir: Path) -> None:
    roster = import_roster(northfield_dir, today=REFERENCE_DATE).roster
    academy = next(s for s in roster.schools if s.name == "Northfield Academy")
    assert "07700 900450" in academy.phones  # the trips mobile, listed under "mobiles"
