"""UK postcodes by their grammar, not by a list of real areas.

The full shape rules (Royal Mail / BS 7666): an outward code A9, A99, AA9, AA99,
A9A or AA9A and an inward code 9AA, with the letters each position may hold.
Areas are not checked against a list, so a new or fictional area validates as
long as it has the shape. Lower-case postcodes are accepted when written with
their space, mixed case is not ("Kb4 3pl" is more likely a code than an address),
an inward code that reads as an ordinal ("Y6 4th", "U11 1st") needs a two-letter
area and upper case, and nothing inside a word, handle, hashtag or URL counts.
"""

from __future__ import annotations

import re

from postguard.detectors.pii.hit import PiiHit
from postguard.detectors.pii.official import OfficialDetails

#: Outward code: first letter never Q, V, X; second never I, J, Z; A9A third and
#: AA9A fourth positions from their own small sets.
OUTWARD = r"[A-PR-UWYZ](?:[A-HK-Y]\d[\dABEHMNPRVWXY]?|\d[\dA-HJKPSTUW]?)"
#: Inward code: a digit and two letters, never C, I, K, M, O or V.
INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
POSTCODE = rf"(?:{OUTWARD}[ \u00a0]?{INWARD}|GIR[ \u00a0]?0AA)"
#: Not inside a word, a handle, a hashtag or a URL path.
_POSTCODE = re.compile(rf"(?<![\w/@#.=&?%+\-])({POSTCODE})(?![\w/@\-]|\.\w)", re.IGNORECASE)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)

FIX = "Remove the postcode; a general area (the estate or village) is enough."


def plausible_postcode(value: str) -> bool:
    """Shape aside, is this written like a postcode rather than a code or an ordinal?"""
    letters = [c for c in value if c.isalpha()]
    if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return False
    compact = value.replace(" ", "").replace("\u00a0", "")
    if compact == value and letters[-1].islower():
        return False
    inward, outward = compact[-3:], compact[:-3]
    if _ORDINAL.fullmatch(inward):
        if letters[-1].islower():
            return False
        if not (len(outward) >= 2 and outward[1].isalpha()):
            return False
    return True


def postcode_spans(text: str) -> list[tuple[int, int]]:
    """Spans of everything in ``text`` written like a UK postcode."""
    return [
        (m.start(1), m.end(1)) for m in _POSTCODE.finditer(text) if plausible_postcode(m.group(1))
    ]


def postcode_hit(text: str, start: int, end: int) -> PiiHit:
    compact = " " not in text[start:end] and "\u00a0" not in text[start:end]
    return PiiHit(
        start,
        end,
        "postcode",
        0.75 if compact else 0.9,
        "The text gives a full postcode, which narrows a family's home to a few houses (S7).",
        FIX,
    )


def find_postcodes(text: str, official: OfficialDetails) -> list[PiiHit]:
    """Full UK postcodes in ``text``; the schools' own postcodes are left out."""
    hits: list[PiiHit] = []
    for start, end in postcode_spans(text):
        if official.is_official_postcode(text[start:end]):
            continue
        hits.append(postcode_hit(text, start, end))
    return hits
