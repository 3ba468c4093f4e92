"""Words of folded text, each knowing where it sits: plain text, hashtag, @handle or URL.

Hashtags are split at CamelCase (``#WellDoneAmelia`` -> Well, Done, Amelia);
handles and URL paths at dots, underscores, hyphens and slashes. URL host
names and email addresses yield no words: they are not where names are written
(emails are personal data, found by the pii detector).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import NamedTuple


class Zone(StrEnum):
    TEXT = "text"
    HASHTAG = "hashtag"
    HANDLE = "handle"
    URL = "url"


class Token(NamedTuple):
    """One word: a run of letters (a CamelCase part inside a hashtag)."""

    start: int  # folded offsets
    end: int
    text: str  # folded, case kept
    low: str
    zone: Zone
    zone_id: int  # tokens of one hashtag/handle/URL share it; text tokens get -1
    sep: str  # folded text between the previous token and this one
    capitalised: bool
    zone_start: int  # a hashtag or handle's own span, '#'/'@' included; else -1
    zone_end: int

    @property
    def shape(self) -> str:
        t = self.text
        if t.isupper():
            return "upper" if len(t) > 1 else "initial"
        if t[0].isupper():
            return "title"
        if t.islower():
            return "lower"
        return "mixed"


_ZONES = re.compile(
    r"(?P<hashtag>(?<![\w&#])#\w+)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<handle>(?<![\w@])@[\w.]+)"
    r"|(?P<url>(?:https?://|www\.)\S+|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*)",
    re.IGNORECASE,
)
_HOST = re.compile(r"(?:https?://)?(?:www\.)?[^/?#\s]*", re.IGNORECASE)
_ZONE_HINT = re.compile(r"[#@/]|www\.", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")  # much faster; enough when no other letter occurs
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _letter_pattern(text: str) -> re.Pattern[str]:
    if text.isascii() or not any(c.isalpha() for c in _NON_ASCII.findall(text)):
        return _ASCII_LETTERS
    return _LETTERS


def _camel_parts(word: str, offset: int) -> list[tuple[int, int]]:
    """Split CamelCase: 'WellDoneAmelia' -> Well|Done|Amelia; 'GCSEArt' -> GCSE|Art."""
    if word.islower() or word.isupper() or not any(c.isupper() for c in word[1:]):
        return [(offset, offset + len(word))]
    parts: list[tuple[int, int]] = []
    i, n = 0, len(word)
    while i < n:
        j = i + 1
        if word[i].isupper() and j < n and word[j].isupper():
            # a run of capitals: an acronym up to the capital that starts the next word
            while j < n and word[j].isupper():
                j += 1
            if j < n and word[j].islower():
                j -= 1
        else:
            while j < n and not word[j].isupper():
                j += 1
        parts.append((offset + i, offset + j))
        i = j
    return parts


def _zone_matches(text: str) -> Iterator[re.Match[str]]:
    """Hashtags, handles, emails and URLs: only the space-delimited chunks that hint at one."""
    done = 0
    n = len(text)
    for hint in _ZONE_HINT.finditer(text):
        at = hint.start()
        if at < done:
            continue
        start = at
        while start > done and not text[start - 1].isspace():
            start -= 1
        end = hint.end()
        while end < n and not text[end].isspace():
            end += 1
        yield from _ZONES.finditer(text, start, end)
        done = end


def tokenize(text: str, lower: str | None = None) -> list[Token]:
    """Tokens of folded ``text`` in order, with their zone and the separator before each."""
    if lower is None or len(lower) != len(text):
        lower = text.lower() if len(text.lower()) == len(text) else text
    letters = _letter_pattern(text)
    tokens: list[Token] = []
    append = tokens.append
    prev_end = 0

    def plain(start: int, end: int | None = None) -> None:
        nonlocal prev_end
        found = letters.finditer(text, start) if end is None else letters.finditer(text, start, end)
        for w in found:
            a, b = w.span()
            word = w.group()
            sep = text[prev_end:a]
            append(Token(a, b, word, lower[a:b], Zone.TEXT, -1, sep, word[0].isupper(), -1, -1))
            prev_end = b

    pos = 0
    zone_id = 0
    for m in _zone_matches(text):
        plain(pos, m.start())
        pos = m.end()
        kind = m.lastgroup
        if kind == "email":
            continue
        zone_id += 1
        start, end = m.span()
        zs = ze = -1
        if kind == "url":
            scheme = _HOST.match(text, start, end)
            start = scheme.end() if scheme else start
            zone = Zone.URL
        else:
            zone = Zone.HASHTAG if kind == "hashtag" else Zone.HANDLE
            zs, ze = start, start + len(m.group().rstrip("."))
            start += 1
        for w in letters.finditer(text, start, end):
            for a, b in _camel_parts(w.group(), w.start()):
                word = text[a:b]
                sep = text[prev_end:a]
                append(Token(a, b, word, lower[a:b], zone, zone_id, sep, word[0].isupper(), zs, ze))
                prev_end = b
    plain(pos)
    return tokens
