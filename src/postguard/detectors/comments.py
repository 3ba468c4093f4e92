"""Public comments labelled abusive, profane, spam, personal_data or safeguarding (S9, P2, P3).

One detection per label that applies (``ok`` gives none): kind ``comment``,
subtype the label, the passage that drove it and an explanation naming it.
Every detection carries the comment's full picture in ``attributes``: all the
labels, all the scores and the action (safeguarding always wins the routing:
``hide-and-refer-to-DSL``). The work is done by :mod:`postguard.language`.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content, ContentKind
from postguard.detectors.base import DetectionContext, Detector
from postguard.findings import Detection, Location
from postguard.language.classifier import Assessment, classify_batch
from postguard.language.labels import Label

_FIX = {
    Label.SAFEGUARDING: "Hide the comment (keep it as evidence) and refer it to the DSL now.",
    Label.ABUSIVE: "Hide the comment and report it to SLT.",
    Label.PROFANE: "Hide the comment and report it to SLT.",
    Label.SPAM: "Hide the comment and report it to SLT.",
    Label.PERSONAL_DATA: "Hide the comment (it names or exposes a child) and report it to SLT.",
}


def detections(assessment: Assessment, detector_id: str = "comments") -> list[Detection]:
    """The detections for one classified comment, strongest label first."""
    shared = {
        "labels": [label.value for label in assessment.labels],
        "scores": dict(assessment.scores),
        "action": assessment.action.value,
    }
    summary = (
        f" [labels: {', '.join(shared['labels'])}; scores: "
        + ", ".join(
            f"{label.value} {assessment.scores[label.value]:.2f}" for label in assessment.labels
        )
        + f"; action: {shared['action']}]"
    )
    out: list[Detection] = []
    for label in assessment.labels:
        ev = assessment.evidence[label]
        out.append(
            Detection(
                detector_id=detector_id,
                kind="comment",
                location=Location(start=ev.start, end=ev.end),
                quote=ev.quote,
                score=round(ev.score, 4),
                explanation=ev.explanation + summary,
                subtype=label.value,
                # Safeguarding wins the routing: every finding on the comment says so.
                fix=_FIX[assessment.labels[0]],
                attributes={**shared, "rules": list(ev.rules)},
            )
        )
    return out


class CommentClassifier(Detector):
    id = "comments"
    description = "Public comments: ok, abusive, profane, spam, personal data, safeguarding."
    kinds = frozenset({ContentKind.COMMENT})

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        return detections(classify_batch([content], context)[0], self.id)

    def detect_many(
        self, contents: Sequence[Content], context: DetectionContext
    ) -> list[list[Detection]]:
        """Batched: the model scores all the comments in one pass."""
        return [detections(a, self.id) for a in classify_batch(contents, context)]
