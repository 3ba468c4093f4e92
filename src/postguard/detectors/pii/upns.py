"""Unique Pupil Numbers: a DfE check letter and 12 digits, with a valid check letter.

A 13-character code whose check letter is wrong is only reported when the text
calls it a UPN (a mistyped UPN still identifies a child).
"""

from __future__ import annotations

import re

from postguard.detectors.pii.hit import PiiHit
from postguard.roster.models import Roster
from postguard.roster.upn import is_valid_upn

_UPN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]\d{12}(?![A-Za-z0-9])")
_LABEL = re.compile(r"\b(?:UPN|unique pupil number|pupil number)s?\b", re.IGNORECASE)
_CONTEXT = 40

FIX = (
    "Remove the pupil number: a UPN is confidential and must never be published; "
    "families can be contacted privately instead."
)


def find_upns(text: str, roster: Roster | None) -> list[PiiHit]:
    """UPN-shaped codes in ``text``."""
    hits: list[PiiHit] = []
    for m in _UPN.finditer(text):
        code = m.group()
        code = code[0].upper() + code[1:]
        labelled = bool(_LABEL.search(text, max(0, m.start() - _CONTEXT), m.start()))
        if is_valid_upn(code):
            on_roster = roster is not None and roster.pupil(code) is not None
            score = 0.99 if on_roster else 0.9
            explanation = "The text gives a Unique Pupil Number (valid check letter)"
            explanation += ", one on the roster (S7)." if on_roster else " (S7)."
        elif labelled:
            on_roster = False
            score = 0.6
            explanation = (
                "The text gives a code called a UPN, though its check letter is wrong (S7)."
            )
        else:
            continue
        hits.append(
            PiiHit(
                m.start(),
                m.end(),
                "upn",
                score,
                explanation,
                FIX,
                {"on_roster": on_roster, "check_letter_valid": is_valid_upn(code)},
            )
        )
    return hits
