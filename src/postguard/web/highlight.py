"""Findings highlighted in place: the text cut into pieces, each knowing which findings cover it.

Spans may overlap (a name inside an "age beside a name"), so the text is cut at
every span boundary; a piece covered by findings is marked with the strongest
action among them, and a finding's number follows the last piece of its span.
Templates escape every piece: nothing here produces HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from postguard.findings import Action, Finding


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the text; ``numbers`` are the 1-based findings covering it."""

    text: str
    numbers: tuple[int, ...] = ()
    action: Action | None = None
    ends: tuple[int, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.numbers)


def _span(f: Finding, length: int) -> tuple[int, int] | None:
    loc = f.detection.location
    if loc.start is None or loc.end is None:
        return None
    start, end = max(0, loc.start), min(length, loc.end)
    return (start, end) if start < end else None


def pieces(text: str, findings: Sequence[Finding]) -> list[Piece]:
    """``text`` cut at every finding's span boundary (finding ``n`` is ``findings[n-1]``)."""
    spans = {n: s for n, f in enumerate(findings, 1) if (s := _span(f, len(text))) is not None}
    cuts = sorted({0, len(text), *(p for s in spans.values() for p in s)})
    out: list[Piece] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = tuple(n for n, (s, e) in spans.items() if s <= a and b <= e)
        if not covering:
            if out and not out[-1].marked:
                out[-1] = Piece(out[-1].text + text[a:b])
            else:
                out.append(Piece(text[a:b]))
            continue
        action = max((findings[n - 1].action for n in covering), key=lambda x: x.rank)
        ends = tuple(n for n in covering if spans[n][1] == b)
        out.append(Piece(text[a:b], covering, action, ends))
    return out
