r"""Prefilter: which patterns can possibly match a text, found in one pass, before any regex runs.

Most comments match none of the ~30 phrase rules, yet running every rule's
regular expression used to cost more than everything else the classifier does.
So each pattern is analysed once (:func:`postguard.language.requirement.requirement`)
for the literal strings that *every* match must contain, as alternatives of
literal sets that must all occur (``\b(?:my|our)\s+(?:mum|dad)\b.*\bhits?\b``
needs one of "my", "our", one of "mum", "dad" and "hit"). All those literals
go into one Aho-Corasick automaton; a text is scanned once, each literal found
sets bits, and a pattern runs only when every set of one of its alternatives
has a bit set.

The analysis is conservative by construction: where it cannot prove that a
part of a pattern needs a literal (a class like ``\w``, an optional part, a
lookaround), that part requires nothing, and a pattern with no provable
requirement always runs. Simplifications (keeping at most three of the most
selective sets, merging alternatives) only ever drop requirements. So no
pattern is skipped on a text it would match (``tests/language/test_prefilter.py``
checks this on crafted, labelled and random texts, and
``bench/comments_snapshot.py`` on 31,000 texts): recall is unchanged; only work
on texts a pattern cannot match is saved.

Rules with ``triggers`` (lexicon words, which also match masked and stretched
forms such as "f*ck" and "fuuuck") keep their own gate: they run when the text
has a mask character or one of the trigger words as a whole word, compared with
repeated letters collapsed. That test is one more Aho-Corasick pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ahocorasick

from postguard.language.requirement import Strings, requirement, selective, terms

_WORD = re.compile(r"[a-z]+")
_STRETCH = re.compile(r"(.)\1+")
# The same collapse with an empty replacement (no template to expand: 2-3x faster).
_STRETCH_TAIL = re.compile(r"(?<=(.))\1+")


def collapsed(text: str) -> str:
    """``text`` with runs of a repeated character collapsed to one ("fuuuck" -> "fuck")."""
    return _STRETCH_TAIL.sub("", text)


def _words_found(auto: Any, text: str) -> set[int]:
    """The ids of keys that occur in ``text`` as whole words (maximal runs of a-z)."""
    found: set[int] = set()
    if auto is None or not text:
        return found
    last = len(text) - 1
    for end, (length, ids) in auto.iter(text):
        start = end - length + 1
        if (start == 0 or not _is_az(text[start - 1])) and (
            end == last or not _is_az(text[end + 1])
        ):
            found |= ids
    return found


def _is_az(ch: str) -> bool:
    return "a" <= ch <= "z"


def _automaton(keys: dict[str, Any]) -> Any:
    """An Aho-Corasick automaton from each key to its value."""
    if not keys:
        return None
    auto = ahocorasick.Automaton()
    for key, value in keys.items():
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


#: Most alternatives kept for a sequence and for a choice, in disjunctive form; beyond
#: that, parts are weakened.


class Gate:
    """For a fixed sequence of patterns, the indexes of those that may match a text.

    ``triggers[i]``, when set, adds pattern ``i``'s lexicon gate: it may match only
    when ``mask`` finds a mask character in the text or one of the trigger words
    occurs (repeated letters collapsed on both sides). A pattern with no provable
    requirement and no triggers always runs."""

    def __init__(
        self,
        patterns: Sequence[re.Pattern[str]],
        triggers: Sequence[frozenset[str] | None] | None = None,
        mask: re.Pattern[str] | None = None,
    ) -> None:
        if triggers is None:
            triggers = [None] * len(patterns)
        if mask is None and any(t is not None for t in triggers):
            raise ValueError("patterns with trigger words need a mask pattern")
        self._mask = mask
        needs = [requirement(p) for p in patterns]
        # Each distinct literal set is an "atom" (a bit); a literal found in the text
        # sets the bits of every atom it belongs to; a pattern may match when all the
        # bits of one of its terms are set.
        atoms: dict[Strings, int] = {}
        #: For each key atom's bit: the patterns with a term keyed on it, and those terms.
        self._by_key: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        gated: set[int] = set()
        for i, need in enumerate(needs):
            if need is None:
                continue
            gated.add(i)
            by_key: dict[int, list[int]] = {}
            for term in terms(need):
                kept = selective(term)
                bitmask = 0
                for strings in kept:
                    bitmask |= 1 << atoms.setdefault(strings, len(atoms))
                by_key.setdefault(1 << atoms[kept[0]], []).append(bitmask)
            for key, masks in by_key.items():
                self._by_key.setdefault(key, []).append((i, tuple(masks)))
        self._keys = 0
        for key in self._by_key:
            self._keys |= key
        bits: dict[str, int] = {}
        for strings, atom in atoms.items():
            for literal in strings:
                bits[literal] = bits.get(literal, 0) | (1 << atom)
        self._ungated = frozenset(i for i, n in enumerate(needs) if n is None)
        self._literals = _automaton(bits)
        word_keys: dict[str, set[int]] = {}
        for i, words in enumerate(triggers):
            for w in words or ():
                if _WORD.fullmatch(w):  # other words never occur as a run of a-z
                    word_keys.setdefault(collapsed(w), set()).add(i)
        self._triggered = frozenset(i for i, words in enumerate(triggers) if words is not None)
        self._words = _automaton({k: (len(k), frozenset(v)) for k, v in word_keys.items()})
        #: Indexes of the patterns that can be skipped (the others always run).
        self.gated = frozenset(gated) | self._triggered

    def admits(self, text: str) -> list[int]:
        """Indexes (ascending) of the patterns that may match ``text``."""
        found = 0
        if self._literals is not None and text:
            for _end, bit in self._literals.iter(text):
                found |= bit
        maybe = set(self._ungated)
        keys = found & self._keys
        while keys:
            key = keys & -keys
            keys ^= key
            for i, masks in self._by_key[key]:
                if i not in maybe and any(found & m == m for m in masks):
                    maybe.add(i)
        if self._mask is not None and maybe & self._triggered and not self._mask.search(text):
            maybe -= self._triggered - _words_found(self._words, collapsed(text))
        return sorted(maybe)
