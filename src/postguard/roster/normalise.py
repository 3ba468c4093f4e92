"""Text folding for name matching, with a map back to the original offsets.

Evasions people use (or that happen by accident) are undone before matching:
NFKC, zero-width characters and soft hyphens removed, Cyrillic/Greek look-alike
letters and accents folded to Latin (``Siobhán`` == ``Siobhan``, ``Łukasz`` ==
``Lukasz``), digit look-alikes inside words (``T0bi``) and letter-spacing
(``M a r k   Y o u n g``). Case is kept: capitalisation is evidence.

Every character of the folded text remembers the index of the original
character it came from, so a match reports its span in the *original* text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u034f")

# Letters that do not decompose under NFKD, or are look-alikes from other scripts.
_EXPLICIT: dict[str, str] = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L", "ĸ": "k", "ŧ": "t", "Ŧ": "T",
    # Cyrillic look-alikes
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "ё": "e", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    # Greek look-alikes
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "τ": "t", "υ": "u",
    "χ": "x", "ε": "e", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # punctuation people use inside names
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'", "‐": "-", "‑": "-",
}  # fmt: skip

# Digit and symbol look-alikes, folded only between two letters ("T0bi", "Lu$y").
LOOKALIKE = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
LOOKALIKE_ALT = {"1": "l"}  # a second reading tried when the first finds nothing

_cache: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """The folded form of one character: '' for invisible ones, else 1+ characters."""
    hit = _cache.get(ch)
    if hit is not None:
        return hit
    if ch in ZERO_WIDTH:
        out = ""
    elif ch in _EXPLICIT:
        out = _EXPLICIT[ch]
    elif ch.isascii():
        out = ch
    else:
        parts: list[str] = []
        for c in unicodedata.normalize("NFKC", ch):
            c = _EXPLICIT.get(c, c)
            decomposed = unicodedata.normalize("NFKD", c)
            kept = "".join(d for d in decomposed if not unicodedata.combining(d))
            parts.append(kept if kept else c)
        out = "".join(parts)
        if unicodedata.category(ch) == "Mn":  # a stray combining mark
            out = ""
    if len(_cache) < 20_000:
        _cache[ch] = out
    return out


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text (case kept), its lower-case twin and the offset map to the original."""

    original: str
    text: str
    lower: str
    origin: tuple[int, ...]  # origin[i] = index in original of text[i]; one extra at the end
    lookalikes: frozenset[int]  # folded indices where a digit look-alike was read as a letter
    changed: frozenset[str]  # evasions undone: "invisible", "lookalike", "accent", "spacing"

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [start, end)."""
        ostart = self.origin[start]
        if end <= start:
            return ostart, ostart
        oend = self.origin[end - 1] + 1
        limit = self.origin[end]
        orig = self.original
        while oend < limit and unicodedata.category(orig[oend]) == "Mn":
            oend += 1
        return ostart, oend

    def evasions(self, start: int, end: int) -> tuple[str, ...]:
        """Which evasions were undone inside the folded span [start, end)."""
        ostart, oend = self.span(start, end)
        raw = self.original[ostart:oend]
        found: list[str] = []
        if any(c in ZERO_WIDTH for c in raw):
            found.append("invisible")
        if any(start <= i < end for i in self.lookalikes) or any(
            "\u0370" <= c <= "\u052f" for c in raw
        ):
            found.append("lookalike")
        if re.search(r"[^\W\d_] [^\W\d_] [^\W\d_]", raw):
            found.append("spacing")
        return tuple(found)


_LOOKALIKE_RE = re.compile(r"(?<=[^\W\d_])[013457@$](?=[^\W\d_])")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACED_HINT = re.compile(r"(?<![\w'])[^\W\d_] {1,4}[^\W\d_] {1,4}[^\W\d_](?![\w'])")
_SPACED = re.compile(r"(?<![\w'])[^\W\d_](?: {1,4}[^\W\d_](?![\w'])){2,}")


def fold(text: str) -> Folded:
    """Fold ``text`` for matching, keeping a map from folded to original offsets."""
    chars: list[str] = []
    origin: list[int] = []
    changed: set[str] = set()
    pos = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i > pos:
            chars.append(text[pos:i])
            origin.extend(range(pos, i))
        ch = m.group(0)
        out = fold_char(ch)
        if out != ch:
            changed.add("invisible" if not out else "accent")
        if out:
            chars.append(out)
            origin.extend([i] * len(out))
        pos = i + 1
    if pos < len(text):
        chars.append(text[pos:])
        origin.extend(range(pos, len(text)))
    folded = "".join(chars)

    # letter-spacing: "M a r k   Y o u n g" -> "Mark Young"
    if _SPACED_HINT.search(folded):
        spaced, origin = _collapse_spacing(folded, origin, changed)
        folded = "".join(spaced)

    # digit look-alikes between letters: "T0bi" -> "Tobi" (never inside an email address)
    lookalikes: set[int] = set()
    hits = list(_LOOKALIKE_RE.finditer(folded))
    if hits:
        buf = list(folded)
        emails = [(m.start(), m.end()) for m in _EMAIL.finditer(folded)] if "@" in folded else []
        for m in hits:
            i = m.start()
            if any(a <= i < b for a, b in emails):
                continue
            if buf[i - 1].islower() or buf[i + 1].islower():
                buf[i] = LOOKALIKE[buf[i]]
                lookalikes.add(i)
        if lookalikes:
            changed.add("lookalike")
            folded = "".join(buf)

    lower = folded.lower()
    if len(lower) != len(folded):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    origin.append(len(text))
    return Folded(
        original=text,
        text=folded,
        lower=lower,
        origin=tuple(origin),
        lookalikes=frozenset(lookalikes),
        changed=frozenset(changed),
    )


def _collapse_spacing(
    folded: str, origin: list[int], changed: set[str]
) -> tuple[list[str], list[int]]:
    keep = [True] * len(folded)
    hit = False
    for m in _SPACED.finditer(folded):
        run = m.group(0)
        if " " not in run or not re.search(r"[^\W\d_] [^\W\d_]", run):
            continue
        hit = True
        i = m.start()
        while i < m.end():
            if folded[i] == " ":
                j = i
                while j < m.end() and folded[j] == " ":
                    j += 1
                # one space joins letters of a word; a wider gap is a word break
                for k in range(i, j if j - i == 1 else j - 1):
                    keep[k] = False
                i = j
            else:
                i += 1
    if not hit:
        return list(folded), origin
    changed.add("spacing")
    chars = [c for c, k in zip(folded, keep, strict=True) if k]
    new_origin = [o for o, k in zip(origin, keep, strict=True) if k]
    return chars, new_origin
