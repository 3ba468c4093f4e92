"""Reading a labelled evaluation dataset (``posts.jsonl``) with clear errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postguard.content import Content, ContentKind, Scope

EXPECTED_KINDS = ("pupil_name", "pii", "link", "unprofessional")


class DatasetError(ValueError):
    """A dataset file is missing or malformed; the message names file and line."""


@dataclass(frozen=True)
class LabelledPost:
    id: str
    school: str | None
    platform: str | None
    text: str
    images: int
    expected: tuple[dict[str, Any], ...]

    def content(self) -> Content:
        """The post as PostGuard checks it: a draft on a trust account of its school."""
        return Content(
            text=self.text,
            kind=ContentKind.POST,
            scope=Scope.SANCTIONED,
            school=self.school,
            platform=self.platform,
            image_count=self.images,
        )


def _post(path: Path, line_no: int, raw: dict[str, Any]) -> LabelledPost:
    where = f"{path.name}:{line_no}"
    for key in ("id", "text", "expected"):
        if key not in raw:
            raise DatasetError(f"{where}: missing field {key!r}")
    text = raw["text"]
    if not isinstance(text, str):
        raise DatasetError(f"{where}: field 'text' must be a string")
    expected = raw["expected"]
    if not isinstance(expected, list):
        raise DatasetError(f"{where}: field 'expected' must be a list")
    for i, item in enumerate(expected):
        if not isinstance(item, dict) or item.get("kind") not in EXPECTED_KINDS:
            raise DatasetError(f"{where}: expected[{i}]: kind must be one of {EXPECTED_KINDS}")
        needle = item.get("url") if item["kind"] == "link" else item.get("quote")
        if not isinstance(needle, str) or needle not in text:
            raise DatasetError(f"{where}: expected[{i}]: quote/url is not a substring of text")
    images = raw.get("images", 0)
    if not isinstance(images, int) or images < 0:
        raise DatasetError(f"{where}: field 'images' must be a non-negative integer")
    return LabelledPost(
        id=str(raw["id"]),
        school=raw.get("school"),
        platform=raw.get("platform"),
        text=text,
        images=images,
        expected=tuple(expected),
    )


def load_posts(dataset_dir: Path) -> list[LabelledPost]:
    """Every labelled post of ``dataset_dir/posts.jsonl``, refusing the file on any bad line."""
    path = dataset_dir / "posts.jsonl"
    if not path.is_file():
        raise DatasetError(f"{path}: not found")
    posts: list[LabelledPost] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path.name}:{line_no}: not valid JSON ({exc.msg})") from None
            if not isinstance(raw, dict):
                raise DatasetError(f"{path.name}:{line_no}: each line must be a JSON object")
            posts.append(_post(path, line_no, raw))
    return posts
