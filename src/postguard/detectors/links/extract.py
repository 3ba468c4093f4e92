"""Find every link a person would follow in a piece of text, with its span.

Covers full URLs, ``www.`` forms, bare domains with a real public suffix
(``bbc.co.uk/bitesize``), links inside markdown and HTML anchors, defanged
forms (``hxxp://``, ``example[.]com``) and links split by zero-width characters.
Email addresses and ``@handles`` are not links. Spans always index the
ORIGINAL text, and the quote is the link exactly as written there, without
trailing punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from postguard.detectors.links.normalise import (
    DEFANGS,
    ZERO_WIDTH,
    ParsedUrl,
    parse_url,
)

_URL_CHARS = r"[\w\-.~:/?#\[\]@!$&'()*+,;=%]"
_LINK_RE = re.compile(
    rf"(?P<scheme>(?<![\w])(?:https?|ftps?)://{_URL_CHARS}+)"
    rf"|(?P<bare>(?<![\w@.\-/:#])(?:[\w-]+\.)+[\w-]+(?::\d{{1,5}})?(?:[/?#]{_URL_CHARS}*)?)",
    re.UNICODE,
)
_TRAILING = ".,;:!?'\"’”)]}>…*"
_PAIRS = {")": "(", "]": "[", "}": "{"}
_DEFANG_STARTS = frozenset(f[0] for f, _ in DEFANGS)
# Public suffixes that are also common file extensions: a bare "notes.zip" is a file name.
_FILE_LIKE_TLDS = frozenset("zip mov md py sh pl rs ps ai cs js ts doc".split())
_ANCHOR_RES = (
    re.compile(r"\[(?P<text>[^\]\n]{1,200})\]\((?P<href>[^)\s]+)\)"),
    re.compile(
        r"<a\s[^>]*?href\s*=\s*[\"'](?P<href>[^\"']+)[\"'][^>]*>(?P<text>.{0,200}?)</a>",
        re.IGNORECASE | re.DOTALL,
    ),
)


@dataclass(frozen=True, slots=True)
class Link:
    """One link found in text: where it is, how it was written, and its normal form."""

    start: int
    end: int
    quote: str
    parsed: ParsedUrl
    defanged: bool = False
    display_host: str | None = None  # the domain shown as the anchor text, if any

    @property
    def url(self) -> str:
        return self.parsed.url


def _clean(text: str) -> tuple[str, list[int]]:
    """Text with zero-width characters removed and defangs undone, plus an index map.

    ``index[i]`` is the position in ``text`` of character ``i`` of the cleaned text;
    ``index[len(cleaned)]`` is ``len(text)``.
    """
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in ZERO_WIDTH:
            i += 1
            continue
        for fanged, plain in DEFANGS if ch in _DEFANG_STARTS else ():
            if text.startswith(fanged, i):
                for k, c in enumerate(plain):
                    out.append(c)
                    index.append(i + min(k, len(fanged) - 1))
                i += len(fanged)
                break
        else:
            out.append(ch)
            index.append(i)
            i += 1
    index.append(n)
    return "".join(out), index


def _trim(s: str) -> str:
    """Drop trailing punctuation that belongs to the sentence, keeping balanced brackets."""
    opened = {close: s.count(open_) for close, open_ in _PAIRS.items()}
    closed = {close: s.count(close) for close in _PAIRS}
    end = len(s)
    while end:
        last = s[end - 1]
        if last in _PAIRS:
            if opened[last] >= closed[last]:
                break
            closed[last] -= 1
            end -= 1
        elif last in _TRAILING:
            end -= 1
        else:
            break
    return s[:end]


def _bare_ok(candidate: str, parsed: ParsedUrl, followed_by: str) -> bool:
    """Whether a bare (scheme-less) candidate is really a link and not an email, file or date."""
    if followed_by == "@":
        return False  # the local part of an email address
    has_path = len(candidate) > len(candidate.split("/")[0].split("?")[0].split("#")[0])
    if parsed.ip is not None:
        return parsed.ip.version == 4 and (has_path or parsed.port is not None)
    if not parsed.suffix or not parsed.domain:
        return False
    tld = parsed.suffix.rsplit(".", 1)[-1]
    if not (tld.isalpha() or tld.startswith("xn--")):
        return False
    plain = not has_path and not candidate.lower().startswith("www.")
    if tld in _FILE_LIKE_TLDS and plain:
        return False
    written_tld = candidate.split("/")[0].split(":")[0].rsplit(".", 1)[-1]
    if plain and written_tld.istitle() and not candidate.istitle():
        return False  # "one.Next": a missing space after a full stop
    return True


def extract_links(text: str) -> list[Link]:
    """Every link in ``text``, in order, with spans into the original text."""
    cleaned, index = _clean(text)
    links: list[Link] = []
    for m in _LINK_RE.finditer(cleaned):
        candidate = _trim(m.group(0))
        if not candidate:
            continue
        start_c, end_c = m.start(), m.start() + len(candidate)
        parsed = parse_url(candidate)
        if parsed is None:
            continue
        if m.group("bare") is not None:
            after = cleaned[end_c : end_c + 1]
            if not _bare_ok(candidate, parsed, after):
                continue
        start, end = index[start_c], index[end_c - 1] + 1
        quote = text[start:end]
        # A closing defang such as "[.]" ends the quote mid-bracket: extend to cover it.
        while end < len(text) and text[end - 1] in "[({" and text[end] in ".:]})":
            end += 1
            quote = text[start:end]
        defanged = cleaned[start_c:end_c] != quote
        links.append(Link(start, end, quote, parsed, defanged=defanged))
    return _attach_anchor_text(text, links)


def _attach_anchor_text(text: str, links: list[Link]) -> list[Link]:
    """Note the domain shown as anchor text for markdown and HTML links."""
    shown: dict[int, str] = {}
    for pattern in _ANCHOR_RES:
        for m in pattern.finditer(text):
            display = m.group("text")
            dm = _LINK_RE.search(display)
            if dm is None:
                continue
            parsed = parse_url(_trim(dm.group(0)))
            if parsed is not None and parsed.suffix:
                shown[m.start("href")] = parsed.registered_domain
    if not shown:
        return links
    out: list[Link] = []
    for link in links:
        host = shown.get(link.start)
        if host is not None:
            link = Link(link.start, link.end, link.quote, link.parsed, link.defanged, host)
        out.append(link)
    return out
