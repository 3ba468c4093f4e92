"""Explicit phrase rules: a named regular expression, the label it supports, a score.

Rules run on folded text (see :mod:`postguard.language.folding`): lower case,
accents gone, leetspeak undone. :func:`masked` turns a lexicon word into a
pattern that also matches its masked forms (``f*ck``, ``sh!t``, ``b1tch``,
``fuuuck``), always on word boundaries so that "Scunthorpe" is not a swear word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from postguard.language.folding import Folded
from postguard.language.prefilter import Gate

MASK_CHARS = "*#%•_"
_MASK_CLASS = "[" + re.escape(MASK_CHARS) + "]"


def masked(word: str, *, interior: bool = False) -> str:
    """A pattern for ``word`` that tolerates masking of any letter but the first
    (with ``interior``, of neither the first nor the last), and repeated letters
    ("fuuuck"). Spaces in ``word`` match any run of spaces."""
    parts: list[str] = []
    last = len(word) - 1
    for i, ch in enumerate(word):
        if ch == " ":
            parts.append(r"\s+")
        elif i == 0 or (interior and i == last) or not ch.isalpha():
            parts.append(re.escape(ch) + "+" if ch.isalpha() else re.escape(ch))
        else:
            parts.append(f"(?:{re.escape(ch)}+|{_MASK_CLASS})")
    return "".join(parts)


def any_of(
    words: Iterable[str],
    *,
    mask: bool = False,
    interior: bool = False,
    plural: bool = False,
    suffix: str = "",
) -> str:
    """A word-bounded alternation of ``words`` (longest first), each optionally mask-tolerant
    (``interior``: only letters strictly inside the word may be masked) and with an
    optional plural ``s``."""
    ordered = sorted(set(words), key=len, reverse=True)
    alts = "|".join(
        masked(w, interior=interior) if mask else re.escape(w).replace(r"\ ", r"\s+")
        for w in ordered
    )
    if plural:
        suffix = "(?:e?s)?" + suffix
    return rf"(?<![\w*])(?:{alts}){suffix}(?![\w*])"


@dataclass(frozen=True, slots=True)
class Rule:
    """One phrase rule. ``group`` names the regex group that is the quote (0: whole match)."""

    name: str
    label: str
    pattern: re.Pattern[str]
    score: float
    reason: str
    group: int | str = 0
    #: When set, the rule only runs on text that has one of these words (or a mask):
    #: a cheap test that spares the regex on most comments.
    triggers: frozenset[str] | None = None
    #: When set, the rule only runs on folded text containing one of these substrings
    #: (every alternative of the pattern must contain one of them).
    hints: tuple[str, ...] | None = None


def rule(
    name: str,
    label: str,
    pattern: str,
    score: float,
    reason: str,
    triggers: Iterable[str] | None = None,
    hints: Iterable[str] | None = None,
) -> Rule:
    return Rule(
        name,
        label,
        re.compile(pattern),
        score,
        reason,
        triggers=None if triggers is None else trigger_words(triggers),
        hints=None if hints is None else tuple(hints),
    )


_REPEATS = re.compile(r"(.)\1+")
_WORD = re.compile(r"[a-z]+")
_HAS_MASK = re.compile(_MASK_CLASS)


def trigger_words(words: Iterable[str]) -> frozenset[str]:
    """The first word of each entry, as written, de-duplicated letters, and plural."""
    out: set[str] = set()
    for entry in words:
        first = entry.split()[0]
        for w in (first, _REPEATS.sub(r"\1", first)):
            out.update((w, w + "s", w + "es"))
    return frozenset(out)


def words_of(folded_text: str) -> frozenset[str]:
    """The words of folded text, also with repeated letters collapsed ("fuuuck" -> "fuck")."""
    words = _WORD.findall(folded_text)
    return frozenset(words).union(_REPEATS.sub(r"\1", w) for w in words)


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that matched: where (original offsets) and what was written."""

    rule: Rule
    start: int
    end: int
    quote: str
    folded_start: int

    @property
    def label(self) -> str:
        return self.rule.label


_gates: dict[int, tuple[Sequence[Rule], Gate]] = {}


def gate(rules: Sequence[Rule]) -> Gate:
    """The prefilter of ``rules``, built on first use and kept (rule sets are constants)."""
    cached = _gates.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    built = Gate([r.pattern for r in rules], [r.triggers for r in rules], _HAS_MASK)
    _gates[id(rules)] = (rules, built)
    return built


def scan(folded: Folded, rules: Sequence[Rule], *, prefilter: bool = True) -> list[Hit]:
    """Every first match of every rule, mapped back to the original text.

    The prefilter (:mod:`postguard.language.prefilter`) skips only rules that cannot
    match; ``prefilter=False`` runs every rule (behind its lexicon triggers and hints),
    which tests use to prove the two agree."""
    hits: list[Hit] = []
    text = folded.text
    if prefilter:
        selected: Iterable[Rule] = [rules[i] for i in gate(rules).admits(text)]
    else:
        words = words_of(text)
        masked_text = _HAS_MASK.search(text) is not None
        selected = [
            r
            for r in rules
            if r.triggers is None or masked_text or not r.triggers.isdisjoint(words)
        ]
    for r in selected:
        if r.hints is not None and not any(h in text for h in r.hints):
            continue
        m = r.pattern.search(text)
        if m is None:
            continue
        s, e = m.span(r.group)
        if s < 0:
            s, e = m.span(0)
        start, end = folded.span(s, e)
        hits.append(Hit(r, start, end, folded.original[start:end], s))
    return hits
