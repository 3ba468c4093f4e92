"""PiiHit: one piece of personal data found by a finder, before it becomes a Detection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class PiiHit:
    """A span of the original text holding personal data of one ``subtype``.

    ``explanation`` says why it is personal data (without repeating child data);
    ``fix`` says what to do instead.
    """

    start: int
    end: int
    subtype: str
    score: float
    explanation: str
    fix: str
    attributes: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, other: PiiHit) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: PiiHit) -> bool:
        return self.start <= other.start and other.end <= self.end
