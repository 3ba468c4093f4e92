"""Prefilter: which rules can possibly match a text, found in one pass, before any regex runs.

Most comments match none of the ~30 phrase rules, yet running every rule's
regular expression costs far more than everything else the classifier does.
So each rule's pattern is analysed once (:func:`requirement`) for the literal
strings that *every* match must contain (``\\bsuicid\\w*|\\bkms\\b`` needs
"suicid" or "kms"), all anchors go into one Aho-Corasick automaton, and a text
is scanned once: a rule whose anchors do not occur cannot match and is skipped.

The analysis is conservative by construction: where it cannot prove that a
branch of a pattern needs a literal (a class like ``\\w``, an optional part, a
lookaround), it gives up on that branch and the rule always runs. No rule is
ever skipped on a text it would match (``tests/language/test_prefilter.py``
checks this on every labelled text we have), so recall is unchanged; only the
work done on texts a rule cannot match is saved.

Rules with ``triggers`` (lexicon words, which also match masked and stretched
forms such as "f*ck" and "fuuuck") keep their own gate: they run when the text
has a mask character or one of the trigger words, compared with repeated
letters collapsed. That test also happens in one Aho-Corasick pass.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Sequence
from typing import Any

import ahocorasick

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

#: Largest set of exact strings tracked for one piece of a pattern.
_LIMIT = 64
#: Largest character class expanded to its characters.
_CLASS_LIMIT = 12
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})

Strings = frozenset[str]


def _op(node: tuple[Any, Any]) -> str:
    return str(node[0])


def _class_chars(items: Sequence[tuple[Any, Any]]) -> Strings | None:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE":
            lo, hi = av
            if hi - lo + 1 > _CLASS_LIMIT:
                return None
            chars.update(chr(c) for c in range(lo, hi + 1))
        else:  # NEGATE, categories (\d is any Unicode digit): too many characters
            return None
        if len(chars) > _CLASS_LIMIT:
            return None
    return frozenset(chars)


def _product(left: Strings, right: Strings) -> Strings | None:
    if len(left) * len(right) > _LIMIT:
        return None
    return frozenset(a + b for a, b in itertools.product(left, right))


def _exact_seq(seq: Sequence[tuple[Any, Any]]) -> Strings | None:
    """Every string ``seq`` can match, when that is a small finite set; else None."""
    out: Strings = frozenset({""})
    for node in seq:
        if _op(node) in _ZERO_WIDTH:
            continue
        e = _exact(node)
        if e is None:
            return None
        product = _product(out, e)
        if product is None:
            return None
        out = product
    return out


def _exact(node: tuple[Any, Any]) -> Strings | None:
    op, av = _op(node), node[1]
    if op == "LITERAL":
        return frozenset({chr(av)})
    if op == "IN":
        return _class_chars(av)
    if op == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        if add_flags & _constants.SRE_FLAG_IGNORECASE:
            return None
        return _exact_seq(sub)
    if op == "ATOMIC_GROUP":
        return _exact_seq(av)
    if op == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            e = _exact_seq(branch)
            if e is None:
                return None
            out |= e
            if len(out) > _LIMIT:
                return None
        return frozenset(out)
    if op in _REPEATS:
        low, high, sub = av
        if high > 3:
            return None
        e = _exact_seq(sub)
        if e is None:
            return None
        total: set[str] = set()
        current: Strings = frozenset({""})
        for count in range(high + 1):
            if count >= low:
                total |= current
            if count < high:
                product = _product(current, e)
                if product is None:
                    return None
                current = product
        return frozenset(total) if len(total) <= _LIMIT else None
    return None


# A requirement on a text, proved from a pattern: ``("any", strings)`` means every match
# contains one of the strings; ``("and", parts)`` all of the parts; ``("or", parts)`` one
# of them. None means nothing could be proved (the pattern must run).
Need = tuple[str, Any] | None


def _any(strings: Strings) -> Need:
    """A literal requirement, unless it is too weak to be worth checking (a single ASCII
    letter or digit occurs in nearly every text)."""
    if not strings or "" in strings or any(len(s) == 1 and s.isascii() for s in strings):
        return None
    return ("any", strings)


def _need(node: tuple[Any, Any]) -> Need:
    op, av = _op(node), node[1]
    exact = _exact(node)
    if exact is not None:
        return _any(exact)
    if op == "SUBPATTERN":
        return _need_seq(av[3])
    if op == "ATOMIC_GROUP":
        return _need_seq(av)
    if op == "BRANCH":
        parts: list[tuple[str, Any]] = []
        for branch in av[1]:
            n = _need_seq(branch)
            if n is None:
                return None
            parts.append(n)
        return ("or", tuple(parts)) if len(parts) > 1 else parts[0]
    if op in _REPEATS and av[0] >= 1:
        return _need_seq(av[2])
    return None


def _need_seq(seq: Sequence[tuple[Any, Any]]) -> Need:
    """A sequence needs every part: each run of exactly-known pieces (as one literal set,
    "kill" then "myself" in ``kill\\s+myself``) and each other piece's own requirement."""
    parts: list[tuple[str, Any]] = []

    def close(run: Strings) -> None:
        n = _any(run)
        if n is not None:
            parts.append(n)

    run: Strings = frozenset({""})
    for node in seq:
        if _op(node) in _ZERO_WIDTH:
            continue  # zero-width: the text either side is still contiguous
        e = _exact(node)
        if e is not None:
            product = _product(run, e)
            if product is not None:
                run = product
                continue
        close(run)
        if e is None:
            n = _need(node)
            if n is not None:
                parts.append(n)
        run = frozenset({""}) if e is None else e
    close(run)
    if not parts:
        return None
    return ("and", tuple(parts)) if len(parts) > 1 else parts[0]


def requirement(pattern: re.Pattern[str]) -> Need:
    """What every match of ``pattern`` needs in the text, or None when nothing can be
    proved (then the pattern must always run)."""
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    return _need_seq(list(parsed))


def literals(need: Need) -> set[str]:
    """Every literal string a requirement mentions."""
    if need is None:
        return set()
    kind, body = need
    if kind == "any":
        return set(body)
    out: set[str] = set()
    for part in body:
        out |= literals(part)
    return out


_WORD = re.compile(r"[a-z]+")
_STRETCH = re.compile(r"(.)\1+")


def collapsed_words(text: str) -> str:
    """The words of folded ``text`` (letters only) with repeated letters collapsed, each
    between spaces: "fuuuck off!!" gives " fuck of "."""
    return _STRETCH.sub(r"\1", " " + " ".join(_WORD.findall(text)) + " ")


def _automaton(keys: dict[str, set[int]]) -> Any:
    if not keys:
        return None
    auto = ahocorasick.Automaton()
    for key, ids in keys.items():
        auto.add_word(key, frozenset(ids))
    auto.make_automaton()
    return auto


def _bits_automaton(bits: dict[str, int]) -> Any:
    if not bits:
        return None
    auto = ahocorasick.Automaton()
    for key, mask in bits.items():
        auto.add_word(key, mask)
    auto.make_automaton()
    return auto


def _found(auto: Any, text: str) -> set[int]:
    """The ids of every key that occurs in ``text`` (overlapping occurrences included)."""
    found: set[int] = set()
    if auto is None or not text:
        return found
    for _end, ids in auto.iter(text):
        found |= ids
    return found


#: Most alternatives kept per requirement in disjunctive form; beyond it, parts are weakened.
_MAX_TERMS = 48
Term = frozenset[Strings]  # literal sets that must all be met


def _weakest(terms: list[Term]) -> list[Term]:
    """One literal set implied by ``terms``: from each term its most selective set, joined."""
    joined: set[str] = set()
    for term in terms:
        joined |= max(term, key=_rank)
    return [frozenset({frozenset(joined)})]


def _rank(strings: Strings) -> tuple[int, int]:
    """How selective a literal set is: longer shortest literal first, then fewer literals."""
    return (min(len(x) for x in strings), -len(strings))


def _selective(term: Term) -> list[Strings]:
    """The literal sets of ``term`` worth looking up, most selective first: at most three,
    none with a literal under three characters unless nothing else is left. Dropping
    sets only weakens a term, so the gate stays sound."""
    ranked = sorted(term, key=_rank, reverse=True)
    kept = [x for x in ranked[:3] if _rank(x)[0] >= 3]
    return kept or ranked[:1]


def _terms(need: tuple[str, Any]) -> list[Term]:
    """``need`` as alternatives (any one must be met) of literal sets (all must be met).
    Where that would grow past :data:`_MAX_TERMS`, a part is replaced by something it
    implies, so the result is never stricter than ``need``."""
    kind, body = need
    if kind == "any":
        return [frozenset({body})]
    if kind == "or":
        out = [t for part in body for t in _terms(part)]
        return list(dict.fromkeys(out)) if len(out) <= _MAX_TERMS else _weakest(out)
    acc: list[Term] = [frozenset()]
    for part in body:
        terms = _terms(part)
        if len(acc) * len(terms) > _MAX_TERMS:
            terms = _weakest(terms)
        acc = list(dict.fromkeys(a | t for a in acc for t in terms))
    return acc


class Gate:
    """For a fixed sequence of patterns, the indexes of those that may match a text.

    ``triggers[i]``, when set, adds pattern ``i``'s lexicon gate: it may match only
    when ``mask`` finds a mask character in the text or one of the trigger words
    occurs (repeated letters collapsed on both sides). A pattern with no provable
    requirement and no triggers always runs."""

    def __init__(
        self,
        patterns: Sequence[re.Pattern[str]],
        triggers: Sequence[frozenset[str] | None],
        mask: re.Pattern[str],
    ) -> None:
        self._mask = mask
        needs = [requirement(p) for p in patterns]
        # Each distinct literal set is an "atom" (a bit); a literal found in the text
        # sets the bits of every atom it belongs to; a pattern may match when all the
        # bits of one of its terms are set.
        atoms: dict[Strings, int] = {}
        self._terms: dict[int, tuple[int, dict[int, tuple[int, ...]]]] = {}
        for i, need in enumerate(needs):
            if need is None:
                continue
            by_key: dict[int, list[int]] = {}
            for term in _terms(need):
                kept = _selective(term)
                mask = 0
                for strings in kept:
                    mask |= 1 << atoms.setdefault(strings, len(atoms))
                key = 1 << atoms[kept[0]]
                by_key.setdefault(key, []).append(mask)
            any_key = 0
            for key in by_key:
                any_key |= key
            self._terms[i] = (any_key, {k: tuple(v) for k, v in by_key.items()})
        bits: dict[str, int] = {}
        for strings, atom in atoms.items():
            for literal in strings:
                bits[literal] = bits.get(literal, 0) | (1 << atom)
        self._ungated = frozenset(i for i, n in enumerate(needs) if n is None)
        self._literals = _bits_automaton(bits)
        word_keys: dict[str, set[int]] = {}
        for i, words in enumerate(triggers):
            for w in words or ():
                word_keys.setdefault(" " + _STRETCH.sub(r"\1", w) + " ", set()).add(i)
        self._triggered = frozenset(i for i, words in enumerate(triggers) if words is not None)
        self._words = _automaton(word_keys)
        #: Indexes of the patterns that can be skipped (the others always run).
        self.gated = frozenset(self._terms) | self._triggered

    def admits(self, text: str) -> list[int]:
        """Indexes (ascending) of the patterns that may match ``text``."""
        found = 0
        if self._literals is not None and text:
            for _end, bit in self._literals.iter(text):
                found |= bit
        maybe = set(self._ungated)
        for i, (any_key, by_key) in self._terms.items():
            keys = found & any_key
            while keys:
                key = keys & -keys
                keys ^= key
                if any(found & m == m for m in by_key[key]):
                    maybe.add(i)
                    break
        if maybe & self._triggered and not self._mask.search(text):
            maybe -= self._triggered - _found(self._words, collapsed_words(text))
        return sorted(maybe)
