"""``postguard demo``: the main job on the embedded default — check the demo trust's posts."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.console import Console
from rich.rule import Rule

from postguard.cli import loading
from postguard.cli.render import print_verdict
from postguard.content import Content, ContentKind, Scope


def demo(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON verdict per line.")] = False,
) -> None:
    """Build the bundled demo trust and check its sample posts, printing each verdict."""
    import json

    from postguard.demo import demo_dir, demo_posts

    err = Console(stderr=True)
    try:
        loaded = loading.load(None, demo_dir())
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    console = Console()
    outcomes: Counter[str] = Counter()
    if not as_json:
        console.print(
            f"PostGuard demo: {len(loaded.roster.pupils)} pupils in "
            f"{len({p.school for p in loaded.roster.pupils})} schools; policy "
            f"{loaded.policy.id} {loaded.policy.version}"
        )
    for raw in demo_posts():
        content = Content(
            text=raw["text"],
            kind=ContentKind.POST,
            scope=Scope.SANCTIONED,
            school=raw.get("school"),
            platform=raw.get("platform"),
            image_count=int(raw.get("images", 0)),
        )
        verdict = loaded.checker.check(content)
        outcomes[verdict.outcome.value] += 1
        if as_json:
            typer.echo(json.dumps({"id": raw["id"], **verdict.to_dict()}, ensure_ascii=False))
            continue
        console.print(Rule(f"{raw['id']} · {raw.get('school', '')} · {raw.get('platform', '')}"))
        images = int(raw.get("images", 0))
        print_verdict(console, raw["text"], verdict, title=f"{images} photo(s)" if images else "")
        if not verdict.findings:
            console.print(raw["text"], soft_wrap=True)
    if not as_json:
        console.print(Rule())
        summary = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items()))
        console.print(f"{sum(outcomes.values())} posts checked: {summary}")
