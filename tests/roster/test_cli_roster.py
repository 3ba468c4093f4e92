"""``postguard roster import`` and ``postguard roster mapping``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from postguard.cli.roster import EXIT_INVALID, app
from postguard.demo import demo_dir
from postguard.roster.mapping import RosterMapping, parse_mapping

runner = CliRunner()
TODAY = ["--today", "2026-11-23"]


def test_import_northfield_prints_counts(northfield_dir: Path) -> None:
    result = runner.invoke(app, ["import", str(northfield_dir), *TODAY, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["pupils"], data["on_roll"], data["ex_pupils"]) == (1014, 1000, 14)
    assert (data["staff"], data["contacts"], data["consent_rows"]) == (89, 1668, 4012)
    assert data["consents"]["social_media"] == {"granted": 809, "refused": 148, "withdrawn": 57}
    assert len(data["schools"]) == 3 and data["errors"] == 0


def test_import_table_output() -> None:
    result = runner.invoke(app, ["import", str(demo_dir()), *TODAY])
    assert result.exit_code == 0, result.stderr
    assert "pupils on roll" in result.stdout and "social_media" in result.stdout


def test_invalid_roster_exits_3_with_errors_on_stderr(roster_files: Any, tmp_path: Path) -> None:
    roster_files.set("staff.csv", 3, "Email", "nope")
    folder = roster_files.write()
    report = tmp_path / "report.csv"
    result = runner.invoke(app, ["import", str(folder), *TODAY, "--report", str(report)])
    assert result.exit_code == EXIT_INVALID
    assert result.stdout == ""
    assert "staff.csv:3: column 'Email': not a well-formed email address" in result.stderr
    assert "nothing imported" in result.stderr
    with report.open(newline="", encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [
            ["file", "line", "column", "message"],
            ["staff.csv", "3", "Email", "not a well-formed email address"],
        ]


def test_skip_invalid_writes_the_report(
    roster_files: Any, tmp_path: Path, roster_names: tuple[str, ...]
) -> None:
    roster_files.set("pupils.csv", 3, "Year", "Year 15")
    folder = roster_files.write()
    report = tmp_path / "errors.csv"
    result = runner.invoke(
        app, ["import", str(folder), *TODAY, "--skip-invalid", "--report", str(report), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["pupils"], data["errors"], data["skipped_rows"]) == (2, 3, 3)
    assert "Skipped 3 invalid row(s)" in result.stderr
    with report.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["file"], r["line"], r["column"]) for r in rows] == [
        ("pupils.csv", "3", "Year"),
        ("contacts.csv", "3", "UPN"),
        ("consents.csv", "4", "UPN"),
    ]
    text = report.read_text(encoding="utf-8") + result.stderr
    assert not any(name in text for name in roster_names)


def test_mapping_option(roster_files: Any, tmp_path: Path) -> None:
    files = roster_files.files
    files["pupils.csv"][0][0] = "Pupil UPN"
    folder = roster_files.write()
    refused = runner.invoke(app, ["import", str(folder), *TODAY])
    assert refused.exit_code == EXIT_INVALID
    assert "pupils.csv:1: column 'UPN': required column is missing" in refused.stderr
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("pupils:\n  upn: Pupil UPN\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(folder), *TODAY, "--mapping", str(mapping)])
    assert result.exit_code == 0, result.stderr


def test_bad_mapping_is_a_usage_error(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("pupils:\n  upn_column: UPN\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(demo_dir()), "--mapping", str(mapping)])
    assert result.exit_code == 2
    assert "pupils.upn_column" in result.stderr


def test_mapping_command_prints_the_default_as_yaml() -> None:
    result = runner.invoke(app, ["mapping"])
    assert result.exit_code == 0
    assert parse_mapping(yaml.safe_load(result.stdout)) == RosterMapping.default()


def test_report_cells_never_start_a_formula(roster_files: Any, tmp_path: Path) -> None:
    roster_files.files["pupils.csv"][0][5] = "=Year"
    roster_files.set("pupils.csv", 2, "=Year", "Year 99")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("pupils:\n  year: '=Year'\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    folder = roster_files.write()
    args = ["import", str(folder), *TODAY, "--mapping", str(mapping), "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_INVALID
    with report.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["column"] == "'=Year"
