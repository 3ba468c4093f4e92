"""Photo helpers shared by ``check --image``, ``redact``, ``enrol`` and ``sweep``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from postguard.checker import Checker
from postguard.cli import loading
from postguard.content import Content, Image
from postguard.detectors.base import DetectionContext
from postguard.findings import Verdict
from postguard.runtime import Runtime

STATUS_STYLE = {"consented": "green", "staff": "green", "refused": "red", "unknown": "yellow"}


def read_images(paths: Sequence[Path]) -> tuple[Image, ...]:
    images = []
    for index, path in enumerate(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise loading.CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        images.append(Image(index=index, data=data, filename=path.name))
    return tuple(images)


def photo_checker(loaded: Runtime) -> tuple[Checker, DetectionContext]:
    """The runtime's checker with the photo analyser (gallery under the data dir) added."""
    from postguard.faces.setup import photo_analyser

    context = dataclasses.replace(
        loaded.context, photos=photo_analyser(loaded.settings.data_dir, loaded.roster)
    )
    return Checker(loaded.policy, context), context


def after_check(
    loaded: Runtime,
    content: Content,
    verdict: Verdict,
    context: DetectionContext,
    paths: Sequence[Path],
) -> list[dict[str, Any]]:
    """Record the photos in the sweep index; return the verdict's face list."""
    from postguard.faces.setup import face_list, faces_dir, record_check
    from postguard.faces.sweep import SweepIndex

    index = SweepIndex(faces_dir(loaded.settings.data_dir))
    for image, path in zip(content.images, paths, strict=True):
        single = dataclasses.replace(content, images=(image,), image_count=1)
        record_check(index, str(path.resolve()), single, verdict, context, loaded.today)
    return face_list(content, context)


def print_faces(console: Console, faces: list[dict[str, Any]]) -> None:
    for face in faces:
        x, y, w, h = face["box"]
        line = Text(f" face in photo {face['image'] + 1} at {x},{y} {w}x{h}: ")
        line.append(str(face["status"]), style=STATUS_STYLE.get(str(face["status"]), ""))
        if face.get("upn"):
            line.append(f" {face['upn']}")
        line.append(f" ({face['reason']}; score {face['score']:.2f})", style="dim")
        console.print(line)
