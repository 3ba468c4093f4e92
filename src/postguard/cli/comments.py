"""``postguard comments classify FILE``: label public comments in bulk.

Reads JSON lines with a ``text`` field (and optionally an ``id``), or plain text
with one comment per line (``-`` reads stdin), and writes JSON lines
``{"id", "labels", "scores", "action"}`` in the same order, classifying in
batches so the model scores many comments per pass. The comment text is never
echoed back: the output carries only the id.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from postguard.cli import loading
from postguard.cli.options import parse_day
from postguard.content import comment
from postguard.detectors.base import DetectionContext
from postguard.language.classifier import classify_batch

app = typer.Typer(
    name="comments",
    help="Classify public comments: ok, abusive, profane, spam, personal_data, safeguarding.",
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
    source: TextIO, out: TextIO, context: DetectionContext, name: str, batch_size: int = 512
) -> int:
    """Classify every comment of ``source`` into ``out``; returns how many were written."""
    written = 0
    for batch in _batches(_records(source, name), batch_size):
        assessments = classify_batch([comment(text) for _, text in batch], context)
        for (ident, _), a in zip(batch, assessments, strict=True):
            out.write(json.dumps({"id": ident, **a.to_dict()}, ensure_ascii=False) + "\n")
            written += 1
    return written


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
) -> None:
    """Label each comment and write JSON lines {"id", "labels", "scores", "action"} in order."""
    err = Console(stderr=True)
    try:
        context = _context(roster, today)
        if str(file) == "-":
            classify_stream(sys.stdin, sys.stdout, context, "stdin", batch_size)
        else:
            try:
                with file.open(encoding="utf-8") as fh:
                    classify_stream(fh, sys.stdout, context, file.name, batch_size)
            except (OSError, UnicodeDecodeError) as exc:
                raise loading.CommandError(f"cannot read {file}: {exc}") from None
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
