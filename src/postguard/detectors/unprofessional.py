"""Unprofessional content in a post: swearing, mockery, individual matters, staff disputes,
political campaigning (S4, P7, P8).

One detection per problem and sentence, with the smallest passage that carries
it as the quote. The rules live in :mod:`postguard.language.unprofessional`.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection, Location
from postguard.language.unprofessional import (
    INDIVIDUAL,
    MOCKERY,
    POLITICAL,
    STAFF_DISPUTE,
    SWEARING,
    find,
)

_FIX = {
    SWEARING: "Remove the swearing: trust accounts must be solely professional.",
    MOCKERY: "Remove the sarcasm or joke at individuals; say plainly what you need people to do.",
    INDIVIDUAL: (
        "Do not discuss an individual's sanction, absence, conduct or incident in public; "
        "deal with it privately with the people concerned."
    ),
    STAFF_DISPUTE: "Raise disagreements with staff or the trust privately, not on social media.",
    POLITICAL: "Remove the party-political content: state facts neutrally without taking sides.",
}


class UnprofessionalDetector(Detector):
    id = "unprofessional"
    description = "Unprofessional posts: swearing, mockery, individual matters, politics."
    kinds = frozenset({ContentKind.POST, ContentKind.PROFILE})

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        out: list[Detection] = []
        for hit in find(content.text):
            quote = content.text[hit.start : hit.end]
            out.append(
                Detection(
                    detector_id=self.id,
                    kind="unprofessional",
                    location=Location(start=hit.start, end=hit.end),
                    quote=quote,
                    score=hit.score,
                    explanation=f"{hit.subtype.replace('_', ' ')}: {'; '.join(hit.reasons)}",
                    subtype=hit.subtype,
                    fix=_FIX[hit.subtype],
                )
            )
        return out
