"""``postguard check``: check one draft post (or comment) and exit with its verdict."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading, photos
from postguard.cli.options import AsJson, PolicyFile, RosterDir, Today, parse_day
from postguard.cli.render import print_verdict
from postguard.content import Content, ContentKind, Scope

EXIT_CODES_HELP = "Exit code 0 publish, 1 review, 2 blocked, 3 bad input."


def _read_text(text: str | None, file: Path | None) -> str:
    if text is not None and file is not None:
        raise loading.CommandError("give the text as an argument or with --file, not both")
    if text == "-" or (file is not None and str(file) == "-"):
        return sys.stdin.read()
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise loading.CommandError(f"cannot read {file}: {exc}") from None
    if text is not None:
        return text
    if not sys.stdin.isatty():
        return sys.stdin.read()
    raise loading.CommandError("no text: give it as an argument, with --file, or on stdin")


def check(
    text: Annotated[
        str | None, typer.Argument(help="The post's text; '-' or omitted reads stdin.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the text from a file ('-': stdin).")
    ] = None,
    images: Annotated[int, typer.Option(min=0, help="Number of photos attached.")] = 0,
    school: Annotated[
        str | None, typer.Option(help="School whose account posts it (resolves forenames).")
    ] = None,
    platform: Annotated[str | None, typer.Option(help="x, facebook, instagram...")] = None,
    comment: Annotated[
        bool, typer.Option("--comment", help="Check the text as a public comment.")
    ] = False,
    personal: Annotated[
        bool, typer.Option("--personal", help="A member of staff's own account (scope personal).")
    ] = False,
    roster: RosterDir = None,
    policy: PolicyFile = None,
    today: Today = None,
    as_json: AsJson = False,
    image: Annotated[
        list[Path] | None,
        typer.Option("--image", help="A photo attached to the post (repeatable)."),
    ] = None,
) -> None:
    """Check a draft post before it goes out. Exit code 0 publish, 1 review, 2 blocked, 3 error."""
    err = Console(stderr=True)
    try:
        body = _read_text(text, file)
        loaded = loading.load(policy, roster, parse_day(today))
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    try:
        attached = photos.read_images(image or [])
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    content = Content(
        text=body,
        kind=ContentKind.COMMENT if comment else ContentKind.POST,
        scope=Scope.PERSONAL if personal else Scope.SANCTIONED,
        school=school,
        platform=platform,
        image_count=max(images, len(attached)),
        images=attached,
    )
    checker, context = loaded.checker, loaded.context
    if attached:
        checker, context = photos.photo_checker(loaded)
    verdict = checker.check(content)
    faces = photos.after_check(loaded, content, verdict, context, image or []) if attached else []
    if as_json:
        out = verdict.to_dict()
        if attached:
            out["faces"] = faces
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        print_verdict(Console(), body, verdict)
        photos.print_faces(Console(), faces)
    raise typer.Exit(verdict.outcome.exit_code)
