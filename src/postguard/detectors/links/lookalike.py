"""Look-alike names: confusable folding, homographs and edit distance.

``fold`` maps a label to a *skeleton*: Cyrillic and Greek letters that look
Latin become Latin, digits that pass for letters become letters, and letter
pairs that read as one letter (``rn`` → ``m``) are merged. Two labels with the
same skeleton look the same to a reader; ``paypa1``, ``rnicrosoft`` and
``g00gle`` fold to the skeletons of ``paypal``, ``microsoft`` and ``google``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from postguard.detectors.links.brands import PHISHING_CUES, ProtectedName

# Letters from other scripts that render like Latin letters (Unicode confusables, abridged).
_SCRIPT_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t",
    "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ӏ": "l", "ո": "n",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    # Latin look-alikes outside ASCII
    "ı": "i", "ȷ": "j", "ℓ": "l", "ɑ": "a", "ǀ": "l", "ꞵ": "b",
}  # fmt: skip

# ASCII substitutions a phisher uses; applied to both sides before comparing.
_ASCII_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "3": "e", "4": "a",
                             "5": "s", "7": "t", "8": "b", "9": "g", "6": "b", "@": "a",
                             "$": "s"})  # fmt: skip
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def script_fold(text: str) -> str:
    """Replace letters of other scripts that look Latin with the Latin letter."""
    return "".join(_SCRIPT_CONFUSABLES.get(ch, ch) for ch in text.lower())


def fold(text: str) -> str:
    """The skeleton of a label: what it looks like, ignoring confusable characters."""
    s = script_fold(text).translate(_ASCII_FOLD)
    for pair, single in _PAIRS:
        s = s.replace(pair, single)
    return s


def is_homograph(label: str) -> bool:
    """True when a non-ASCII label folds to plain ASCII: it imitates a Latin name.

    ``schооlcloud`` (Cyrillic ``о``) folds to ``schoolcloud``; ``münchen`` keeps its
    ``ü`` and is an ordinary international name.
    """
    if label.isascii():
        return False
    folded = script_fold(label)
    return folded.isascii() and any(ch.isalpha() for ch in folded)


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def mixed_script(label: str) -> bool:
    """True when one label mixes letters of two scripts (Latin with Cyrillic or Greek...).

    Accented Latin letters (``münchen``) are Latin; CJK labels mixing Han with
    Hiragana or Katakana are normal Japanese and are not counted as mixed.
    """
    scripts = {_script(ch) for ch in label if ch.isalpha()}
    scripts -= {"HIRAGANA", "KATAKANA", "CJK"} if "CJK" in scripts else set()
    return len(scripts) > 1


def damerau(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@dataclass(frozen=True, slots=True)
class Impersonation:
    """A protected name found in a host that does not belong to it."""

    name: ProtectedName
    token: str
    how: str  # "exact" (the name itself), "confusable" (same skeleton), "typo" (edit distance 1)


def tokens(labels: Sequence[str]) -> list[str]:
    """Host labels split at hyphens, plus each adjacent pair joined (``gov`` ``uk`` → ``govuk``)."""
    parts: list[str] = []
    for label in labels:
        parts.extend(p for p in label.split("-") if p)
    joined = [a + b for a, b in zip(parts, parts[1:], strict=False)]
    return parts + joined + [label.replace("-", "") for label in labels if "-" in label]


class ProtectedNames:
    """Protected names indexed by label and skeleton, for fast checks of every host."""

    def __init__(self, names: Iterable[ProtectedName]) -> None:
        merged: dict[str, ProtectedName] = {}
        for n in names:
            seen = merged.get(n.label)
            if seen is not None:  # one entry per label: all its domains, the strictest matching
                domains = tuple(dict.fromkeys(seen.domains + n.domains))
                n = ProtectedName(n.label, domains, seen.weak and n.weak, seen.trust and n.trust)
            merged[n.label] = n
        self.names = tuple(merged.values())
        self._by_label = dict(merged)
        self._by_skeleton = {fold(n.label): n for n in self.names}
        # Symmetric-delete index: two strings within edit distance 1 share a one-deletion form.
        self._deletes: dict[str, list[tuple[str, ProtectedName]]] = {}
        for n in self.names:
            if len(n.label) >= 6 and not n.weak:
                skeleton = fold(n.label)
                for form in _deletions(skeleton):
                    self._deletes.setdefault(form, []).append((skeleton, n))
        self._by_domain = {d: n for n in self.names for d in n.domains}
        alternatives = "|".join(
            re.escape(d) for d in sorted(self._by_domain, key=len, reverse=True)
        )
        self._domain_re = re.compile(rf"(?<=[/._-])({alternatives})(?=$|[/._?-])")

    def owns(self, name: ProtectedName, registered: str, host: str) -> bool:
        return any(registered == d or host == d or host.endswith("." + d) for d in name.domains)

    def find(
        self,
        labels: Sequence[str],
        registered_label: str,
        registered: str,
        host: str,
        cue: bool,
        strong_cue: bool = False,
    ) -> Impersonation | None:
        """The first protected name imitated by a host's labels, or None.

        ``labels`` are the host's labels without the public suffix (Unicode form);
        ``registered_label`` is the label just left of the suffix; ``cue`` says a
        phishing cue word appears in the host or path; ``strong_cue`` one of the narrower
        cues the trust's own names need.
        """
        for tok in tokens(labels):
            lowered = tok.lower()
            name = self._by_label.get(lowered)
            if name is not None:
                needs = strong_cue if name.trust else (cue if name.weak else True)
                if self.owns(name, registered, host) or not needs:
                    continue
                return Impersonation(name, tok, "exact")
            skeleton = fold(lowered)
            name = self._by_skeleton.get(skeleton)
            if name is not None and not self.owns(name, registered, host):
                return Impersonation(name, tok, "confusable")
        # One edit away from a distinctive name: the registered label, and each label or
        # hyphen-separated part of the host (``paypall.secure-site.com``).
        candidates = {registered_label.replace("-", "")} | {
            part for label in labels for part in [label, *label.split("-")]
        }
        for candidate in sorted(candidates):
            reg = fold(candidate.lower())
            if len(reg) < 6:
                continue
            for form in _deletions(reg):
                for skeleton, name in self._deletes.get(form, ()):
                    if reg != skeleton and damerau(reg, skeleton, 1) <= 1:
                        if not self.owns(name, registered, host):
                            return Impersonation(name, candidate, "typo")
        return None

    def domain_in_path(self, path: str, registered: str, host: str) -> ProtectedName | None:
        """A protected name's own domain written inside another site's path
        (``/www.paypal.com/cgi-bin/``): the page poses as that site."""
        for m in self._domain_re.finditer(path.lower()):
            name = self._by_domain[m.group(1)]
            if not self.owns(name, registered, host):
                return name
        return None

    def in_path(self, words: Sequence[str], registered: str, host: str) -> ProtectedName | None:
        """A protected name used as a whole word of a URL's path on a site it does not own."""
        for word in words:
            name = self._by_label.get(word)
            if name is not None and not self.owns(name, registered, host):
                return name
        return None


def _deletions(word: str) -> set[str]:
    """The word and every form of it with one character deleted."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def has_cue(words: Iterable[str], cues: frozenset[str] = PHISHING_CUES) -> bool:
    return any(w in cues for w in words)
