"""``postguard links FILE``: judge one URL per line, streaming (``-`` reads stdin).

The lead mounts it like the other single commands: ``app.command("links")(links_command)``.

Prints ``verdict<TAB>reasons<TAB>url`` per line (reasons comma-separated, ``-``
when none), or with ``--json`` one JSON object per line:
``{"url", "verdict", "reasons", "normalised"}``. Lines are read and written one
at a time, so a file of millions of URLs is never held in memory. Blank lines
and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from postguard.detectors.links.judge import LinkJudgement, judge_url
from postguard.links.online import judge_online
from postguard.links.settings import (
    LinkSettings,
    LinkSettingsError,
    ListSetting,
    build_links,
    load_link_settings,
)


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        url = line.strip()
        if url and not url.startswith("#"):
            yield url


def links_command(
    file: Annotated[str, typer.Argument(help="A file of URLs, one per line; '-' for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON lines.")] = False,
    settings: Annotated[
        Path | None,
        typer.Option(help="YAML file with the trust's 'links' settings (see docs/links.md)."),
    ] = None,
    unknown: Annotated[
        str | None, typer.Option(help="Verdict for sites on no list: 'safe' or 'review'.")
    ] = None,
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
    cache_dir: Annotated[Path | None, typer.Option(help="Where list indexes are cached.")] = None,
    online: Annotated[
        bool,
        typer.Option("--online", help="Follow short links' redirects (through the SSRF guard)."),
    ] = False,
) -> None:
    """Judge one URL per line: prints verdict, reasons and URL (or JSON lines)."""
    if unknown not in (None, "safe", "review"):
        raise typer.BadParameter("must be 'safe' or 'review'", param_hint="--unknown")
    try:
        base = load_link_settings(settings) if settings is not None else LinkSettings()
    except LinkSettingsError as exc:
        raise typer.BadParameter(str(exc), param_hint="--settings") from None
    update: dict[str, object] = {
        "allow": [*base.allow, *(allow or [])],
        "trust_domains": [*base.trust_domains, *(trust_domain or [])],
        "lists": [*base.lists, *(ListSetting(path=p) for p in list_path or [])],
    }
    if unknown is not None:
        update["unknown"] = unknown
    if cache_dir is not None:
        update["cache_dir"] = cache_dir
    if online:
        update["online"] = base.online.model_copy(update={"enabled": True})
    merged = base.model_copy(update=update)
    loaded_roster = None
    if roster is not None:
        from postguard.roster.importer import load_roster

        loaded_roster = load_roster(roster)
    services = build_links(merged, loaded_roster)
    policy = services.policy
    follow = services.follower()
    safe_browsing = services.safe_browsing()

    def judge(url: str) -> LinkJudgement:
        if follow is None and safe_browsing is None:
            return judge_url(url, policy)
        return judge_online(url, policy, follow=follow, safe_browsing=safe_browsing)

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
