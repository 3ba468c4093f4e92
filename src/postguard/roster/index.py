"""RosterIndex: every written form of every pupil's name, built once per roster version.

* ``RosterIndex.build(roster, today=...)`` builds the index once.
* ``index.find(text, school=None)`` returns :class:`NameMatch` objects whose
  ``start``/``end`` are offsets into the *original* ``text``.

``find`` folds the text (accents, look-alikes, invisible characters, spacing),
splits it into words (hashtags at CamelCase, handles and URL paths at
punctuation), then reads names in this order: full names (either order, legal
or preferred parts, one-letter misspellings of one part), honorifics (whose
names belong to adults), initials ("Amelia H.", "F. Ogunleye", "Okafor R."),
family references ("the Brennan family"), forenames alone (judged by their
context, see :mod:`postguard.roster.name_context`), then forenames and
titled surnames of pupils the text has already named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from postguard.findings import Candidate
from postguard.roster.models import Roster
from postguard.roster.name_hit import Hit
from postguard.roster.name_reader import NameReader
from postguard.roster.name_table import NameTable
from postguard.roster.normalise import LOOKALIKE_ALT, Folded, fold
from postguard.roster.tokens import Token, tokenize

__all__ = ["NameMatch", "RosterIndex"]


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int
    end: int
    quote: str
    form: str  # full_name, forename, initial, surname, family or handle
    candidates: tuple[Candidate, ...]
    score: float
    context: str = "text"  # text, hashtag, handle or url
    evasions: tuple[str, ...] = ()  # invisible, lookalike, spacing, misspelt, nickname


class RosterIndex:
    def __init__(self, roster: Roster, today: date) -> None:
        self.roster = roster
        self.today = today
        self.table = NameTable.build(roster, today)
        self._schools = frozenset(p.school for p in roster.pupils)

    @classmethod
    def build(cls, roster: Roster, today: date | None = None) -> RosterIndex:
        return cls(roster, today or date.today())

    def find(self, text: str, school: str | None = None) -> list[NameMatch]:
        """Every reference to a pupil in ``text``; ``school`` is whose account it is on."""
        if not text or not self.roster.pupils:
            return []
        folded = fold(text)
        tokens = tokenize(folded.text, folded.lower)
        if not tokens:
            return []
        if folded.lookalikes:
            tokens = [self._second_reading(t, folded) for t in tokens]
        home = school if school in self._schools else None
        reader = NameReader(self.table, folded.text, tokens, home)
        return [self._match(folded, h) for h in reader.read()]

    def _second_reading(self, tok: Token, folded: Folded) -> Token:
        """A '1' read as 'i' that makes no name may be an 'l': "A1ex" -> "Alex"."""
        ones = [k for k in folded.lookalikes if tok.start <= k < tok.end]
        if not ones or tok.low in self.table.first_words:
            return tok
        chars = list(tok.low)
        for k in ones:
            if folded.original[folded.origin[k]] in LOOKALIKE_ALT:
                chars[k - tok.start] = LOOKALIKE_ALT[folded.original[folded.origin[k]]]
        low = "".join(chars)
        if low == tok.low or low not in self.table.first_words:
            return tok
        text = "".join(c.upper() if o.isupper() else c for c, o in zip(low, tok.text, strict=True))
        return tok._replace(text=text, low=low)

    def _match(self, folded: Folded, hit: Hit) -> NameMatch:
        start, end = folded.span(hit.start, hit.end)
        total = sum(hit.cands.values()) or 1.0
        ranked = sorted(hit.cands.items(), key=lambda kv: (-kv[1], kv[0]))
        candidates = tuple(
            Candidate(self.roster.pupils[p].upn, round(w / total, 4)) for p, w in ranked
        )
        evasions = folded.evasions(hit.start, hit.end) + hit.evasions
        return NameMatch(
            start=start,
            end=end,
            quote=folded.original[start:end],
            form=hit.form,
            candidates=candidates,
            score=round(hit.score, 4),
            context=hit.zone.value,
            evasions=tuple(dict.fromkeys(evasions)),
        )
