"""The second reader of comments: a safeguarding head over sentence embeddings.

The rules and the linear concern model of :mod:`classifier` read every comment at
thousands a second; the second reader reads again, with all-MiniLM-L6-v2
embeddings (:mod:`encoder`), the comments they would leave up (no label, or
personal data only) that could still be a concern: a word a concern is made of
(:func:`concern.model_support`) and a concern-model probability of at least
:data:`GATE`. It reads the folded text with innocent look-alikes blanked, as the
rules do. Abusive, profane and spam comments are already hidden and reported to
SLT; it does not re-route them. About one ordinary comment in six or seven passes that gate
(docs/models.md), so the second reader costs about 1 ms a comment on average
rather than 5 ms. Trained by ``train/train_second_read.py`` on every labelled
comment set; its threshold was chosen leave-one-set-out.

A comment it flags is referred to the DSL like any other safeguarding comment,
with the reason "second reader". It never outranks a spam rule, as the concern
model's word alone never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from postguard.language.head import EmbeddingHead, bundled_head, embed

SECOND_READ_FILE = "second_read.npz"
#: The concern model's probability at or above which (with a cue word) a comment is read again.
GATE = 0.1
CLASSES: tuple[str, ...] = ("other", "safeguarding")


@dataclass(frozen=True)
class SecondReader(EmbeddingHead):
    """Safeguarding vs anything else."""

    classes: ClassVar[tuple[str, ...]] = CLASSES

    def probabilities_of_concern(self, texts: list[str]) -> list[float]:
        """P(safeguarding) for each text."""
        if not texts:
            return []
        return [float(row[1]) for row in self.probabilities(embed(texts))]


def second_reader() -> SecondReader:
    """The shipped second reader, with its encoder; ``HeadUnavailable`` if either is missing."""
    return bundled_head(SecondReader, SECOND_READ_FILE)
