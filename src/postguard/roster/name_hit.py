"""Hit: one reading of a name in folded text, before it becomes a NameMatch."""

from __future__ import annotations

from dataclasses import dataclass

from postguard.roster.tokens import Zone


@dataclass
class Hit:
    start: int  # folded offsets
    end: int
    first: int  # token range [first, last)
    last: int
    form: str
    cands: dict[int, float]
    score: float
    zone: Zone
    evasions: tuple[str, ...] = ()
    key: str = ""
    weak: bool = False  # a forename accepted on capitalisation alone
