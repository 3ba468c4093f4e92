"""``postguard policy``: validate the policy file, show its clauses and rules, report its review.

The policy used is ``--policy PATH`` (or the ``validate`` argument), else the
``POSTGUARD_POLICY`` setting, else the bundled Cockburn MAT policy. Exit code 0
when all is well, 3 when the policy file is invalid or an option is malformed.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from postguard.detectors.registry import DETECTORS
from postguard.policy.errors import PolicyError, Problem
from postguard.policy.loader import bundled_policy_path, load_policy
from postguard.policy.models import Policy, ReviewStatus
from postguard.policy.verbatim import verbatim_problems
from postguard.policy.workflows import WORKFLOWS
from postguard.policy.yamlsource import SyntaxProblem, read_yaml
from postguard.settings import SettingsError, load_settings

EXIT_INVALID = 3
EXIT_OVERDUE = 1

app = typer.Typer(
    name="policy",
    help="Validate the policy file, show its clauses and rules, and report its review status.",
    no_args_is_help=True,
    add_completion=False,
)

PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="Policy file (default: the POSTGUARD_POLICY setting, else the bundled policy).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


class _Fail(Exception):
    """A message for stderr and exit code 3."""


def _policy_path(path: Path | None) -> Path:
    if path is not None:
        return path
    try:
        configured = load_settings().policy_path
    except SettingsError as exc:
        raise _Fail(str(exc)) from None
    return configured or bundled_policy_path()


def _today(value: str | None) -> date:
    if value is not None:
        try:
            return datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            raise _Fail(f"--today: {value!r} is not a YYYY-MM-DD date") from None
    try:
        configured = load_settings().today
    except SettingsError as exc:
        raise _Fail(str(exc)) from None
    return configured or date.today()


def _load(path: Path | None) -> Policy:
    try:
        return load_policy(_policy_path(path))
    except PolicyError as exc:
        raise _Fail(str(exc)) from None


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(Text(message), soft_wrap=True)
    return typer.Exit(EXIT_INVALID)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _summary(policy: Policy) -> str:
    return f"{policy.id} {policy.version}, {len(policy.clauses)} clauses, {len(policy.rules)} rules"


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="Policy file (default: --policy, POSTGUARD_POLICY, the bundled one)."),
    ] = None,
    policy: PolicyOption = None,
    document: Annotated[
        Path | None,
        typer.Option(
            "--document",
            help="The policy document as plain text: check each clause is word for word in it.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a policy file strictly. Exit 0 when valid, 3 with every problem on stderr."""
    try:
        file = _policy_path(path or policy)
        original = None if document is None else _read_document(document)
    except _Fail as exc:
        raise _fail(str(exc)) from None
    try:
        loaded = load_policy(file)
        if original is not None:
            problems = verbatim_problems(loaded.clauses, original)
            if problems:
                raise PolicyError(loaded.source, _with_lines(problems, file))
    except PolicyError as exc:
        if as_json:
            _echo_json({"ok": False, "file": exc.file, "problems": _problems_json(exc)})
        err = Console(stderr=True)
        for line in exc.messages:
            err.print(Text(line), soft_wrap=True)
        n = len(exc.problems)
        err.print(
            Text(f"INVALID: {n} problem{'s' if n != 1 else ''} in {exc.file}"), soft_wrap=True
        )
        raise typer.Exit(EXIT_INVALID) from None
    if as_json:
        _echo_json({"ok": True, "file": loaded.source, **_head_json(loaded)})
        return
    verbatim = "" if document is None else f"; every clause word for word in {document}"
    typer.echo(f"OK: {_summary(loaded)}{verbatim}")


def _with_lines(problems: list[Problem], file: Path) -> list[Problem]:
    try:
        doc = read_yaml(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, SyntaxProblem):
        return problems  # it loaded a moment ago; without lines is still right
    return [p.with_line(doc.line(p.path)) for p in problems]


def _read_document(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise _Fail(f"{path}: cannot read the policy document: {reason}") from None


def _problems_json(exc: PolicyError) -> list[dict[str, Any]]:
    return [
        {
            "where": p.where,
            "field": p.field,
            "message": p.message,
            "line": p.line,
            "text": p.render(exc.file),
        }
        for p in exc.problems
    ]


def _head_json(policy: Policy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "title": policy.title,
        "version": policy.version,
        "digest": policy.digest,
        "clauses": len(policy.clauses),
        "rules": len(policy.rules),
    }


@app.command()
def show(
    policy: PolicyOption = None,
    text: Annotated[
        bool, typer.Option("--text", help="Also print each clause's full text.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Each clause, as it prints in findings, with the rules or the workflow that carry it."""
    try:
        loaded = _load(policy)
    except _Fail as exc:
        raise _fail(str(exc)) from None
    if as_json:
        _echo_json(_show_json(loaded))
        return
    out = Console(highlight=False)
    out.print(Text(f"{loaded.title} {loaded.version} ({loaded.id})", style="bold"), soft_wrap=True)
    out.print(Text(f"source {loaded.source}", style="dim"), soft_wrap=True)
    section = None
    for clause in loaded.clauses:
        if clause.section != section:
            section = clause.section
            out.print()
            out.print(Text(section.upper(), style="bold underline"), soft_wrap=True)
        out.print(Text(str(clause.ref), style="bold"), soft_wrap=True)
        for rule in loaded.rules_for(clause.id):
            line = Text("    rule ")
            line.append(rule.id, style="cyan")
            line.append(f"  detector {rule.detector}  action {rule.action.value}")
            if not _implemented(rule.detector):
                line.append("  (detector not built yet)", style="yellow")
            out.print(line, soft_wrap=True)
        if clause.workflow is not None:
            line = Text("    workflow ")
            line.append(clause.workflow, style="green")
            line.append(f": {WORKFLOWS[clause.workflow]}", style="dim")
            out.print(line, soft_wrap=True)
        if text:
            out.print(Text(f"    {' '.join(clause.text.split())}", style="italic"), soft_wrap=True)
    if loaded.linked_policies:
        out.print()
        out.print(Text("LINKED POLICIES (M3)", style="bold underline"))
        for linked in loaded.linked_policies:
            note = f": {linked.note}" if linked.note else ""
            out.print(Text(f"{linked.title}{note}"), soft_wrap=True)


def _implemented(detector_id: str) -> bool:
    return bool(getattr(DETECTORS[detector_id], "implemented", True))


def _show_json(policy: Policy) -> dict[str, Any]:
    return {
        "policy": {**_head_json(policy), "source": policy.source},
        "clauses": [
            {
                "id": c.id,
                "title": c.title,
                "cite": str(c.ref),
                "section": c.section,
                "text": c.text,
                "workflow": c.workflow,
                "rules": [
                    {
                        "id": r.id,
                        "detector": r.detector,
                        "action": r.action.value,
                        "implemented": _implemented(r.detector),
                    }
                    for r in policy.rules_for(c.id)
                ],
            }
            for c in policy.clauses
        ],
        "rules": [r.model_dump(mode="json") for r in policy.rules],
        "linked_policies": [p.model_dump(mode="json") for p in policy.linked_policies],
    }


@app.command()
def status(
    policy: PolicyOption = None,
    today: Annotated[
        str | None,
        typer.Option(help="Judge the review date as of this day, YYYY-MM-DD (default: today)."),
    ] = None,
    fail_overdue: Annotated[
        bool,
        typer.Option("--fail-overdue", help=f"Exit {EXIT_OVERDUE} when the review is overdue."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The policy's version, owner, dates, and whether its review is overdue (clause M1)."""
    try:
        loaded = _load(policy)
        day = _today(today)
    except _Fail as exc:
        raise _fail(str(exc)) from None
    review = loaded.review_status(day)
    if as_json:
        _echo_json(_status_json(loaded, review))
    else:
        _print_status(loaded, review)
    if fail_overdue and review.overdue:
        raise typer.Exit(EXIT_OVERDUE)


def _status_json(policy: Policy, review: ReviewStatus) -> dict[str, Any]:
    return {
        "id": policy.id,
        "title": policy.title,
        "version": policy.version,
        "owner": policy.owner,
        "dated": policy.dated.isoformat(),
        "review_due": policy.review_due.isoformat(),
        "today": review.today.isoformat(),
        "overdue": review.overdue,
        "overdue_since": review.overdue_since.isoformat() if review.overdue_since else None,
        "days_overdue": review.days_overdue,
        "days_until_due": review.days_until_due,
        "status": review.describe(),
        "versions": [v.model_dump(mode="json") for v in policy.versions],
        "source": policy.source,
        "digest": policy.digest,
    }


def _print_status(policy: Policy, review: ReviewStatus) -> None:
    out = Console(highlight=False)
    rows = [
        ("policy", f"{policy.title} ({policy.id})"),
        ("version", policy.version),
        ("owner", policy.owner),
        ("dated", policy.dated.isoformat()),
        ("review due", policy.review_due.isoformat()),
    ]
    for label, value in rows:
        out.print(Text(f"{label:<11} {value}"), soft_wrap=True)
    style = "bold red" if review.overdue else "green"
    line = Text(f"{'review':<11} ")
    line.append(review.describe(), style=style)
    out.print(line, soft_wrap=True)
    for v in policy.versions:
        extra = "; ".join(x for x in (v.author, v.changes) if x)
        tail = f" - {extra}" if extra else ""
        out.print(Text(f"{'history':<11} {v.version} ({v.date.isoformat()}){tail}"), soft_wrap=True)
    out.print(Text(f"{'source':<11} {policy.source}", style="dim"), soft_wrap=True)
    out.print(Text(f"{'sha256':<11} {policy.digest}", style="dim"), soft_wrap=True)
