"""Does a comment disclose a child's (or a member of staff's) personal data?

A pupil's full name is personal data on its own; a first name, or "my son",
becomes personal data once it comes with something that identifies or exposes
the child: class or year, age, date of birth, health or SEN, a home address,
a postcode, a phone number or an email. Names come from the roster index
(``context.names``); phones, emails, postcodes, addresses and dates of birth
from the PII detector. Without a roster, a written-out child reference
("my son Jayden Campbell", "Star's mum") stands in for the name.

A parent naming their own child by first name only ("So proud of Ruby!"), or
health details with no name ("my son is autistic"), stay ``ok``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from postguard.content import Content
from postguard.detectors.base import DetectionContext
from postguard.findings import Detection
from postguard.language.prefilter import Gate

PERSONAL_DATA = "personal_data"

_HEALTH = re.compile(
    r"\b(?:epilep\w+|allerg\w+|asthma\w*|inhaler|diabet\w+|adhd|autis\w+|asperger\w*|dyslexi\w+|"
    r"dyspraxi\w+|anxiety\s+disorder|depress\w+|ehcp|camhs|medication|hospital\s+appointment|"
    r"glandular\s+fever|tonsils|cancer|leukaemia|cerebral\s+palsy|down'?s\s+syndrome|"
    r"bruised\s+\w+|broken\s+\w+|concussion|injur\w+|young\s+carer|free\s+school\s+meals|in\s+care|"
    r"fostered|assaulted|bitten|seizures?|eating\s+disorder|self[\s-]harm|pregnan\w+|\w+\s+infection|"
    r"chickenpox|tonsillitis|"
    r"social\s+worker|child\s+protection|excluded|exclusion)\b"
)
_HEALTH_ACRONYM = re.compile(r"\b(?:ADD|ADHD|SEND|SEN|MS|EHCP|CAMHS|OCD|PTSD|ASD|ME)\b")
_CHILDISH = re.compile(
    r"\b(?:son|daughter|child|kid|kids|boy|girl|lad|pupil|student|mum|dad|class|year|school|he|she)\b"
)
_AGE = re.compile(
    r"\b(?:is|aged?|turn(?:ed|s|ing)?|just)\s+\d{1,2}\b(?!\s*(?:days?|weeks?|hours?|times?|%|am|pm|:))|"
    r"\b\d{1,2}(?:st|nd|rd|th)\s+birthday\b|\b\d{1,2}\s*(?:yo|y/o|years?\s+old)\b|"
    r"\bi'?m\s+\d{1,2}\b(?!\s*(?:days?|weeks?|%|am|pm|:))"
)
_DOB = re.compile(r"\bdob\b|\bd\.o\.b\b|\bdate\s+of\s+birth\b|\bborn\s+(?:on\s+)?\d")
_YEAR = re.compile(r"\b(?:y|yr|year)\s?(?:[1-9]|1[0-3])\b|\breception\b|\bnursery\b")
_FORM = re.compile(r"(?<![\w£$])(?:[1-9]|1[0-3])[A-Z]\b|\([1-9]{1,2}[A-Z]\)")
_CLASS = re.compile(r"\b[A-Z][a-z]+\s+class\b|\bin\s+[A-Z][a-z]+s\b")
_CONTACT = re.compile(
    r"(?:\+44\s?|\b0)7\d{3}\s?\d{3}\s?\d{3}\b|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|"
    r"\b[\w.+-]+@[\w-]+\.[\w.]+\b|"
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|"
    r"\b\d{1,4}\s+[A-Z][a-z]+\s+(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Grove|Close|Drive|Way|Crescent|"
    r"Court|Place|Gardens|Terrace|Walk|Mews|View|Rise|Hill|Park)\b"
)
_LIVES = re.compile(
    r"\b(?:lives?|living)\s+(?:at|on|next\s+door|opposite|round\s+the\s+corner)\b|\bmy\s+address\b|\bwe(?:'re|\s+are)?\s+at\s+\d"
)
# Contact details that are a private person's on their own (clause S7: no personally
# identifying information on trust accounts): a mobile number, an address at a webmail
# provider, a house number and street. Landlines and other addresses are often the
# school's or a business's own, and count only with a child (above).
_OWN_CONTACT = re.compile(
    r"(?:\+44\s?|\b0)7\d{3}\s?\d{3}\s?\d{3}\b|"
    r"\b[\w.+-]+@(?:gmail|googlemail|hotmail|outlook|live|yahoo|ymail|icloud|me|aol|btinternet|"
    r"sky|virginmedia|talktalk|protonmail|proton|mail|gmx)\.[\w.]+\b|"
    r"\b\d{1,4}[a-z]?,?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Grove|Close|"
    r"Drive|Way|Crescent|Court|Place|Gardens|Terrace|Walk|Mews|View|Rise|Hill)\b|"
    # Any number or address given as the writer's own ("ring me on", "email me at").
    r"\b(?:ring|call|text|phone|contact|whatsapp)\s+(?:me|us)\s+on\s+\+?\d[\d\s]{8,14}\d\b|"
    r"\b(?:e-?mail|message)\s+(?:me|us)\s+(?:at|on)\s+[\w.+-]+@[\w-]+\.[\w.]+\b"
)
#: The reason given when a comment's only personal data is a private person's contact details.
CONTACT_IN_PUBLIC = "a private person's contact details in public"
_NAME = r"[A-ZÀ-ÖØ-ÞĀ-ž][\w'’-]*[a-zß-öø-ÿ][\w'’-]*"
_CHILD_REF = re.compile(
    rf"\b(?:[Mm]y|[Oo]ur)\s+(?:son|daughter|boy|girl|lad|kids|twins|child|children|grandson|granddaughter|"
    rf"nephew|niece|stepson|stepdaughter|grandchild|godson|goddaughter|"
    rf"little\s+(?:one|boy|girl)|beautiful\s+(?:girl|boy)|youngest|eldest)\s+(?:is\s+|are\s+)?({_NAME}(?:\s+(?:and\s+)?{_NAME}){{0,3}})|"
    rf"\b({_NAME}(?:\s+(?:and\s+)?{_NAME}){{0,3}})'?s?\s+(?:mum|mam|mom|dad|grandad|grandma|nan|gran|carer|auntie|stepdad|stepmum)\b|"
    rf"\b[Mm]y\s+name\s+is\s+({_NAME}(?:\s+{_NAME})?)|"
    rf"\b({_NAME}\s+{_NAME})\s+(?:in\s+|\()(?:[Yy]ear\s?\d|Y\d|(?:[1-9]|1[0-3])[A-Z]\b|Reception)"
)
# Without a roster: two capitalised words that look like a forename and a surname.
_NAME_PAIR = re.compile(rf"\b({_NAME}(?:-{_NAME})?[ \t]+{_NAME}(?:-{_NAME})?)\b")
_NOT_NAMES = frozenset(
    """the a an my our your his her their this that these those please hi hello hey dear thanks
    thank can could would should will is are was were do does did has have had if when why what
    who how where and but or so as at in on to for from of by with not no yes well just also
    very really congratulations congrats happy merry good great lovely brilliant sorry dear
    school academy primary trust college team class year form house club day week month term
    road street lane avenue close grove drive way park centre center church hall united city
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december christmas easter diwali eid mr mrs
    miss ms mx dr sir madam captain cllr rev st saint north south east west new old big little
    free sports parents parent mum dad staff reception nursery inset ofsted pta send stranger
    danger dead man chest awareness week""".split()
)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Miss|Ms|Mx|Dr|Sir|Captain|Cllr|Rev)\.?\s+$")
_DIGIT_OR_AT = re.compile(r"[\d@]")
_PII_CUES = frozenset({"phone", "email", "postal_address", "postcode", "date_of_birth", "upn"})


_STAFF_LIVES = re.compile(r"\b(?:mr|mrs|miss|ms|dr)\s+\w+\s+lives\b")
_F_LIVES, _F_HEALTH, _F_DOB = range(3)


@functools.cache
def _folded_gate() -> Gate:
    """Prefilter of the patterns read on folded text, in the order of the _F_ indexes."""
    return Gate([_LIVES, _HEALTH, _DOB])


@dataclass(frozen=True, slots=True)
class PersonalData:
    """Why a comment counts as personal data: the name (or child reference) and the details."""

    score: float
    start: int
    end: int
    details: tuple[str, ...]
    reason: str


def _pii(content: Content, context: DetectionContext) -> Sequence[Detection]:
    from postguard.detectors.pii import PiiDetector

    return PiiDetector().detect(content, context)


def _child_refs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _CHILD_REF.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        start = m.start(group)
        if _TITLED.search(text[max(0, start - 12) : start]):
            continue
        spans.append((start, m.end(group)))
    return spans


def _name_pairs(text: str) -> list[tuple[int, int]]:
    """Forename-surname lookalikes, for use only when no roster index is available."""
    spans: list[tuple[int, int]] = []
    for m in _NAME_PAIR.finditer(text):
        words = re.split(r"[\s-]+", m.group(1).lower())
        if any(w.strip("'’") in _NOT_NAMES for w in words):
            continue
        if _TITLED.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        spans.append((m.start(), m.end()))
    return spans


def _roster_names(
    content: Content, context: DetectionContext
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(full-name spans, single-name spans) of pupils the roster index finds."""
    if context.names is None:
        return [], []
    full: list[tuple[int, int]] = []
    single: list[tuple[int, int]] = []
    for match in context.names.find(content.text, content.school):
        if not match.candidates:
            continue
        words = re.findall(r"\w+", match.quote)
        (full if len(words) >= 2 else single).append((match.start, match.end))
    return full, single


def _class_names(context: DetectionContext) -> re.Pattern[str] | None:
    roster = context.roster
    if roster is None or not roster.pupils:
        return None
    groups = {p.reg_group for p in roster.pupils if p.reg_group and not p.reg_group[0].isdigit()}
    if not groups:
        return None
    alts = "|".join(sorted((re.escape(g) for g in groups), key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)


def assess(content: Content, context: DetectionContext, folded: str) -> PersonalData | None:
    """The personal data in a comment, or None. ``folded`` is the folded text (lower case)."""
    text = content.text
    # Every PII type the detector knows, and every branch of _CONTACT and _FORM, needs
    # a digit or an "@", bar addresses with no house number, which _LIVES catches;
    # skipping the rest keeps batches fast. The folded-text patterns go through a
    # prefilter that skips those that cannot match (folding can make digits: "²" -> "2").
    maybe_pii = _DIGIT_OR_AT.search(text) is not None
    may = _folded_gate().admits(folded)
    # _AGE needs a digit; _YEAR a digit, "reception" or "nursery" (the prefilter cannot
    # prove either: a digit is not a literal).
    digit = _DIGIT_OR_AT.search(folded) is not None
    lives = _F_LIVES in may and _LIVES.search(folded) is not None
    rest: list[str] = []  # the details that do not come from the PII detector
    if (_F_HEALTH in may and _HEALTH.search(folded)) or _HEALTH_ACRONYM.search(text):
        rest.append("health or SEN")
    if _F_DOB in may and _DOB.search(folded):
        rest.append("date of birth")
    if digit and _AGE.search(folded):
        rest.append("age")
    classes = _class_names(context)
    if (
        ((digit or "reception" in folded or "nursery" in folded) and _YEAR.search(folded))
        or (maybe_pii and _FORM.search(text))
        or (classes and classes.search(text))
    ):
        rest.append("class or year")
    elif classes is None and _CLASS.search(text):
        rest.append("class or year")

    full, single = _roster_names(content, context)
    refs: list[tuple[int, int]] | None = None  # found only when needed (it is slow-ish)
    strong = {"health or SEN", "date of birth", "class or year"}
    childish = (
        context.names is None
        and bool(strong.intersection(rest))
        and _CHILDISH.search(folded) is not None
    )
    staff_lives = _STAFF_LIVES.search(folded) is not None
    # The PII detector is the slow part; its findings can only matter when one of the
    # returns below is reachable, which needs one of these (else the result is None).
    useful = bool(full or single or childish or staff_lives or "health or SEN" in rest)
    if maybe_pii and not useful:
        refs = _child_refs(text)
        useful = bool(refs)
    pii = (
        [d for d in _pii(content, context) if d.subtype in _PII_CUES]
        if maybe_pii and useful
        else []
    )
    details: list[str] = []
    if pii:
        details.extend(sorted({str(d.subtype) for d in pii}))
        if lives:
            details.append("home address")
    elif (maybe_pii and _CONTACT.search(text)) or lives:
        details.append("contact or address")
    details.extend(rest)

    if not full and not details:
        return None
    if refs is None:
        refs = _child_refs(text)
    if full:
        start, end = full[0]
        score = 0.9 if details else 0.75
        return PersonalData(score, start, end, tuple(details), "a pupil's full name")
    if (single or refs) and details:
        start, end = (single or refs)[0]
        return PersonalData(0.85, start, end, tuple(details), "a named child with personal details")
    if childish:
        pairs = _name_pairs(text)
        if pairs:
            start, end = pairs[0]
            return PersonalData(
                0.7,
                start,
                end,
                tuple(details),
                "what looks like a child's name with personal details",
            )
    contact = [
        d
        for d in details
        if d
        in {"phone", "email", "postal_address", "postcode", "contact or address", "home address"}
    ]
    if contact and ("health or SEN" in details or staff_lives):
        m = _CONTACT.search(text)
        start, end = (m.start(), m.end()) if m else (0, len(text))
        return PersonalData(
            0.75, start, end, tuple(details), "contact details with personal details"
        )
    own = _OWN_CONTACT.search(text) if maybe_pii else None
    if own is not None:
        return PersonalData(0.7, own.start(), own.end(), ("contact details",), CONTACT_IN_PUBLIC)
    return None
