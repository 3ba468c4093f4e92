"""``postguard comments``: classify comments in bulk, or import a platform export.

``postguard comments import FILE --account PLATFORM:HANDLE [--format ...]`` reads a
platform export (:mod:`postguard.comment_imports`: CSV, Meta, X or YouTube JSON) into
the database of ``POSTGUARD_DATABASE_URL`` and decides every new comment
(:func:`postguard.workflows.moderation.receive_comments`, clause S9; P2, P3), then
e-mails the notifications it wrote. It prints how many were kept, hidden, referred to
the DSL and queued; a malformed file imports nothing and exits 3 naming file and line.

``postguard comments classify FILE`` reads JSON lines with a ``text`` field (and
optionally an ``id``), or plain text with one comment per line (``-`` reads stdin),
and writes JSON lines ``{"id", "labels", "scores", "action"}`` in the same order,
classifying in batches so the model scores many comments per pass. The comment text is never
echoed back: the output carries only the id.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from sqlalchemy import select

from postguard.cli import loading
from postguard.cli.options import parse_day
from postguard.content import comment
from postguard.detectors.base import DetectionContext
from postguard.language.classifier import classify_batch
from postguard.store import models as db

app = typer.Typer(
    name="comments",
    help="Classify public comments (ok, abusive, profane, spam, personal_data, safeguarding), "
    "or import a platform's export and moderate it.",
    no_args_is_help=True,
    add_completion=False,
)


def _records(lines: TextIO, source: str) -> Iterator[tuple[str, str]]:
    """``(id, text)`` per non-empty line; JSON lines when the first line is a JSON object."""
    mode: str | None = None
    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if mode is None:
            mode = "json" if line.lstrip().startswith("{") else "text"
        if mode == "text":
            yield str(line_no), line
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise loading.CommandError(f"{source}:{line_no}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise loading.CommandError(f"{source}:{line_no}: needs a string field 'text'")
        yield str(obj.get("id", line_no)), obj["text"]


def _batches(records: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _context(roster: Path | None, today: str | None) -> DetectionContext:
    day = parse_day(today) or date.today()
    if roster is None:
        return DetectionContext(today=day)
    from postguard.roster.index import RosterIndex

    the_roster = loading.roster(roster)
    return DetectionContext(
        roster=the_roster, names=RosterIndex.build(the_roster, today=day), today=day
    )


def classify_stream(
    source: TextIO,
    out: TextIO,
    context: DetectionContext,
    name: str,
    batch_size: int = 512,
    *,
    deep: bool = True,
) -> int:
    """Classify every comment of ``source`` into ``out``; returns how many were written."""
    written = 0
    for batch in _batches(_records(source, name), batch_size):
        contents = [comment(text) for _, text in batch]
        assessments = classify_batch(contents, context, deep=deep)
        for (ident, _), a in zip(batch, assessments, strict=True):
            out.write(json.dumps({"id": ident, **a.to_dict()}, ensure_ascii=False) + "\n")
            written += 1
    return written


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The export: CSV, or Meta / X / YouTube JSON.")],
    account: Annotated[
        str, typer.Option(help="The trust account the comments were left on: PLATFORM:HANDLE.")
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help="csv, meta, x, youtube, or auto (from the file)."),
    ] = "auto",
) -> None:
    """Import a platform's comment export and moderate every new comment (S9; P2, P3)."""
    from postguard.cli.db import cli_actor, open_database, settings_or_exit, transaction
    from postguard.comment_imports import FORMATS, CommentImportError, parse
    from postguard.mail import mailer_for
    from postguard.runtime import StartupError, load_runtime
    from postguard.workflows import moderation
    from postguard.workflows.notifications import deliver

    err = Console(stderr=True)

    def fail(message: str) -> typer.Exit:
        err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
        return typer.Exit(loading.EXIT_ERROR)

    platform, sep, handle = account.partition(":")
    if not sep or not platform.strip() or not handle.strip():
        raise fail(f"--account {account!r}: give PLATFORM:HANDLE, e.g. facebook:riversideacademy")
    if fmt != "auto" and fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: choose auto, {', '.join(FORMATS)}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        items = parse(data, file.name, fmt)
    except CommentImportError as exc:
        raise fail(f"{exc} (nothing imported)") from None
    settings = settings_or_exit()
    try:
        runtime = load_runtime(settings)
    except StartupError as exc:
        raise fail(str(exc)) from None
    context = runtime.context

    def classify(contents: Any) -> list[Any]:
        return classify_batch(contents, context)

    with open_database(settings) as engine:
        try:
            with transaction(engine) as session:
                found = session.scalars(
                    select(db.Account).where(
                        db.Account.platform == platform.strip().lower(),
                        db.Account.handle == handle.strip().removeprefix("@"),
                    )
                ).first()
                if found is None:
                    raise moderation.ModerationError(f"no account {platform}:{handle}")
                receipt = moderation.receive_comments(
                    session, found, items, "import", actor=cli_actor(), classify=classify
                )
                notes = [n.id for n in receipt.notifications]
        except moderation.ModerationError as exc:
            raise fail(str(exc)) from None
        with transaction(engine) as session:
            sent = deliver(
                session, mailer_for(settings.mail), base_url=settings.base_url, ids=notes
            )
    typer.echo(
        f"{file.name}: {len(items)} comments: {receipt.kept} kept, "
        f"{receipt.hidden} hidden and reported to SLT, {receipt.referred} referred to the DSL, "
        f"{receipt.queued} queued for a person, {receipt.duplicates} already imported"
    )
    if notes:
        typer.echo(f"notifications: {len(notes)} written, {sent.sent} e-mailed")


@app.command("classify")
def classify_command(
    file: Annotated[
        Path, typer.Argument(help="JSON lines with 'text', or plain text; '-': stdin.")
    ],
    roster: Annotated[
        Path | None,
        typer.Option(help="Roster folder: pupils' names make personal-data detection exact."),
    ] = None,
    today: Annotated[str | None, typer.Option(help="Date for the roster (YYYY-MM-DD).")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Comments per model pass.")] = 512,
    fast: Annotated[
        bool,
        typer.Option(
            "--fast",
            help="Skip the second reader of possible safeguarding concerns: about 7x faster, "
            "for bulk back-fills; it misses far more concerns (docs/models.md).",
        ),
    ] = False,
) -> None:
    """Label each comment and write JSON lines {"id", "labels", "scores", "action"} in order."""
    err = Console(stderr=True)
    try:
        context = _context(roster, today)
        if str(file) == "-":
            classify_stream(sys.stdin, sys.stdout, context, "stdin", batch_size, deep=not fast)
        else:
            try:
                with file.open(encoding="utf-8") as fh:
                    classify_stream(fh, sys.stdout, context, file.name, batch_size, deep=not fast)
            except (OSError, UnicodeDecodeError) as exc:
                raise loading.CommandError(f"cannot read {file}: {exc}") from None
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
