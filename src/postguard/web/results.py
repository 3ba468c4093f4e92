"""A check as the post checker page shows it: the text in pieces, the findings, their fixes.

Also applies a fix asked for by a button: the button names the finding by its
number and span (``"2:31:47"``), so a text edited since the check is never
changed in the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from postguard.findings import Finding, Verdict
from postguard.roster.models import Roster
from postguard.roster.phrases import year_label
from postguard.web.fixes import Edit, apply_edits, edit_for
from postguard.web.highlight import Piece, pieces
from postguard.web.photos import PhotoView

FIX_ALL = "all"

OUTCOME_TEXT = {
    "publish": ("Ready to publish", "No finding stops this post going out."),
    "review": ("Needs review", "A person must review this post before it goes out."),
    "blocked": ("Blocked", "This post must not go out as it is: fix the findings below."),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One finding as listed: its number, the finding, its one-click edit and who it may be."""

    number: int
    finding: Finding
    edit: Edit | None
    who: str | None

    @property
    def token(self) -> str:
        loc = self.finding.detection.location
        return f"{self.number}:{loc.start}:{loc.end}"

    @property
    def cites(self) -> str:
        return "; ".join(str(c) for c in self.finding.clauses)


@dataclass(frozen=True, slots=True)
class CheckResult:
    text: str
    verdict: Verdict
    pieces: list[Piece]
    items: list[Item]
    photos: list[PhotoView] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return OUTCOME_TEXT[self.verdict.outcome.value][0]

    @property
    def summary(self) -> str:
        return OUTCOME_TEXT[self.verdict.outcome.value][1]

    @property
    def fixable(self) -> list[Item]:
        return [i for i in self.items if i.edit is not None]


def who(finding: Finding, roster: Roster) -> str | None:
    """Which pupil a name may be, without naming anyone: ``a Year 5 pupil at Meadowbank``."""
    d = finding.detection
    if d.kind != "pupil_name" or not d.candidates:
        return None
    pupils = [p for c in d.candidates if (p := roster.pupil(c.upn)) is not None]
    if not pupils:
        return None
    if len(pupils) == 1:
        label = year_label(pupils[0].year) or "a"
        return f"Matches a {label} pupil at {pupils[0].school} on the roster."
    years = sorted({year_label(p.year) or p.year for p in pupils})
    return f"Could be any of {len(pupils)} pupils on the roster ({', '.join(years)})."


def result(
    text: str, verdict: Verdict, roster: Roster, photos: list[PhotoView] | None = None
) -> CheckResult:
    items = [
        Item(n, f, edit_for(f, text, roster), who(f, roster))
        for n, f in enumerate(verdict.findings, 1)
    ]
    return CheckResult(text, verdict, pieces(text, verdict.findings), items, photos or [])


class StaleFix(ValueError):
    """The fix button no longer matches the text (it was edited after the check)."""


def apply_fix(current: CheckResult, token: str) -> tuple[str, list[Item]]:
    """The text with the asked-for fix (or all of them) applied, and the items fixed."""
    if token == FIX_ALL:
        chosen = current.fixable
    else:
        chosen = [i for i in current.fixable if i.token == token]
        if not chosen:
            raise StaleFix(
                "The text changed after it was checked, so the fix was not applied. "
                "Check it again, then apply the fix."
            )
    return apply_edits(current.text, [i.edit for i in chosen if i.edit]), chosen
