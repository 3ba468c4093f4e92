"""Folded text: lower case, accents and zero-width characters gone, leetspeak undone.

Lexicon rules and the statistical model read the folded text; every folded
character remembers which character of the original it came from, so a match
in the folded text maps back to an exact span (and quote) of what was written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Digits and symbols that stand in for letters ("b1tch", "sh!t", "a$$"), applied
# only when the character touches a letter, so phone numbers and prices are left alone.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Look-alike letters from other scripts that are used to dodge filters.
_CONFUSABLE = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ѕ": "s",
    "ј": "j",
    "ԁ": "d",
    "ɡ": "g",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _ZERO_WIDTH:
        return ""
    ch = _CONFUSABLE.get(ch, ch)
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not base:
        return ""
    return base.casefold() if len(base) == 1 else base[0].casefold()


@dataclass(frozen=True, slots=True)
class Folded:
    """``text`` folded; ``index[i]`` is the original offset of ``text[i]``."""

    original: str
    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the folded slice ``text[start:end]``."""
        if not self.index:
            return 0, 0
        start = min(max(start, 0), len(self.index) - 1)
        end = min(max(end, start + 1), len(self.index))
        return self.index[start], self.index[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


_SLOW = re.compile("[" + re.escape("".join(_LEET)) + "".join(_ZERO_WIDTH) + "]")


def fold(text: str) -> Folded:
    """Fold ``text`` for matching; see the module docstring."""
    if not _SLOW.search(text):
        if text.isascii():  # what _fold_char does to each ASCII character
            return Folded(text, text.lower(), tuple(range(len(text))))
        chars = [_fold_char(ch) for ch in text]
        if all(len(c) == 1 for c in chars):
            return Folded(text, "".join(chars), tuple(range(len(text))))
    out: list[str] = []
    index: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _LEET:
            prev_letter = i > 0 and _is_letter(text[i - 1])
            next_letter = i + 1 < n and _is_letter(text[i + 1])
            if (ch == "!" and next_letter and prev_letter) or (
                ch != "!" and (prev_letter or next_letter) and not _digit_run(text, i)
            ):
                out.append(_LEET[ch])
                index.append(i)
                continue
        for c in _fold_char(ch):
            out.append(c)
            index.append(i)
    return Folded(text, "".join(out), tuple(index))


def _digit_run(text: str, i: int) -> bool:
    """True when ``text[i]`` sits in a run of two or more digits ("KB4 6HW" no, "900562" yes)."""
    if not text[i].isdigit():
        return False
    left = i > 0 and text[i - 1].isdigit()
    right = i + 1 < len(text) and text[i + 1].isdigit()
    return left or right
