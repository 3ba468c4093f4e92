"""NameReader: reads one folded text against the NameTable and returns the pupils it names.

One reader per call of :meth:`RosterIndex.find`; it keeps which words are
already taken (by a name, or by an adult after an honorific) so each word
counts once. See :mod:`postguard.roster.index` for the order of the passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from postguard.roster.lexicon import COMMON_WORDS, FAMILY_WORDS, TITLES, is_common
from postguard.roster.name_context import (
    agrees,
    clause_end_after,
    intro_before,
    joined_by_space,
    possessive_len,
    someone_else_after,
    text_facts,
)
from postguard.roster.name_hit import Hit
from postguard.roster.name_passes import (
    family_hit,
    full_name_at,
    glued_name_at,
    initial_at,
    judge_forename,
    judge_surname,
)
from postguard.roster.name_table import Entries, NameTable
from postguard.roster.tokens import Token, Zone


@dataclass
class _Soft:
    """A forename that needs help from the rest of the text (a list, an earlier full name)."""

    first: int
    last: int
    key: str
    zone: Zone
    evasions: tuple[str, ...]


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
        self.facts = text_facts(text.lower(), table.class_words, tokens)
        starts = table.first_words
        self.phr = [self._phrases(i) if tok.low in starts else [] for i, tok in enumerate(tokens)]
        # positions worth a look: a name phrase starts there, or a capitalised word long
        # enough to be a misspelt name
        self.named = [i for i in range(self.n) if self.phr[i]]
        self.maybe = [i for i in range(self.n) if self.phr[i] or self._typo_shaped(i)]

    # -- plumbing ---------------------------------------------------------------------------

    def joinable(self, a: Token, b: Token) -> bool:
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
            if key not in t.prefixes or j >= self.n or not self.joinable(toks[j - 1], toks[j]):
                return out
            key = key + " " + toks[j].low
            j += 1

    def forename_entries(self, key: str) -> tuple[Entries, tuple[str, ...]]:
        exact = self.t.fore.get(key, [])
        nick = self.t.nick.get(key, [])
        if exact and (not nick or self.t.at_school(exact, self.school, "fore:" + key)):
            return exact, ()
        if nick:
            return nick, ("nickname",)
        return exact, ()

    def home(self, p: int) -> bool:
        return self.school is None or self.t.school_of[p] == self.school

    def choose(self, ents: Entries, cache_as: str = "") -> tuple[dict[int, float], float]:
        """Candidates, the account's own school first; a factor < 1 when unsure."""
        home = self.t.at_school(ents, self.school, cache_as)
        factor = 1.0
        if not home:
            home, factor = ents, 0.6
        pupils, facts = self.t.pupils, self.facts
        weights = {p: w * (4.0 if agrees(pupils[p], facts) else 1.0) for p, w in home}
        if len(weights) > 1:
            top = max(weights.values())
            if top / sum(weights.values()) < 0.6:
                factor *= 0.85
        return weights, factor

    def _take(self, first: int, last: int) -> None:
        for k in range(first, last):
            self.taken[k] = True

    def free(self, first: int, last: int) -> bool:
        taken, adult = self.taken, self.adult
        return not any(taken[k] or adult[k] for k in range(first, last))

    def _typo_shaped(self, i: int) -> bool:
        tok = self.toks[i]
        return (
            tok.capitalised
            and len(tok.low) >= 4
            and tok.zone is Zone.TEXT
            and tok.low not in COMMON_WORDS
        )

    def _add(self, hit: Hit) -> None:
        self.hits.append(hit)
        self._take(hit.first, hit.last)

    def title_before(self, i: int) -> bool:
        if i == 0:
            return False
        prev = self.toks[i - 1]
        return (
            prev.low in TITLES
            and (prev.capitalised or self.facts.lowercase_style)
            and prev.zone is Zone.TEXT
            and self.toks[i].sep.strip(" ") in ("", ".")
            and "\n" not in self.toks[i].sep
        )

    def capitalised(self, first: int, last: int) -> bool:
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
        for i, tok in enumerate(self.toks):
            if tok.zone is not Zone.TEXT and not self.phr[i]:
                hit = glued_name_at(self, i)
                if hit is not None:
                    self._add(hit)
        for i in self.maybe:
            if not self.free(i, i + 1):
                continue
            hit = full_name_at(self, i)
            if hit is not None and hit.cands:
                self._add(hit)

    def _titles(self) -> None:
        toks = self.toks
        for i, tok in enumerate(toks):
            if tok.low not in TITLES or i + 1 >= self.n:
                continue
            if self.taken[i] or tok.zone is not Zone.TEXT or not tok.capitalised:
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
        # someone else's full name: "Marcus Rashford" makes a later bare "Marcus" theirs
        for i in self.named:
            if self.taken[i] or not toks[i].capitalised or toks[i].zone is not Zone.TEXT:
                continue
            for j, key in self.phr[i]:
                if key in self.t.fore and someone_else_after(toks, j, self.t.class_words):
                    self.adult_forenames.add(key)
        # staff and parents written without a title: "Grace Whitfield", "Chloe Hardy"
        for i in self.named:
            if i + 1 >= self.n or self.taken[i] or self.taken[i + 1] or not toks[i].capitalised:
                continue
            for j, fkey in self.phr[i]:
                for k, skey in self.phr[j] if j < self.n else ():
                    pair = (fkey, skey)
                    if pair in self.t.staff_names or pair in self.t.contact_names:
                        for m in range(i, k):
                            self.adult[m] = True
                        self.adult_forenames.add(fkey)

    def _initials(self) -> None:
        for i, tok in enumerate(self.toks):
            if (len(tok.text) == 1 or self.phr[i]) and self.free(i, i + 1):
                hit = initial_at(self, i)
                if hit is not None:
                    self._add(hit)

    def _families(self) -> None:
        toks = self.toks
        for i in self.named:
            if not self.free(i, i + 1) or not toks[i].capitalised or toks[i].zone is not Zone.TEXT:
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
        # "the Brennans", "the Okafors'"
        for i in range(1, self.n):
            tok = toks[i]
            if tok.zone is not Zone.TEXT or not tok.capitalised or not tok.low.endswith("s"):
                continue
            key = tok.low[:-1]
            if key in self.t.sur and toks[i - 1].low == "the" and self.free(i, i + 1):
                if joined_by_space(tok) and key not in self.t.fore and not is_common(key):
                    self.families.append((i - 1, i, i + 1, key))
                    self._take(i, i + 1)

    def _forenames(self) -> None:
        for i in self.maybe:
            if self.free(i, i + 1):
                judge_forename(self, i)
        for i in self.named:
            if self.free(i, i + 1):
                judge_surname(self, i)

    def _identified(self, weak_too: bool = False) -> set[int]:
        """Pupils the text names clearly (a weak forename counts only if ``weak_too``)."""
        out: set[int] = set()
        for h in self.hits:
            if (h.weak and not weak_too) or not h.cands:
                continue
            total = sum(h.cands.values())
            out.update(p for p, w in h.cands.items() if w / total >= 0.5)
        return out

    def _reinforce(self) -> None:
        known = self._identified(weak_too=True)
        changed = True
        while changed:
            changed = False
            for s in list(self.soft):
                if not self.free(s.first, s.last):
                    continue
                mine = {p for p in known if s.key in self.t.fore_phrases[p]}
                if mine:
                    self._accept_soft(s, {p: 1.0 for p in mine}, 0.8)
                    changed = True
                elif self._in_list(s) or self._greeted_pair(s):
                    ents, _ = self.forename_entries(s.key)
                    cands, factor = self.choose(ents)
                    if cands:
                        self._accept_soft(s, cands, 0.75 * factor)
                        changed = True
        # "Dr Fraser" after "former student Callum Fraser"
        known = self._identified()
        for ti, k in self.titled:
            key = " ".join(t.low for t in self.toks[ti + 1 : k])
            if any(key == s for _, s in self.t.staff_names):
                continue
            alumni = {p for p in known if self.t.left[p] and key in self.t.sur_phrases[p]}
            if alumni and not possessive_len(self.text, self.toks[k - 1].end, key):
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

    def _greeted_pair(self, s: _Soft) -> bool:
        """'went to Ruby and King 👑': two forenames joined by 'and', greeted, ending a clause."""
        toks, soft = self.toks, {x.first: x for x in self.soft}
        if s.last + 1 < self.n and toks[s.last].low == "and" and s.last + 1 in soft:
            first, second = s, soft[s.last + 1]
        elif s.first >= 2 and toks[s.first - 1].low == "and":
            prev = next((x for x in self.soft if x.last == s.first - 1), None)
            if prev is None:
                return False
            first, second = prev, s
        else:
            return False
        end = toks[second.last - 1].end
        return intro_before(self.text, toks, first.first) and clause_end_after(self.text, end)

    def _resolve_families(self) -> None:
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

    def fuzzy_surname(self, by_pupil: dict[int, float], word: str) -> dict[int, float]:
        """Pupils in ``by_pupil`` whose surname is one edit away from ``word``."""
        out: dict[int, float] = {}
        for skey in self.t.fuzzy_surnames(word):
            for p, w in self.t.sur[skey]:
                if p in by_pupil:
                    out[p] = by_pupil[p] * w * 0.8
        return out
