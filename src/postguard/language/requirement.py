"""Requirement: which literal strings every match of a regular expression must contain.

A pattern is parsed (with the standard library's own regex parser) and walked:
a run of exactly-known characters is a literal set ("kill", or "you'll" and
"youll" for ``you'?ll``), a sequence needs all its parts, an alternation one of
its branches, a repetition of at least one its body. Anything that cannot be
proved (a class like ``\\w``, an optional part, a back-reference, a
case-insensitive pattern) requires nothing, so the result is always *implied by*
a match: a text lacking it cannot match. :mod:`postguard.language.prefilter`
uses this to skip patterns.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Sequence
from typing import Any

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
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        return _need_seq(list(parsed))
    except Exception:  # the parser is CPython-internal: if its shape ever changes,
        return None  # fall back to running the pattern (slower, never wrong)


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


_MAX_TERMS = 48
_MAX_OR = 256
Term = frozenset[Strings]  # literal sets that must all be met


def _weakest(terms: list[Term]) -> list[Term]:
    """One literal set implied by ``terms``: from each term its most selective set, joined."""
    joined: set[str] = set()
    for term in terms:
        best: Strings = max(term, key=_rank)
        joined |= best
    return [frozenset({frozenset(joined)})]


def _merge(terms: list[Term]) -> list[Term]:
    """Alternatives of a single literal set each become one set (an exact rewrite:
    "has a or has b" is "has one of a, b"); others stay as they are."""
    single: set[str] = set()
    out: list[Term] = []
    for term in dict.fromkeys(terms):
        if len(term) == 1:
            single |= next(iter(term))
        else:
            out.append(term)
    if single:
        out.insert(0, frozenset({frozenset(single)}))
    return out


def _rank(strings: Strings) -> tuple[int, int]:
    """How selective a literal set is: longer shortest literal first, then fewer literals."""
    return (min(len(x) for x in strings), -len(strings))


def selective(term: Term) -> list[Strings]:
    """The literal sets of ``term`` worth looking up, most selective first: at most three,
    none with a literal under three characters unless all are that short. Dropping
    sets only weakens a term, so the gate stays sound."""
    ranked = sorted(term, key=_rank, reverse=True)[:3]
    kept = [x for x in ranked if _rank(x)[0] >= 3]
    return kept or ranked


def terms(need: tuple[str, Any]) -> list[Term]:
    """``need`` as alternatives (any one must be met) of literal sets (all must be met).
    Where that would grow past :data:`_MAX_TERMS`, a part is replaced by something it
    implies, so the result is never stricter than ``need``."""
    kind, body = need
    if kind == "any":
        return [frozenset({body})]
    if kind == "or":
        parts = [terms(part) for part in body]
        while sum(len(p) for p in parts) > _MAX_OR:
            biggest = max(range(len(parts)), key=lambda k: len(parts[k]))
            if len(parts[biggest]) == 1:
                return _weakest([t for p in parts for t in p])
            parts[biggest] = _weakest(parts[biggest])
        return _merge([t for p in parts for t in p])
    acc: list[Term] = [frozenset()]
    for part in body:
        alternatives = terms(part)
        if len(acc) * len(alternatives) > _MAX_TERMS:
            alternatives = _weakest(alternatives)
        acc = list(dict.fromkeys(a | t for a in acc for t in alternatives))
    return acc
