"""What the web app holds for its lifetime: policy, roster, name index and checker, loaded once.

Built by :func:`load_service` when the app is created, from the settings: the
policy file (``POSTGUARD_POLICY`` or the bundled policy) and the roster folder
(``POSTGUARD_ROSTER_DIR`` or the bundled demo trust), through
:func:`postguard.runtime.load_runtime`. A bad file stops the app at start-up with
one clear message, never on a user's first request. The photo analyser (faces,
OCR, metadata) is built here too; its models load on the first photo checked.

Faces are matched against the enrolments in the app's database of the trust of the
person checking (:class:`TrustFaces`): :class:`~postguard.faces.live.LiveGallery`
keeps each trust's embeddings in memory and reloads them when an enrolment or a
withdrawal changes them (one cheap query per photo check). A check that names no
trust matches against an empty gallery: every face is ``unknown`` (review).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date

from postguard.checker import Checker
from postguard.content import Content, ContentKind, Image, Scope
from postguard.detectors.base import DetectionContext
from postguard.faces.live import LiveGallery
from postguard.findings import Verdict
from postguard.policy.models import Policy, ReviewStatus
from postguard.roster.index import RosterIndex
from postguard.roster.models import Roster
from postguard.runtime import load_runtime
from postguard.settings import Settings
from postguard.web.database import WebDatabase

PLATFORMS: tuple[tuple[str, str], ...] = (
    ("facebook", "Facebook"),
    ("x", "X (Twitter)"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("mastodon", "Mastodon"),
    ("other", "Other / website"),
)
"""The platforms a post can be checked for (id, label)."""

MAX_TEXT_CHARS = 20_000
"""The longest text checked at once: longer than any platform allows in one post."""


@dataclass(frozen=True)
class TrustFaces:
    """Whose enrolments a photo check matches faces against: a trust's, in the app's database."""

    database: WebDatabase
    trust_id: int


@dataclass(frozen=True)
class Service:
    settings: Settings
    policy: Policy
    roster: Roster
    roster_source: str
    checker: Checker
    loaded_on: date
    photo_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)
    """One photo check at a time: the face and OCR models are not shared across threads."""
    galleries: LiveGallery = field(default_factory=LiveGallery, compare=False)
    """Each trust's enrolments from the database, in memory, reloaded when they change."""

    @property
    def context(self) -> DetectionContext:
        return self.checker.context

    @property
    def accounts(self) -> tuple[str, ...]:
        """The trust and its schools, whose accounts posts go out on (trust first)."""
        names = [s.name for s in self.roster.schools]
        names += sorted({p.school for p in self.roster.pupils} - set(names))
        return tuple(dict.fromkeys(names))

    @property
    def platform_ids(self) -> tuple[str, ...]:
        return tuple(p for p, _ in PLATFORMS)

    def today(self) -> date:
        return self.settings.today or date.today()

    def with_roster(self, roster: Roster, source: str) -> Service:
        """The same service checking against ``roster`` (a new import): a new name index.

        The link policy and photo analyser are kept as loaded at start-up.
        """
        context = replace(
            self.checker.context, roster=roster, names=RosterIndex.build(roster, today=self.today())
        )
        return replace(
            self, roster=roster, roster_source=source, checker=Checker(self.policy, context)
        )

    def review_status(self) -> ReviewStatus:
        return self.policy.review_status(self.today())

    def check(
        self,
        text: str,
        *,
        images: int = 0,
        photos: Sequence[tuple[str, bytes]] = (),
        school: str | None = None,
        platform: str | None = None,
        kind: ContentKind = ContentKind.POST,
        scope: Scope = Scope.SANCTIONED,
        faces: TrustFaces | None = None,
    ) -> Verdict:
        """Check a post; ``photos`` (filename, bytes) are checked, ``images`` only counted.

        ``faces`` names the trust whose enrolments the photos' faces are matched against.
        """
        content = Content(
            text=text,
            kind=kind,
            scope=scope,
            school=school,
            platform=platform,
            image_count=max(images, len(photos)),
            images=tuple(Image(i, data, name) for i, (name, data) in enumerate(photos)),
        )
        if not photos:
            return self.checker.check(content)
        with self.photos(faces):
            return self.checker.check(content)

    @contextmanager
    def photos(self, faces: TrustFaces | None = None) -> Iterator[DetectionContext]:
        """Hold the photo lock, with faces matched against ``faces``' trust's enrolments.

        Everything that runs the face models (a check, the face list, the boxes drawn on
        the page, a blur) runs inside this block, so the statuses agree with each other.
        Without ``faces`` the analyser's own gallery is used (empty unless a test fills it).
        """
        with self.photo_lock:
            analyser = self.context.photos
            if faces is None or analyser is None:
                yield self.context
                return
            with faces.database.reading() as session:
                gallery = self.galleries.select(session, faces.trust_id)
            with analyser.using(gallery):
                yield self.context


def load_service(settings: Settings) -> Service:
    """Load the policy and roster named by ``settings`` and build the checker."""
    runtime = load_runtime(settings, photos=True)
    return Service(
        settings,
        runtime.policy,
        runtime.roster,
        runtime.roster_source,
        runtime.checker,
        runtime.today,
    )
