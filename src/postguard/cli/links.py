"""``postguard links FILE``: judge one URL per line, streaming (``-`` reads stdin).

Prints ``verdict<TAB>reasons<TAB>url`` per line (reasons comma-separated, ``-``
when none), or with ``--json`` one JSON object per line:
``{"url", "verdict", "reasons", "normalised"}``. Lines are read and written one
at a time, so a file of millions of URLs is never held in memory. Blank lines
and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from postguard.detectors.links.judge import LinkJudgement, judge_url
from postguard.detectors.links.policy import LinkPolicy, trust_domains_of
from postguard.links.lists import LinkLists
from postguard.links.online import judge_online
from postguard.links.resolver import GuardedTransport, Resolution, follow_redirects
from postguard.links.store import ListSource

app = typer.Typer(
    name="links",
    help="Judge URLs safe, review or unsafe (clause S8).",
    add_completion=False,
    invoke_without_command=True,
)


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        url = line.strip()
        if url and not url.startswith("#"):
            yield url


def _follow(url: str) -> Resolution:
    guard = GuardedTransport()
    try:
        return follow_redirects(url, guard)
    finally:
        guard.close()


@app.callback()
def links(
    file: Annotated[str, typer.Argument(help="A file of URLs, one per line; '-' for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON lines.")] = False,
    unknown: Annotated[
        str, typer.Option(help="Verdict for sites on no list: 'safe' or 'review'.")
    ] = "safe",
    allow: Annotated[
        list[str] | None, typer.Option(help="Extra allowed domain (repeatable).")
    ] = None,
    trust_domain: Annotated[
        list[str] | None, typer.Option(help="The trust's own domain (repeatable).")
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(help="Roster folder: the trust's own domains come from its contacts."),
    ] = None,
    list_path: Annotated[
        list[Path] | None,
        typer.Option(
            "--list", help="Category list (hosts, domains, UT1 folder, PhishTank/URLhaus CSV)."
        ),
    ] = None,
    cache_dir: Annotated[
        Path, typer.Option(help="Where list indexes are cached.")
    ] = Path(".postguard/cache"),
    online: Annotated[
        bool, typer.Option(help="Follow short links' redirects (through the SSRF guard).")
    ] = False,
) -> None:
    """Judge one URL per line and print the verdict and reasons for each."""
    if unknown not in ("safe", "review"):
        raise typer.BadParameter("must be 'safe' or 'review'", param_hint="--unknown")
    domains = set(trust_domain or [])
    if roster is not None:
        from postguard.roster.importer import load_roster

        domains |= trust_domains_of(load_roster(roster))
    lists = None
    if list_path:
        lists = LinkLists([ListSource(p) for p in list_path], cache_dir)
    policy = LinkPolicy.build(
        trust_domains=domains,
        allow=allow or [],
        unknown="review" if unknown == "review" else "safe",
        lists=lists,
    )
    judge: Callable[[str], LinkJudgement]
    if online:

        def judge(url: str) -> LinkJudgement:
            return judge_online(url, policy, follow=_follow)

    else:

        def judge(url: str) -> LinkJudgement:
            return judge_url(url, policy)

    stream: TextIO
    if file == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(file, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            raise typer.BadParameter(f"cannot read {file}: {exc.strerror}") from None
    out = sys.stdout
    interactive = stream.isatty()
    try:
        for url in _lines(stream):
            j = judge(url)
            if as_json:
                record = {
                    "url": url,
                    "verdict": j.verdict.value,
                    "reasons": list(j.codes),
                    "normalised": j.url,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(f"{j.verdict.value}\t{','.join(j.codes) or '-'}\t{url}\n")
            if interactive:
                out.flush()
    finally:
        if stream is not sys.stdin:
            stream.close()
    out.flush()
