"""NameReader: reads one folded text against the NameTable and returns the pupils it names.

One reader per call of :meth:`RosterIndex.find`; it keeps which words are
already taken (by a name, or by an adult after an honorific) so each word
counts once. See :mod:`postguard.roster.index` for the order of the passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from postguard.roster.lexicon import COMMON_WORDS, FAMILY_WORDS, TITLES
from postguard.roster.name_context import (
    agrees,
    joined_by_space,
    possessive_len,
    text_facts,
)
from postguard.roster.name_table import Entries, NameTable, within_one_edit
from postguard.roster.tokens import Token, Zone


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


@dataclass
class _Soft:
    """A forename that needs help from the rest of the text (a list, an earlier full name)."""

    first: int
    last: int
    key: str
    zone: Zone
    evasions: tuple[str, ...]


def _common(key: str) -> bool:
    return key in COMMON_WORDS or all(w in COMMON_WORDS for w in key.split(" "))


class NameReader:
    def __init__(self, table: NameTable, text: str, tokens: list[Token], school: str | None):
        self.t = table
        self.text = text
        self.toks = tokens
        self.n = len(tokens)
        self.school = school
        self.taken = [False] * self.n
        self.adult = [False] * self.n
        self.hits: list[Hit] = []
        self.soft: list[_Soft] = []
        self.families: list[tuple[int, int, int, str]] = []
        self.titled: list[tuple[int, int]] = []  # (title token, last token + 1)
        self.adult_forenames: set[str] = set()
        self.facts = text_facts(text.lower(), text, table.class_words, tokens)
        self.phr = [self._phrases(i) for i in range(self.n)]

    # -- plumbing ---------------------------------------------------------------------------

    def _joinable(self, a: Token, b: Token) -> bool:
        if a.zone is not b.zone or a.zone_id != b.zone_id:
            return False
        if a.zone is Zone.TEXT:
            return b.sep in ("-", "'") or joined_by_space(b)
        if a.zone is Zone.HASHTAG:
            return b.sep == ""
        return b.sep in ("", ".", "_", "-")

    def _phrases(self, i: int) -> list[tuple[int, str]]:
        """(end token, key) of every name phrase starting at token i, shortest first."""
        t, toks = self.t, self.toks
        out: list[tuple[int, str]] = []
        key, j = toks[i].low, i + 1
        while True:
            if key in t.fore or key in t.sur or key in t.nick:
                out.append((j, key))
            if key not in t.prefixes or j >= self.n or not self._joinable(toks[j - 1], toks[j]):
                return out
            key = key + " " + toks[j].low
            j += 1

    def _forename_entries(self, key: str) -> tuple[Entries, tuple[str, ...]]:
        exact = self.t.fore.get(key, [])
        nick = self.t.nick.get(key, [])
        if exact and (self.school is None or any(self._home(p) for p, _ in exact) or not nick):
            return exact, ()
        if nick:
            return nick, ("nickname",)
        return exact, ()

    def _home(self, p: int) -> bool:
        return self.school is None or self.t.pupils[p].school == self.school

    def _choose(self, ents: Entries) -> tuple[dict[int, float], float]:
        """Candidates, the account's own school first; a factor < 1 when unsure."""
        home = [(p, w) for p, w in ents if self._home(p)]
        factor = 1.0
        if not home:
            home, factor = ents, 0.6
        pupils = self.t.pupils
        weights = {p: w * (4.0 if agrees(pupils[p], self.facts) else 1.0) for p, w in home}
        if len(weights) > 1:
            top = max(weights.values())
            if top / sum(weights.values()) < 0.6:
                factor *= 0.85
        return weights, factor

    def _take(self, first: int, last: int) -> None:
        for k in range(first, last):
            self.taken[k] = True

    def _free(self, first: int, last: int) -> bool:
        taken, adult = self.taken, self.adult
        return not any(taken[k] or adult[k] for k in range(first, last))

    def _may_be_name(self, i: int) -> bool:
        """A known name phrase starts here, or a capitalised word that could be misspelt."""
        if self.phr[i]:
            return True
        tok = self.toks[i]
        return tok.capitalised and tok.zone is Zone.TEXT and len(tok.low) >= 4

    def _add(self, hit: Hit) -> None:
        self.hits.append(hit)
        self._take(hit.first, hit.last)

    def _title_before(self, i: int) -> bool:
        if i == 0:
            return False
        prev = self.toks[i - 1]
        return (
            prev.low in TITLES
            and prev.capitalised
            and prev.zone is Zone.TEXT
            and self.toks[i].sep.strip(" ") in ("", ".")
            and "\n" not in self.toks[i].sep
        )

    def _capitalised(self, first: int, last: int) -> bool:
        return all(self.toks[k].capitalised for k in range(first, last))

    # -- passes -----------------------------------------------------------------------------

    def read(self) -> list[Hit]:
        self._full_names()
        self._titles()
        self._initials()
        self._families()
        self._forenames()
        self._reinforce()
        self._resolve_families()
        self._drop_parents()
        for h in self.hits:  # a name in a hashtag or handle: quote the whole tag
            tok = self.toks[h.first]
            if tok.zone_start >= 0:
                h.start, h.end = tok.zone_start, max(h.end, tok.zone_end)
        return sorted(self.hits, key=lambda h: (h.start, h.end))

    def _full_names(self) -> None:
        from postguard.roster.name_passes import full_name_at, glued_name_at

        for i, tok in enumerate(self.toks):
            if tok.zone is not Zone.TEXT and not self.phr[i]:
                hit = glued_name_at(self, i)
                if hit is not None:
                    self._add(hit)
        i = 0
        while i < self.n:
            ok = self._may_be_name(i) and self._free(i, i + 1)
            hit = full_name_at(self, i) if ok else None
            if hit is None:
                i += 1
                continue
            if hit.cands:
                self._add(hit)
            i = hit.last

    def _titles(self) -> None:
        toks = self.toks
        for i, tok in enumerate(toks):
            if self.taken[i] or tok.zone is not Zone.TEXT or not tok.capitalised:
                continue
            if tok.low not in TITLES or i + 1 >= self.n:
                continue
            k = i + 1
            while (
                k < self.n
                and k - i <= 3
                and toks[k].capitalised
                and not self.taken[k]
                and toks[k].zone is Zone.TEXT
                and toks[k].sep.strip(" ") in ("", ".", "-", "'")
                and "\n" not in toks[k].sep
                and (toks[k].sep.strip(" ") != "-" or k > i + 1)
            ):
                self.adult[k] = True
                k += 1
            if k > i + 1:
                self.adult[i] = True
                self.titled.append((i, k))
                if k - i >= 3:
                    self.adult_forenames.add(toks[i + 1].low)
        # staff and parents written without a title: "Grace Whitfield", "Chloe Hardy"
        for i in range(self.n - 1):
            if self.taken[i] or self.taken[i + 1] or not toks[i].capitalised:
                continue
            for j, fkey in self.phr[i]:
                for k, skey in self.phr[j] if j < self.n else ():
                    pair = (fkey, skey)
                    if pair in self.t.staff_names or pair in self.t.contact_names:
                        for m in range(i, k):
                            self.adult[m] = True
                        self.adult_forenames.add(fkey)

    def _initials(self) -> None:
        from postguard.roster.name_passes import initial_at

        for i, tok in enumerate(self.toks):
            if (self.phr[i] or len(tok.text) == 1) and self._free(i, i + 1):
                hit = initial_at(self, i)
                if hit is not None:
                    self._add(hit)

    def _families(self) -> None:
        toks = self.toks
        for i in range(self.n):
            if not self._free(i, i + 1) or not toks[i].capitalised or toks[i].zone is not Zone.TEXT:
                continue
            for j, key in reversed(self.phr[i]):
                if key not in self.t.sur or j >= self.n:
                    continue
                if toks[j].low in FAMILY_WORDS and joined_by_space(toks[j]):
                    the = i > 0 and toks[i - 1].low == "the" and joined_by_space(toks[i])
                    first = i - 1 if the else i
                    self.families.append((first, i, j + 1, key))
                    self._take(i, j + 1)
                    break

    def _forenames(self) -> None:
        from postguard.roster.name_passes import judge_forename

        for i in range(self.n):
            if self._may_be_name(i) and self._free(i, i + 1):
                judge_forename(self, i)

    def _identified(self) -> set[int]:
        out: set[int] = set()
        for h in self.hits:
            if h.weak or not h.cands:
                continue
            total = sum(h.cands.values())
            out.update(p for p, w in h.cands.items() if w / total >= 0.5)
        return out

    def _reinforce(self) -> None:
        known = self._identified()
        changed = True
        while changed:
            changed = False
            for s in list(self.soft):
                if not self._free(s.first, s.last):
                    continue
                mine = {p for p in known if s.key in self.t.fore_phrases[p]}
                if mine:
                    self._accept_soft(s, {p: 1.0 for p in mine}, 0.8)
                    changed = True
                elif self._in_list(s):
                    ents, _ = self._forename_entries(s.key)
                    cands, factor = self._choose(ents)
                    if cands:
                        self._accept_soft(s, cands, 0.75 * factor)
                        changed = True
        # "Dr Fraser" after "former student Callum Fraser"
        for ti, k in self.titled:
            key = " ".join(t.low for t in self.toks[ti + 1 : k])
            if any(key == s for _, s in self.t.staff_names):
                continue
            alumni = {p for p in known if self.t.left[p] and key in self.t.sur_phrases[p]}
            if alumni:
                tok0, tok1 = self.toks[ti], self.toks[k - 1]
                self.hits.append(
                    Hit(tok0.start, tok1.end, ti, k, "surname", {p: 1.0 for p in alumni},
                        0.8, Zone.TEXT, key=key)
                )  # fmt: skip

    def _accept_soft(self, s: _Soft, cands: dict[int, float], score: float) -> None:
        self.soft.remove(s)
        last = self.toks[s.last - 1]
        end = last.end + possessive_len(self.text, last.end, s.key)
        form = "forename"
        self._add(
            Hit(self.toks[s.first].start, end, s.first, s.last, form, cands, score, s.zone,
                s.evasions, s.key)
        )  # fmt: skip

    def _in_list(self, s: _Soft) -> bool:
        """Next to an accepted name in a list: 'Seun and Harriet', 'Zara, Harry, Ayaan'."""
        toks = self.toks
        if s.zone is not Zone.TEXT or not toks[s.first].capitalised:
            return False
        named = {h.first for h in self.hits} | {h.last - 1 for h in self.hits}
        before, after = s.first - 1, s.last
        if before >= 0 and toks[s.first].sep.strip() in (",", "&") and before in named:
            return True
        if before >= 1 and toks[before].low == "and" and before - 1 in named:
            return True
        if after < self.n and toks[after].sep.strip() in (",", "&") and after in named:
            return True
        return after + 1 < self.n and toks[after].low == "and" and after + 1 in named

    def _resolve_families(self) -> None:
        from postguard.roster.name_passes import family_hit

        known = self._identified()
        for first, i, last, key in self.families:
            hit = family_hit(self, first, i, last, key, known)
            if hit is not None:
                self.hits.append(hit)

    def _drop_parents(self) -> None:
        """A forename that is a parent's of a pupil named here is the parent ('thanks Adaeze')."""
        known = self._identified()
        parents: set[str] = set()
        for p in known:
            parents |= self.t.contact_forenames[p]
        self.hits = [
            h for h in self.hits if not (h.weak and h.key in parents and not (set(h.cands) & known))
        ]

    # used by name_passes
    def accept_forename(self, hit: Hit) -> None:
        self._add(hit)

    def defer(self, first: int, last: int, key: str, zone: Zone, ev: tuple[str, ...]) -> None:
        self.soft.append(_Soft(first, last, key, zone, ev))

    def fuzzy_surname(self, ents: Entries, word: str) -> dict[int, float]:
        out: dict[int, float] = {}
        for p, w in ents[:500]:
            if any(
                " " not in s and len(s) >= 5 and within_one_edit(s, word)
                for s in self.t.sur_phrases[p]
            ):
                out[p] = w * 0.8
        return out
