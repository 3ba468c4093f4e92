"""What a process holds for its lifetime: policy, roster, name index, link policy, checker.

Built once by :func:`load_runtime` from the settings (and a command's options,
which win): the policy file (``POSTGUARD_POLICY`` or the bundled policy), the
roster folder (``POSTGUARD_ROSTER_DIR`` or the bundled demo trust) and the link
settings (``POSTGUARD_LINKS``). A bad file fails here with one clear message
naming the file or setting at fault, never on a user's first check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from postguard.checker import Checker
from postguard.detectors.base import DetectionContext
from postguard.detectors.links import LinkPolicy
from postguard.policy.loader import PolicyError, load_policy
from postguard.policy.models import Policy
from postguard.roster.importer import load_roster
from postguard.roster.index import RosterIndex
from postguard.roster.models import Roster
from postguard.settings import Settings

if TYPE_CHECKING:
    from postguard.images.analyser import PhotoAnalyser

DEMO_SOURCE = "the bundled demo trust"


class StartupError(RuntimeError):
    """Policy, roster or settings cannot be loaded: the message names the file or setting."""


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    policy: Policy
    roster: Roster
    roster_source: str
    context: DetectionContext
    checker: Checker

    @property
    def today(self) -> date:
        return self.context.today


def _links(path: Path | None, roster: Roster) -> LinkPolicy | None:
    if path is None:
        return None
    from postguard.links.settings import LinkSettingsError, build_links, load_link_settings

    try:
        services = build_links(load_link_settings(path), roster)
    except (LinkSettingsError, OSError) as exc:
        raise StartupError(f"POSTGUARD_LINKS: {exc}") from None
    services.start_refresh()
    return services.policy


def _photo_analyser() -> PhotoAnalyser:
    from postguard.faces.gallery import MemoryGallery
    from postguard.faces.setup import photo_analyser

    # The fallback gallery, empty: each check matches against its trust's enrolments in
    # the database (LiveGallery, selected per check); a check that names no trust finds
    # every face ``unknown`` (review), never cleared.
    return photo_analyser(MemoryGallery())


def load_runtime(
    settings: Settings,
    *,
    policy_path: Path | None = None,
    roster_dir: Path | None = None,
    today: date | None = None,
    photos: bool = False,
) -> Runtime:
    """Load policy, roster and link settings, build the name index and the checker.

    ``photos`` adds the photo analyser (models load on first use), so attached photos'
    bytes are checked for faces, text and metadata; the edges choose the gallery each
    check matches against (the trust's enrolments in the database).
    """
    try:
        policy = load_policy(policy_path or settings.policy_path)
    except PolicyError as exc:
        raise StartupError(str(exc)) from None
    folder = roster_dir or settings.roster_dir
    if folder is None:
        from postguard.demo import demo_dir

        folder, source = demo_dir(), DEMO_SOURCE
    else:
        source = str(folder)
    if not folder.is_dir():
        raise StartupError(f"roster folder not found: {folder}")
    try:
        roster = load_roster(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise StartupError(f"roster {folder}: {exc}") from None
    day = today or settings.today or date.today()
    context = DetectionContext(
        roster=roster,
        names=RosterIndex.build(roster, today=day),
        today=day,
        links=_links(settings.links_path, roster),
        photos=_photo_analyser() if photos else None,
    )
    return Runtime(settings, policy, roster, source, context, Checker(policy, context))
