"""Printing verdicts for people (rich) and machines (JSON)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from postguard.findings import Action, Outcome, Verdict

OUTCOME_STYLE = {
    Outcome.PUBLISH: "bold green",
    Outcome.REVIEW: "bold yellow",
    Outcome.BLOCKED: "bold red",
}
ACTION_STYLE = {Action.ADVISE: "cyan", Action.REVIEW: "yellow", Action.BLOCK: "red"}


def highlighted(text: str, verdict: Verdict) -> Text:
    """The text with every finding's span highlighted in its action's colour."""
    out = Text(text)
    for f in verdict.findings:
        loc = f.detection.location
        if loc.start is not None and loc.end is not None:
            out.stylize(f"reverse {ACTION_STYLE[f.action]}", loc.start, loc.end)
    return out


def print_verdict(console: Console, text: str, verdict: Verdict, title: str = "") -> None:
    label = Text(verdict.outcome.value.upper(), style=OUTCOME_STYLE[verdict.outcome])
    head = Text.assemble(label, f"  {title}" if title else "", style="")
    head.append(f"  (policy {verdict.policy_id} {verdict.policy_version})", style="dim")
    console.print(head)
    if verdict.findings:
        console.print(highlighted(text, verdict), soft_wrap=True)
    for n, f in enumerate(verdict.findings, start=1):
        d = f.detection
        where = f"chars {d.location.start}-{d.location.end}" if d.location.start is not None else ""
        line = Text(f" {n}. ")
        line.append(f.action.value, style=ACTION_STYLE[f.action])
        line.append(f"  {'; '.join(str(c) for c in f.clauses)}", style="bold")
        line.append(f"  [{f.rule_id}]", style="dim")
        console.print(line)
        kind = d.kind + (f"/{d.subtype}" if d.subtype else "")
        console.print(Text(f"    {kind} {d.quote!r} {where}: {d.explanation}"))
        if d.candidates:
            cands = ", ".join(f"{c.upn} ({c.confidence:.2f})" for c in d.candidates[:5])
            console.print(Text(f"    candidates: {cands}", style="dim"))
        if f.suggested_fix:
            console.print(Text(f"    fix: {f.suggested_fix}", style="green"))
