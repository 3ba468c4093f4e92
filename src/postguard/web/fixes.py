"""One-click fixes: the edit that puts a finding's suggested fix into the text.

Pure functions, no I/O. A pupil's name becomes a neutral phrase ("a Year 5
pupil", from the roster's year of the pupil it most likely is); personal data
and links are removed; a name inside a hashtag takes the hashtag with it. Other
findings (tone, safeguarding) need a person to rewrite them: they have no edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from postguard.findings import Detection, Finding
from postguard.roster.models import Roster
from postguard.roster.phrases import neutral_phrase

REMOVED_KINDS = frozenset({"pii", "link"})
"""Finding kinds whose one-click fix removes the span."""

_SENTENCE_END = (".", "!", "?", "\n")
_CLOSERS = ("", " ", "\t", ".", ",", ";", ":", "!", "?", ")")
_HASHTAG = re.compile(r"#\w+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str

    @property
    def removes(self) -> bool:
        return self.replacement == ""

    def label(self) -> str:
        """What the fix button says."""
        return "Remove it" if self.removes else f"Replace with \u201c{self.replacement}\u201d"


def pupil_phrase(detection: Detection, roster: Roster) -> str:
    """The neutral phrase replacing a detected name (see :func:`neutral_phrase`)."""
    return neutral_phrase(detection.candidates, roster, family=detection.subtype == "family")


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return before == "" or before.endswith(_SENTENCE_END)


def _hashtag_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    for m in _HASHTAG.finditer(text):
        if m.start() <= start and end <= m.end():
            return m.start(), m.end()
    return None


def edit_for(finding: Finding, text: str, roster: Roster) -> Edit | None:
    """The edit that fixes ``finding`` in ``text``, or ``None`` when a person must rewrite it."""
    d = finding.detection
    start, end = d.location.start, d.location.end
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return None
    if text[start:end] != d.quote:
        return None  # the text has changed since the check: never edit the wrong span
    if d.kind == "pupil_name":
        context = d.attributes.get("context")
        if context == "url":
            return None  # a name inside a web address: the link itself must go or change
        if context == "hashtag":
            span = _hashtag_around(text, start, end) or (start, end)
            return Edit(span[0], span[1], "")
        phrase = pupil_phrase(d, roster)
        possessive = _POSSESSIVE.search(d.quote)
        if possessive:  # "Maisie's book", "James' book" -> "a Year 6 pupil's book"
            phrase += possessive.group(0)[0] + "s"
        if _at_sentence_start(text, start):
            phrase = phrase[0].upper() + phrase[1:]
        return Edit(start, end, phrase)
    if d.kind in REMOVED_KINDS:
        return Edit(start, end, "")
    return None


def _apply(text: str, edit: Edit) -> str:
    left, right = text[: edit.start], text[edit.end :]
    if edit.removes:
        if right[:1] in _CLOSERS:
            left = left.rstrip(" \t")
        if left == "" or left.endswith("\n"):
            right = right.lstrip(" \t")
    return left + edit.replacement + right


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits right to left; an edit overlapping one already applied is skipped."""
    applied: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if any(edit.start < a.end and a.start < edit.end for a in applied):
            continue
        text = _apply(text, edit)
        applied.append(edit)
    return text


def fixable(
    findings: Sequence[Finding], text: str, roster: Roster
) -> list[tuple[Finding, Edit | None]]:
    """Each finding with its one-click edit (``None`` where there is none)."""
    return [(f, edit_for(f, text, roster)) for f in findings]
