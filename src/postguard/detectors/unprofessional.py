"""Unprofessional content in a post: swearing, mockery, individual matters, staff disputes,
political campaigning (S4, P7, P8).

One detection per problem and sentence, with the smallest passage that carries
it as the quote. The rules live in :mod:`postguard.language.unprofessional`; the
tone model (:mod:`postguard.language.tone`) then reads each sentence no rule
flagged, and flags those it finds unprofessional with the kind it finds most
likely. Without the model (its encoder's weights not installed) the rules run
alone and a warning says so once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import ClassVar

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.findings import Detection, Location
from postguard.language.folding import fold
from postguard.language.head import optional_head
from postguard.language.tone import ToneModel, tone_model
from postguard.language.unprofessional import (
    INDIVIDUAL,
    MOCKERY,
    POLITICAL,
    STAFF_DISPUTE,
    SWEARING,
    find,
    is_generic,
    sentences,
)

log = logging.getLogger(__name__)


class UnprofessionalParams(DetectorParams):
    #: Whether the tone model reads the sentences the rules did not flag.
    tone: bool = True


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
    Params: ClassVar[type[DetectorParams]] = UnprofessionalParams

    @property
    def tone(self) -> bool:
        return not isinstance(self.params, UnprofessionalParams) or self.params.tone

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        text = content.text
        out: list[Detection] = []
        for hit in find(text):
            out.append(
                self._detection(
                    text, hit.start, hit.end, hit.subtype, hit.score, "; ".join(hit.reasons)
                )
            )
        model = _model() if self.tone else None
        if model is None:
            return out
        unflagged = [
            (start, end)
            for start, end in sentences(text)
            if text[start:end].strip() and not any(_overlaps(d, start, end) for d in out)
        ]
        verdicts = model.score([text[s:e] for s, e in unflagged])
        for (start, end), verdict in zip(unflagged, verdicts, strict=True):
            # A rule stated for everyone is policy, not one person's matter.
            if verdict.kind == INDIVIDUAL and is_generic(fold(text[start:end]).text):
                continue
            if verdict.flagged:
                lead = len(text[start:end]) - len(text[start:end].lstrip())
                kind = verdict.kind.replace("_", " ")
                reason = f"reads as {kind} (tone model, {verdict.probability:.2f})"
                out.append(
                    self._detection(
                        text,
                        start + lead,
                        start + len(text[start:end].rstrip()),
                        verdict.kind,
                        round(verdict.probability, 4),
                        reason,
                    )
                )
        return out

    def _detection(
        self, text: str, start: int, end: int, subtype: str, score: float, reasons: str
    ) -> Detection:
        return Detection(
            detector_id=self.id,
            kind="unprofessional",
            location=Location(start=start, end=end),
            quote=text[start:end],
            score=score,
            explanation=f"{subtype.replace('_', ' ')}: {reasons}",
            subtype=subtype,
            fix=_FIX[subtype],
        )


def _overlaps(d: Detection, start: int, end: int) -> bool:
    loc = d.location
    return loc.start is not None and loc.end is not None and loc.start < end and start < loc.end


_unavailable: list[str] = []


def _model() -> ToneModel | None:
    """The tone model, or None (warned once) when it cannot be loaded."""
    return optional_head(
        _unavailable,
        lambda: tone_model(),  # looked up at call time (tests replace it)
        log,
        "unprofessional posts: rules only, the tone model is unavailable: %s",
    )
