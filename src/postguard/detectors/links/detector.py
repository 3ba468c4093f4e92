"""The ``links`` detector: one detection per link in the text that is not safe (clause S8)."""

from __future__ import annotations

from collections.abc import Sequence

from postguard.content import Content
from postguard.detectors.base import DetectionContext, Detector, DetectorParams
from postguard.detectors.links.extract import extract_links
from postguard.detectors.links.judge import LinkVerdict, fix_for, judge_link
from postguard.detectors.links.policy import LinkPolicy
from postguard.findings import Detection, Location
from postguard.roster.models import Roster

_SCORES = {LinkVerdict.UNSAFE: 0.95, LinkVerdict.REVIEW: 0.75}


class LinksParams(DetectorParams):
    """Rule parameters: which verdicts this rule reports (both by default)."""

    verdicts: tuple[str, ...] = ("unsafe", "review")


class LinksDetector(Detector):
    """Extracts every link and judges it offline against the context's :class:`LinkPolicy`.

    With no policy in the context it uses the bundled defaults plus the trust's own
    domains from the roster (official email domains and school websites).
    """

    id = "links"
    description = "Every link a person would follow, judged safe, review or unsafe."
    Params = LinksParams

    def __init__(self, params: DetectorParams | None = None) -> None:
        super().__init__(params)
        self._cached: tuple[Roster | None, LinkPolicy] | None = None

    def _policy(self, context: DetectionContext) -> LinkPolicy:
        if context.links is not None:
            return context.links
        cached = self._cached
        if cached is None or cached[0] is not context.roster:
            cached = (context.roster, LinkPolicy.for_roster(context.roster))
            self._cached = cached
        return cached[1]

    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        assert isinstance(self.params, LinksParams)
        wanted = set(self.params.verdicts)
        policy = self._policy(context)
        detections: list[Detection] = []
        for link in extract_links(content.text):
            judgement = judge_link(link, policy)
            if judgement.verdict is LinkVerdict.SAFE or judgement.verdict.value not in wanted:
                continue
            detections.append(
                Detection(
                    detector_id=self.id,
                    kind="link",
                    location=Location(start=link.start, end=link.end, url=link.url),
                    quote=link.quote,
                    score=_SCORES[judgement.verdict],
                    explanation=f"Link judged {judgement.verdict.value}: {judgement.explanation}.",
                    subtype=judgement.verdict.value,
                    fix=fix_for(judgement),
                    attributes={
                        "verdict": judgement.verdict.value,
                        "reasons": list(judgement.codes),
                        "normalised": link.url,
                        "host": link.parsed.unicode_host,
                        "tracking": list(link.parsed.tracking),
                        "defanged": link.defanged,
                    },
                )
            )
        return detections
