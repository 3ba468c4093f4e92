"""NameTable: every folded written form of every pupil's name parts, built once per roster.

A *phrase* is a name part as folded lower-case words joined by one space
(``o connor``, ``taylor reid``, ``amelia rose``); glued forms (``oconnor``)
are phrases too. Each phrase maps to the pupils who have it as a forename or
a surname, with a confidence for how people use that form (the legal or
preferred name 1.0; one half of a double name, a diminutive, less).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import ahocorasick

from postguard.roster.models import Pupil, Roster
from postguard.roster.nicknames import DIMINUTIVES
from postguard.roster.normalise import fold
from postguard.roster.tokens import tokenize

PARTICLES = frozenset(
    "da de del della di do dos das du van von der den le la al el bin ben".split()
)
FUZZY_MIN = 5  # one-letter misspellings are only matched for names this long


def phrase_words(name: str) -> list[str]:
    """Folded lower-case words of a name: "O'Connor" -> ["o", "connor"]."""
    return [t.low for t in tokenize(fold(name).text)]


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (substitution, insertion, deletion, transposition)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


Entries = list[tuple[int, float]]


@dataclass
class NameTable:
    pupils: tuple[Pupil, ...]
    fore: dict[str, Entries] = field(default_factory=dict)
    sur: dict[str, Entries] = field(default_factory=dict)
    nick: dict[str, Entries] = field(default_factory=dict)
    fore_map: dict[str, dict[int, float]] = field(default_factory=dict)
    sur_map: dict[str, dict[int, float]] = field(default_factory=dict)
    _forename_maps: dict[str, dict[int, float]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    first_words: set[str] = field(default_factory=set)
    fuzzy_fore: dict[str, set[str]] = field(default_factory=dict)
    fuzzy_sur: dict[str, set[str]] = field(default_factory=dict)
    fore_initials: list[frozenset[str]] = field(default_factory=list)
    sur_initials: list[frozenset[str]] = field(default_factory=list)
    sur_phrases: list[frozenset[str]] = field(default_factory=list)
    fore_phrases: list[frozenset[str]] = field(default_factory=list)
    left: list[bool] = field(default_factory=list)
    family: list[int] = field(default_factory=list)
    contact_forenames: list[frozenset[str]] = field(default_factory=list)
    contact_names: set[tuple[str, str]] = field(default_factory=set)
    staff_names: set[tuple[str, str]] = field(default_factory=set)
    staff_forenames: set[str] = field(default_factory=set)
    staff_surnames: set[str] = field(default_factory=set)
    class_words: set[str] = field(default_factory=set)
    automaton: ahocorasick.Automaton | None = None
    school_of: list[str] = field(default_factory=list)
    _fuzzy_cache: dict[str, list[str]] = field(default_factory=dict)
    _school_cache: dict[tuple[str, str], Entries] = field(default_factory=dict)

    @classmethod
    def build(cls, roster: Roster, today: date) -> NameTable:
        t = cls(roster.pupils)
        fore: defaultdict[str, dict[int, float]] = defaultdict(dict)
        sur: defaultdict[str, dict[int, float]] = defaultdict(dict)
        nick: defaultdict[str, dict[int, float]] = defaultdict(dict)

        def add(
            table: defaultdict[str, dict[int, float]], words: list[str], p: int, c: float
        ) -> str:
            key = " ".join(words)
            if key and table[key].get(p, 0.0) < c:
                table[key][p] = c
            return key

        for p, pupil in enumerate(roster.pupils):
            fps: set[str] = set()
            sps: set[str] = set()
            for name in pupil.forenames:
                words = phrase_words(name)
                if not words:
                    continue
                fps.add(add(fore, words, p, 1.0))
                if len(words) > 1:
                    fps.add(add(fore, ["".join(words)], p, 0.9))
                    for w in words:
                        if len(w) > 1:
                            fps.add(add(fore, [w], p, 0.6))
            for name in pupil.surnames:
                words = phrase_words(name)
                if not words:
                    continue
                sps.add(add(sur, words, p, 1.0))
                if len(words) > 1:
                    sps.add(add(sur, ["".join(words)], p, 0.9))
                    # halves of a double surname ("Garcia Lopez", "Taylor-Reid", "da Silva")
                    for part in name.replace("-", " ").split():
                        pw = phrase_words(part)
                        if pw and not (len(pw) == 1 and pw[0] in PARTICLES) and len(pw[0]) > 1:
                            sps.add(add(sur, pw, p, 0.85))
                    if words[0] in PARTICLES and len(words) > 1:
                        sps.add(add(sur, words[1:], p, 0.85))
            for f in list(fps):
                for short, fulls in _REVERSE.get(f, ()):
                    if short not in fps:
                        add(nick, [short], p, 0.75 if fulls == 1 else 0.6)
            t.fore_phrases.append(frozenset(fps))
            t.sur_phrases.append(frozenset(sps))
            t.fore_initials.append(frozenset(f[0] for f in fps))
            t.sur_initials.append(frozenset(s[0] for s in sps))
            t.left.append(not pupil.on_roll(today))
            t.school_of.append(pupil.school)
            if pupil.reg_group.isalpha():
                t.class_words.add(fold(pupil.reg_group).lower)

        for src, dst in ((fore, t.fore), (sur, t.sur), (nick, t.nick)):
            for key, ps in src.items():
                dst[key] = sorted(ps.items())
                words = key.split(" ")
                t.first_words.add(words[0])
                for k in range(1, len(words)):
                    t.prefixes.add(" ".join(words[:k]))
        t.fore_map = {k: dict(v) for k, v in t.fore.items()}
        t.sur_map = {k: dict(v) for k, v in t.sur.items()}
        for names, fuzzy in ((t.fore, t.fuzzy_fore), (t.sur, t.fuzzy_sur)):
            for key in names:
                if " " not in key and len(key) >= FUZZY_MIN:
                    for d in deletions(key) | {key}:
                        fuzzy.setdefault(d, set()).add(key)

        t._build_people(roster)
        t._build_automaton()
        return t

    def _build_people(self, roster: Roster) -> None:
        index = {p.upn: i for i, p in enumerate(roster.pupils)}
        contacts: defaultdict[int, set[str]] = defaultdict(set)
        households: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)
        for c in roster.contacts:
            p = index.get(c.upn)
            fw, sw = " ".join(phrase_words(c.forename)), " ".join(phrase_words(c.surname))
            self.contact_names.add((fw, sw))
            if p is None:
                continue
            contacts[p].add(fw)
            households[(fw, sw, (c.phone or c.email).replace(" ", ""))].add(p)
        parent = list(range(len(roster.pupils)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for members in households.values():
            first, *rest = members
            for m in rest:
                parent[root(m)] = root(first)
        self.family = [root(i) for i in range(len(roster.pupils))]
        self.contact_forenames = [frozenset(contacts[i]) for i in range(len(roster.pupils))]
        for s in roster.staff:
            fw, sw = " ".join(phrase_words(s.forename)), " ".join(phrase_words(s.surname))
            self.staff_names.add((fw, sw))
            self.staff_forenames.add(fw)
            self.staff_surnames.add(sw)

    def _build_automaton(self) -> None:
        a = ahocorasick.Automaton()
        for key in set(self.fore) | set(self.sur):
            if " " not in key and len(key) >= 3:
                a.add_word(key, key)
        if len(a):
            a.make_automaton()
            self.automaton = a

    def forename_map(self, key: str) -> dict[int, float]:
        """Pupils with forename ``key``, or (weighted lower) a diminutive of theirs."""
        hit = self._forename_maps.get(key)
        if hit is None:
            hit = {p: w * 0.8 for p, w in self.nick.get(key, [])}
            hit.update(self.fore.get(key, []))
            if len(self._forename_maps) < 50_000:
                self._forename_maps[key] = hit
        return hit

    def at_school(self, ents: Entries, school: str | None, cache_as: str = "") -> Entries:
        """The entries of pupils at ``school`` (all of them when no school is given).

        ``cache_as`` names a table list (e.g. ``"fore:amelia"``) whose filtered form is kept.
        """
        if school is None:
            return ents
        if not cache_as:
            return [(p, w) for p, w in ents if self.school_of[p] == school]
        key = (cache_as, school)
        hit = self._school_cache.get(key)
        if hit is None:
            hit = [(p, w) for p, w in ents if self.school_of[p] == school]
            if len(self._school_cache) < 100_000:
                self._school_cache[key] = hit
        return hit

    def fuzzy_forenames(self, word: str) -> list[str]:
        """Forenames one edit away from ``word`` (which is not itself a forename)."""
        return self._fuzzy(word, self.fuzzy_fore, "f")

    def fuzzy_surnames(self, word: str) -> list[str]:
        """Surnames one edit away from ``word``."""
        return self._fuzzy(word, self.fuzzy_sur, "s")

    def _fuzzy(self, word: str, index: dict[str, set[str]], tag: str) -> list[str]:
        if len(word) < FUZZY_MIN - 1:
            return []
        hit = self._fuzzy_cache.get(tag + word)
        if hit is not None:
            return hit
        seen: set[str] = set()
        get = index.get
        for d in deletions(word):
            seen.update(get(d, ()))
        seen.update(get(word, ()))
        out = sorted(k for k in seen if k != word and within_one_edit(k, word))
        if len(self._fuzzy_cache) < 50_000:
            self._fuzzy_cache[tag + word] = out
        return out


def _reverse_diminutives() -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for short, fulls in DIMINUTIVES.items():
        for full in fulls:
            out[full].append((short, len(fulls)))
    return dict(out)


_REVERSE = _reverse_diminutives()
