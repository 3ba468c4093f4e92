"""PiiDetector: personal data of pupils and families written in a post or comment (S7)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field, field_validator

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.detectors.pii.addresses import find_addresses
from postguard.detectors.pii.ages import find_ages_with_names, might_give_age
from postguard.detectors.pii.births import find_dates_of_birth
from postguard.detectors.pii.dates import find_dates
from postguard.detectors.pii.emails import find_emails
from postguard.detectors.pii.hit import PiiHit
from postguard.detectors.pii.official import OfficialDetails
from postguard.detectors.pii.phones import find_phones
from postguard.detectors.pii.plain import plain
from postguard.detectors.pii.postcodes import find_postcodes
from postguard.detectors.pii.upns import find_upns
from postguard.findings import Detection, Location
from postguard.roster.models import Pupil, Roster

if TYPE_CHECKING:
    from postguard.roster.index import NameMatch

#: The personal-data types, named as the evaluation data names them.
PII_TYPES: tuple[str, ...] = (
    "phone",
    "email",
    "postal_address",
    "postcode",
    "date_of_birth",
    "upn",
    "age_with_name",
)
#: Texts without a digit or a number word hold no date of birth and no age.
_NUMBERS = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty)\b",
    re.IGNORECASE,
)
#: When two hits overlap, the more specific type wins (an address holds its postcode).
_PRECEDENCE = {t: i for i, t in enumerate(("upn", "email", "postal_address", "phone"))}


class PiiParams(DetectorParams):
    """Which types to report, and the lowest score worth reporting."""

    types: frozenset[str] = Field(default=frozenset(PII_TYPES))
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: frozenset[str]) -> frozenset[str]:
        unknown = sorted(value - set(PII_TYPES))
        if unknown:
            raise ValueError(f"unknown pii types {unknown}; known: {', '.join(PII_TYPES)}")
        return value


@dataclass(frozen=True, slots=True)
class _RosterFacts:
    """What the detector derives from one roster version, computed once."""

    roster: Roster | None
    official: OfficialDetails
    dobs: frozenset[date]


class PiiDetector(Detector):
    id = "pii"
    description = (
        "Personal data in text: phones, emails, postal addresses, postcodes, dates of birth, "
        "UPNs and ages tied to a named pupil; the trust's own published details are fine."
    )
    Params: ClassVar[type[DetectorParams]] = PiiParams

    def __init__(self, params: DetectorParams | None = None) -> None:
        super().__init__(params)
        self._facts = _RosterFacts(None, OfficialDetails(), frozenset())

    @property
    def _params(self) -> PiiParams:
        assert isinstance(self.params, PiiParams)
        return self.params

    def _roster_facts(self, roster: Roster | None) -> _RosterFacts:
        if self._facts.roster is not roster:
            self._facts = _RosterFacts(
                roster,
                OfficialDetails.from_roster(roster),
                frozenset(p.dob for p in roster.pupils) if roster is not None else frozenset(),
            )
        return self._facts

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        original = content.text
        if not original:
            return []
        text = plain(original)
        types = self._params.types
        facts = self._roster_facts(context.roster)
        hits: list[PiiHit] = []
        if "phone" in types:
            hits += find_phones(text, facts.official)
        if "email" in types:
            hits += find_emails(text, facts.official)
        addresses = find_addresses(text, facts.official)
        if "postal_address" in types:
            hits += addresses.hits
        if "postcode" in types:
            hits += [
                h
                for h in find_postcodes(text, facts.official)
                if not addresses.is_public(h.start, h.end)
            ]
        if "upn" in types:
            hits += find_upns(text, facts.roster)
        if types & {"date_of_birth", "age_with_name"} and _NUMBERS.search(text):
            hits += self._about_pupils(text, content.school, context, facts, types)
        return [
            self._detection(original, h)
            for h in _resolve(hits)
            if h.score >= self._params.min_score
        ]

    def _about_pupils(
        self,
        text: str,
        school: str | None,
        context: DetectionContext,
        facts: _RosterFacts,
        types: frozenset[str],
    ) -> list[PiiHit]:
        """Dates of birth and ages: the parts that need the names in the text."""
        dates = find_dates(text, context.today) if "date_of_birth" in types else []
        ages = "age_with_name" in types and might_give_age(text)
        names: list[NameMatch] = []
        if context.names is not None and (dates or ages):
            names = context.names.find(text, school=school)
        hits: list[PiiHit] = []
        if dates:
            named = _named_pupils(names, facts.roster)
            hits += find_dates_of_birth(text, dates, named, facts.dobs, context.today)
        if ages and names:
            hits += find_ages_with_names(text, names, facts.roster, context.today)
        return hits

    def _detection(self, text: str, hit: PiiHit) -> Detection:
        return Detection(
            detector_id=self.id,
            kind="pii",
            location=Location(start=hit.start, end=hit.end),
            quote=text[hit.start : hit.end],
            score=hit.score,
            explanation=hit.explanation,
            subtype=hit.subtype,
            fix=hit.fix,
            attributes=dict(hit.attributes),
        )


def _named_pupils(names: Sequence[NameMatch], roster: Roster | None) -> list[Pupil]:
    if roster is None:
        return []
    pupils: dict[str, Pupil] = {}
    for match in names:
        for c in match.candidates:
            pupil = roster.pupil(c.upn)
            if pupil is not None:
                pupils[pupil.upn] = pupil
    return list(pupils.values())


def _resolve(hits: list[PiiHit]) -> list[PiiHit]:
    """One hit per stretch of text: overlaps go to the more specific type, then the longer."""
    ranked = sorted(
        hits,
        key=lambda h: (_PRECEDENCE.get(h.subtype, len(_PRECEDENCE)), -(h.end - h.start), -h.score),
    )
    kept: list[PiiHit] = []
    for hit in ranked:
        if any(hit.overlaps(k) for k in kept):
            continue
        kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))
