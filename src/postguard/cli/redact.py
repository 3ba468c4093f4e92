"""``postguard redact IMAGE -o OUT``: blur faces beyond recognition and strip metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading
from postguard.cli.options import RosterDir, Today, parse_day
from postguard.cli.photos import TrustOption, photo_context
from postguard.content import Content, Image


def redact(
    image: Annotated[Path, typer.Argument(help="The photo to redact.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the copy.")],
    all_faces: Annotated[
        bool, typer.Option("--all-faces", help="Blur every face, cleared or not.")
    ] = False,
    face: Annotated[
        list[int] | None,
        typer.Option("--face", min=1, help="Blur only face N of the face list (repeatable)."),
    ] = None,
    roster: RosterDir = None,
    today: Today = None,
    trust: TrustOption = None,
) -> None:
    """Write a copy of a photo with faces blurred and every metadata field stripped.

    By default every face not cleared (a refused pupil or an unknown face) is
    blurred; consented pupils and staff (matched against the trust's enrolments in the
    database) stay visible. Exit code 0, or 3 on bad input.
    """
    from postguard.detectors.faces import FacesDetector
    from postguard.findings import Box
    from postguard.images.intake import ImageError
    from postguard.images.redact import redact as redact_image

    err = Console(stderr=True)
    try:
        if output.resolve() == image.resolve():
            raise loading.CommandError(
                "write the redacted copy to a new file, not over the original"
            )
        data = image.read_bytes() if image.is_file() else None
        if data is None:
            raise loading.CommandError(f"photo not found: {image}")
        loaded = loading.load(None, roster, parse_day(today))
        context, _ = photo_context(loaded, trust=trust, ocr=False)
        content = Content(text="", images=(Image(0, data, image.name),))
        detections = FacesDetector().detect(content, context)
        refused = [d for d in detections if d.kind == "image"]
        if refused:
            raise loading.CommandError(f"{image}: {refused[0].explanation}")
        faces = [d for d in detections if d.kind == "face"]
        chosen = []
        for number, d in enumerate(faces, start=1):
            if face:
                pick = number in face
            else:
                pick = all_faces or d.subtype not in ("consented", "staff")
            if pick and d.location.box is not None:
                chosen.append(d.location.box)
        if face and max(face) > len(faces):
            raise loading.CommandError(f"--face {max(face)}: the photo has {len(faces)} faces")
        boxes: list[Box] = chosen
        output.write_bytes(redact_image(data, boxes))
    except ImageError as exc:
        err.print(f"[red]error:[/red] {image}: {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    typer.echo(f"wrote {output}: {len(boxes)} of {len(faces)} faces blurred, metadata stripped")
