"""Is each clause's text verbatim from the policy document?

A clause's ``text`` is copied word for word from the trust's policy document;
`` [...] `` marks words left out (where one sentence holds several clauses).
Each passage between the marks must appear in the document, in order. The
comparison ignores differences a word processor introduces and a reader would
not see: runs of whitespace and line breaks, curly versus straight quotes,
en and em dashes, non-breaking spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from postguard.policy.errors import Problem
from postguard.policy.models import Clause

ELISION = "[...]"

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2022": "-",
    }
)


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces, typographic quotes and dashes made plain."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


def passages(clause: Clause) -> list[str]:
    """The clause's verbatim passages, normalised (``[...]`` separates them)."""
    return [normalise(p) for p in clause.text.split(ELISION)]


def verbatim_problems(clauses: Sequence[Clause], document: str) -> list[Problem]:
    """One problem for each clause whose text is not word for word in ``document``."""
    doc = normalise(document)
    problems: list[Problem] = []
    for index, clause in enumerate(clauses):
        position = 0
        for passage in passages(clause):
            found = doc.find(passage, position) if passage else -1
            if found < 0:
                message = (
                    _difference(passage, doc, position)
                    if passage
                    else f"an empty passage next to {ELISION}"
                )
                problems.append(
                    Problem(f"clause {clause.id}", "text", message, ("clauses", index, "text"))
                )
                break
            position = found + len(passage)
    return problems


def _difference(passage: str, doc: str, position: int) -> str:
    """Say where ``passage`` stops matching the document (words shown around that point)."""
    words = passage.split(" ")
    low, high = 0, len(words)  # the first ``low`` words are in the document
    while low < high:
        mid = (low + high + 1) // 2
        if doc.find(" ".join(words[:mid]), position) >= 0:
            low = mid
        else:
            high = mid - 1
    head = "not word for word in the policy document"
    if low == 0:
        return f"{head}: {_clip(passage)!r} is not there"
    matched = " ".join(words[max(0, low - 6) : low])
    rest = " ".join(words[low : low + 6])
    return f"{head}: after {matched!r} the clause has {rest!r}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
