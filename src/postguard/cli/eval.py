"""``postguard eval DATASET_DIR``: score the checker on a labelled dataset."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from postguard.cli import loading
from postguard.cli.options import AsJson, PolicyFile, Today, parse_day
from postguard.detectors.base import DetectionContext
from postguard.evaluation import DatasetError, load_posts, score_posts
from postguard.evaluation.posts import KindScore


def _comments_section(dataset: Path, context: DetectionContext) -> dict[str, Any] | None:
    """The comments section, when the comment classifier is built and the file exists."""
    from postguard.detectors.registry import detector_class

    if not detector_class("comments").implemented or not (dataset / "comments.jsonl").is_file():
        return None
    from postguard.evaluation.comments import score_comments

    result: dict[str, Any] = score_comments(dataset, context=context, today=context.today)
    return result


def run_eval(
    dataset: Path, policy: Path | None, today: date | None, console: Console | None
) -> dict[str, Any]:
    """Score posts (and comments when available); ``console`` shows a progress bar."""
    if not dataset.is_dir():
        raise loading.CommandError(f"dataset folder not found: {dataset}")
    try:
        posts = load_posts(dataset)
    except DatasetError as exc:
        raise loading.CommandError(str(exc)) from None
    loaded = loading.load(policy, dataset, today)
    if console is not None and console.is_terminal:
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("checking posts", total=len(posts))
            scores = score_posts(posts, loaded.checker, lambda n: bar.update(task, completed=n))
    else:
        scores = score_posts(posts, loaded.checker)
    out: dict[str, Any] = {
        "posts": {
            kind: {"status": "not implemented"} if s is None else s.to_dict()
            for kind, s in scores.items()
        }
    }
    comments = _comments_section(dataset, loaded.context)
    if comments is not None:
        out["comments"] = comments
    return out


def _table(scores: dict[str, Any]) -> Table:
    table = Table(title="posts")
    for col in ("kind", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    for kind, s in scores.items():
        if "status" in s:
            table.add_row(kind, s["status"], "", "", "", "", "")
        else:
            table.add_row(
                kind,
                f"{s['precision']:.3f}",
                f"{s['recall']:.3f}",
                f"{s['f1']:.3f}",
                str(s["tp"]),
                str(s["fp"]),
                str(s["fn"]),
            )
    return table


def eval_command(
    dataset: Annotated[Path, typer.Argument(help="Folder in the shared/data dataset format.")],
    policy: PolicyFile = None,
    today: Today = None,
    as_json: AsJson = False,
    errors: Annotated[
        bool, typer.Option("--errors/--no-errors", help="List misses and false alarms.")
    ] = True,
) -> None:
    """Score the checker per kind: precision, recall, F1, misses and false alarms."""
    err = Console(stderr=True)
    try:
        result = run_eval(dataset, policy, parse_day(today), err)
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    if as_json:
        if not errors:
            for s in result["posts"].values():
                s.pop("misses", None)
                s.pop("false_alarms", None)
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(_table(result["posts"]))
    if errors:
        for kind, s in result["posts"].items():
            for title, key in (("missed", "misses"), ("false alarm", "false_alarms")):
                for item in s.get(key, []):
                    shown = {k: v for k, v in item.items() if k != "post"}
                    console.print(f"[dim]{kind}[/dim] {title} in {item['post']}: {shown}")
    if "comments" in result:
        console.print_json(data={k: v for k, v in result["comments"].items()})


__all__ = ["KindScore", "eval_command", "run_eval"]
