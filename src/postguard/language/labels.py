"""Comment labels, their priority, and the moderation action each one routes to."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Label(StrEnum):
    OK = "ok"
    ABUSIVE = "abusive"
    PROFANE = "profane"
    SPAM = "spam"
    PERSONAL_DATA = "personal_data"
    SAFEGUARDING = "safeguarding"


class ModerationAction(StrEnum):
    """What happens to a comment. Safeguarding comments are hidden, never deleted:
    the text is kept as evidence for the DSL."""

    KEEP = "keep"
    HIDE_REPORT_SLT = "hide-and-report-to-SLT"
    HIDE_REFER_DSL = "hide-and-refer-to-DSL"


#: When several labels apply, the first in this order is the comment's label.
PRIORITY: tuple[Label, ...] = (
    Label.SAFEGUARDING,
    Label.ABUSIVE,
    Label.PERSONAL_DATA,
    Label.SPAM,
    Label.PROFANE,
)
#: Every label, ``ok`` first (the order of the confusion matrix).
ALL_LABELS: tuple[Label, ...] = (Label.OK, *PRIORITY[::-1])


def ordered(labels: Iterable[str]) -> tuple[Label, ...]:
    """``labels`` in priority order, strongest first."""
    present = set(labels)
    return tuple(label for label in PRIORITY if label.value in present)


def primary(labels: Iterable[str]) -> Label:
    """The one label a comment is filed under: the strongest that applies, else ``ok``."""
    ranked = ordered(labels)
    return ranked[0] if ranked else Label.OK


def action_for(labels: Iterable[str]) -> ModerationAction:
    """Safeguarding always wins the routing; any other label hides and reports to SLT (S9)."""
    ranked = ordered(labels)
    if not ranked:
        return ModerationAction.KEEP
    if ranked[0] is Label.SAFEGUARDING:
        return ModerationAction.HIDE_REFER_DSL
    return ModerationAction.HIDE_REPORT_SLT
