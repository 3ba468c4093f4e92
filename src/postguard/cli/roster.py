"""``postguard roster``: check a trust's MIS export and summarise it.

For now *import* means validate and summarise; persisting the roster to the
database comes with the service (the command's output will not change).
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from postguard.roster.errors import RosterImportError, RowError
from postguard.roster.importer import import_roster
from postguard.roster.mapping import MappingError, RosterMapping, load_mapping, mapping_yaml
from postguard.roster.summary import RosterSummary, summarise

EXIT_INVALID = 3
SHOWN_ERRORS = 50

app = typer.Typer(
    name="roster",
    help="Check and summarise a roster export (pupils, staff, contacts, consents).",
    no_args_is_help=True,
    add_completion=False,
)


def _cell(text: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _write_report(path: Path, errors: tuple[RowError, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "line", "column", "message"])
        for e in errors:
            line = "" if e.line is None else str(e.line)
            writer.writerow([_cell(e.file), line, _cell(e.column or ""), _cell(e.message)])


def _print_errors(console: Console, errors: tuple[RowError, ...], report: Path | None) -> None:
    for e in errors[:SHOWN_ERRORS]:
        console.print(str(e), markup=False, highlight=False)
    if len(errors) > SHOWN_ERRORS:
        more = len(errors) - SHOWN_ERRORS
        hint = "" if report else " (use --report PATH to write them all)"
        console.print(f"... and {more} more{hint}", markup=False, highlight=False)


def _print_summary(console: Console, s: RosterSummary) -> None:
    table = Table(title=f"Roster as of {s.today.isoformat()}", show_header=True)
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("pupils on roll", str(s.on_roll))
    table.add_row("ex-pupils (kept)", str(s.ex_pupils))
    for school in s.by_school:
        table.add_row(f"  {school.school}", f"{school.on_roll} + {school.ex_pupils} left")
    table.add_row("staff", str(s.staff))
    table.add_row("parent/carer contacts", str(s.contacts))
    table.add_row("consent rows", str(s.consent_rows))
    table.add_row("bodies with official contacts", str(len(s.schools)))
    console.print(table)
    if s.consents:
        consents = Table(title="Consent in force (latest row per pupil and type)")
        consents.add_column("type")
        statuses = sorted({st for counts in s.consents.values() for st in counts})
        for st in statuses:
            consents.add_column(st.value, justify="right")
        for scope, counts in s.consents.items():
            consents.add_row(scope.value, *(str(counts.get(st, 0)) for st in statuses))
        console.print(consents)


@app.command("import")
def import_command(
    folder: Annotated[
        Path, typer.Argument(help="Folder with pupils.csv, staff.csv, contacts.csv, ...")
    ],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="YAML column mapping (see `roster mapping`)")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows and list the rest")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write every error to this CSV file")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Date to judge ex-pupils by (YYYY-MM-DD)")
    ] = None,
) -> None:
    """Validate a roster export and print what it holds.

    Every row is checked; errors name the file, line and column. One invalid row
    refuses the whole roster (exit 3) unless --skip-invalid. For now this
    validates and summarises only: saving the roster comes with the service.
    """
    err = Console(stderr=True)
    out = Console()
    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
    try:
        columns = load_mapping(mapping) if mapping else RosterMapping.default()
    except MappingError as exc:
        raise typer.BadParameter(str(exc), param_hint="--mapping") from None

    try:
        result = import_roster(folder, mapping=columns, skip_invalid=skip_invalid, today=day)
    except RosterImportError as exc:
        if report:
            _write_report(report, exc.errors)
        _print_errors(err, exc.errors, report)
        count = len(exc.errors)
        err.print(
            f"Roster refused: {count} error{'s' if count != 1 else ''}; nothing imported.",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(EXIT_INVALID) from None

    if report:
        _write_report(report, result.errors)
    if result.errors:
        _print_errors(err, result.errors, report)
        err.print(
            f"Skipped {result.skipped_rows} invalid row(s); {len(result.errors)} error(s).",
            markup=False,
            highlight=False,
        )
    for note in result.notes:
        err.print(f"note: {note}", markup=False, highlight=False)

    summary = summarise(result.roster, day)
    if as_json:
        data = summary.as_dict()
        data["errors"] = len(result.errors)
        data["skipped_rows"] = result.skipped_rows
        typer.echo(json.dumps(data, indent=2))
    else:
        _print_summary(out, summary)


@app.command("mapping")
def mapping_command() -> None:
    """Print the default column mapping as YAML, for a trust to copy and adapt."""
    typer.echo(mapping_yaml(), nl=False)
