"""Pupils' names in text, in every form people write them (from the roster index).

The work is done by :class:`postguard.roster.index.RosterIndex`, built once per
roster version and handed in through the :class:`DetectionContext`; this
detector turns each :class:`NameMatch` into a ``pupil_name`` detection with an
explanation and a suggested fix. Without an index it finds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from pydantic import Field

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.findings import Detection, Location
from postguard.roster.index import NameMatch
from postguard.roster.models import Roster
from postguard.roster.phrases import neutral_phrase

_FORMS = {
    "full_name": "a pupil's full name",
    "forename": "a pupil's forename",
    "initial": "a pupil's name with an initial",
    "family": "a pupil's family, which names the pupils in it",
    "handle": "a pupil's name in an @handle",
    "surname": "a pupil's surname",
}
_CONTEXTS = {"hashtag": " in a hashtag", "url": " in a web address"}
_EVASIONS = {
    "invisible": "hidden characters inside the name",
    "lookalike": "look-alike letters or digits",
    "spacing": "letter-spacing",
    "misspelt": "a one-letter misspelling",
    "nickname": "a short form of the name",
}


_FIX_NAME = "Remove the name, or describe the pupil without naming them: '{phrase}'."
_FIX_FAMILY = "Remove the family name, or refer to the pupils as a group ('two of our pupils')."


class NamesParams(DetectorParams):
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)


class NamesDetector(Detector):
    id = "names"
    description = "Pupils' names in text, in every form people write them (from the roster index)."
    kinds = frozenset(
        {ContentKind.POST, ContentKind.COMMENT, ContentKind.PROFILE, ContentKind.ACCOUNT}
    )
    Params: ClassVar[type[DetectorParams]] = NamesParams

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        index = context.names
        if index is None or not content.text:
            return []
        params = self.params
        min_score = params.min_score if isinstance(params, NamesParams) else 0.5
        return [
            _detection(m, context.roster)
            for m in index.find(content.text, school=content.school)
            if m.score >= min_score and m.candidates
        ]


def _detection(m: NameMatch, roster: Roster | None) -> Detection:
    what = _FORMS.get(m.form, "a pupil's name")
    explanation = f"'{m.quote}' looks like {what}{_CONTEXTS.get(m.context, '')}"
    if len(m.candidates) > 1:
        explanation += f" (it could be any of {len(m.candidates)} pupils)"
    if m.evasions:
        explanation += ", written with " + " and ".join(_EVASIONS.get(e, e) for e in m.evasions)
    if m.form == "family":
        fix = _FIX_FAMILY
    else:
        phrase = neutral_phrase(m.candidates, roster) if roster is not None else "a pupil"
        fix = _FIX_NAME.format(phrase=phrase)
    return Detection(
        detector_id=NamesDetector.id,
        kind="pupil_name",
        location=Location(start=m.start, end=m.end),
        quote=m.quote,
        score=m.score,
        explanation=explanation + ".",
        subtype=m.form,
        fix=fix,
        candidates=m.candidates,
        attributes={"context": m.context, "evasions": list(m.evasions)},
    )
