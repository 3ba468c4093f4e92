"""The detector interface.

A detector is an explicit class with class constants (its id, the content kinds
it supports, its parameter model) and one method, ``detect``. It is pure: no I/O,
no database, nothing global; everything it needs arrives in the
:class:`DetectionContext` built once per roster version. Model: presidio's
``EntityRecognizer``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict

from postguard.content import Content, ContentKind
from postguard.findings import Detection

if TYPE_CHECKING:
    from postguard.detectors.links.policy import LinkPolicy
    from postguard.images.analyser import PhotoAnalyser
    from postguard.roster.index import RosterIndex
    from postguard.roster.models import Roster


class DetectorParams(BaseModel):
    """Parameters a rule passes to its detector. Subclass per detector; unknown keys fail."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class DetectionContext:
    """What detectors may consult: the roster and its name index, the school, today's date."""

    roster: Roster | None = None
    names: RosterIndex | None = None
    today: date = field(default_factory=date.today)
    #: The trust's link policy (own domains, allow-list, loaded lists); None = defaults + roster.
    links: LinkPolicy | None = None
    #: Decodes photos and finds their faces (against the enrolment gallery) and text.
    photos: PhotoAnalyser | None = None


class Detector(ABC):
    """One detector family. Subclasses set the class constants and implement ``detect``."""

    id: ClassVar[str]
    description: ClassVar[str]
    kinds: ClassVar[frozenset[ContentKind]] = frozenset(ContentKind)
    Params: ClassVar[type[DetectorParams]] = DetectorParams
    #: False only for a placeholder whose family is not built yet (eval says "not implemented").
    implemented: ClassVar[bool] = True

    def __init__(self, params: DetectorParams | None = None) -> None:
        self.params = params if params is not None else self.Params()

    @abstractmethod
    def detect(self, content: Content, context: DetectionContext) -> Sequence[Detection]:
        """Return what this detector sees in ``content``; never raise on odd text."""
