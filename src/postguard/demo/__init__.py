"""The bundled demo trust: a small, wholly fictional trust to try PostGuard with.

"Riverside Learning Trust" runs Riverside Academy (secondary) and Meadowbank
Primary in the made-up town of Calderwick. Everyone in it is invented; phones
are Ofcom drama numbers (07700 900xxx, 01632 960xxx), emails use the reserved
example.com/.net/.org domains and postcodes the non-existent ZY area.

The folder is in the evaluation dataset format (``pupils.csv``, ``staff.csv``,
``contacts.csv``, ``consents.csv``, ``school_contacts.json``, ``posts.jsonl``,
``comments.jsonl``), so ``postguard roster import`` and ``postguard eval`` read it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = ["demo_comments", "demo_dir", "demo_posts"]


def demo_dir() -> Path:
    """The folder holding the demo trust's files (inside the installed package)."""
    return Path(str(files("postguard.demo") / "data"))


def _jsonl(name: str) -> list[dict[str, Any]]:
    path = demo_dir() / name
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def demo_posts() -> list[dict[str, Any]]:
    """The sample draft posts: ``id, school, platform, text, images, expected``."""
    return _jsonl("posts.jsonl")


def demo_comments() -> list[dict[str, Any]]:
    """The sample public comments: ``id, text, label, target``."""
    return _jsonl("comments.jsonl")
