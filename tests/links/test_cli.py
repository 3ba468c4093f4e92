"""``postguard links FILE``: one verdict per line, text or JSON lines, streaming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from postguard.cli import links as links_cli

URLS = "bit.ly/x\n\n# a comment\nhttps://www.gov.uk/a\nhttp://paypa1.com/login\nhttps://example-bakery.co.uk\n"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("links")(links_cli.links_command)

    @app.command()
    def other() -> None:  # a second command so "links" stays a sub-command
        """Unused."""

    return app


def run(args: list[str], stdin: str | None = None) -> str:
    result = CliRunner().invoke(_app(), ["links", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_text_output_from_stdin() -> None:
    assert run(["-"], URLS).splitlines() == [
        "review\tshortener\tbit.ly/x",
        "safe\tallow-listed\thttps://www.gov.uk/a",
        "unsafe\tlookalike,insecure-login\thttp://paypa1.com/login",
        "safe\t-\thttps://example-bakery.co.uk",
    ]


def test_json_lines_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text(URLS)
    records = [json.loads(line) for line in run([str(path), "--json"]).splitlines()]
    assert records[0] == {
        "url": "bit.ly/x",
        "verdict": "review",
        "reasons": ["shortener"],
        "normalised": "http://bit.ly/x",
    }
    assert [r["verdict"] for r in records] == ["review", "safe", "unsafe", "safe"]


@pytest.mark.parametrize(
    "args, last",
    [
        (["--unknown", "review"], "review\tunknown-domain\thttps://example-bakery.co.uk"),
        (["--allow", "example-bakery.co.uk"], "safe\tallow-listed\thttps://example-bakery.co.uk"),
        (
            ["--trust-domain", "example-bakery.co.uk"],
            "safe\ttrust-domain\thttps://example-bakery.co.uk",
        ),
    ],
)
def test_options(args: list[str], last: str) -> None:
    assert run(["-", *args], URLS).splitlines()[-1] == last


def test_lists_option(tmp_path: Path) -> None:
    listed = tmp_path / "hosts"
    listed.write_text("0.0.0.0 example-bakery.co.uk\n")
    out = run(["-", "--list", str(listed), "--cache-dir", str(tmp_path / "cache")], URLS)
    assert out.splitlines()[-1] == "unsafe\tlisted:blocked\thttps://example-bakery.co.uk"


def test_roster_gives_the_trust_domains(northfield_dir: Path) -> None:
    out = run(["-", "--roster", str(northfield_dir)], "https://www.northfieldacademy.org.uk/x\n")
    assert out == "safe\ttrust-domain\thttps://www.northfieldacademy.org.uk/x\n"


def test_bad_unknown_value() -> None:
    result = CliRunner().invoke(_app(), ["links", "-", "--unknown", "maybe"], input="x.com\n")
    assert result.exit_code != 0


def test_large_input_streams(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    with open(path, "w") as f:
        for i in range(5000):
            f.write(f"https://site{i}.example-bakery.co.uk/\n")
    out = run([str(path)])
    assert out.count("\n") == 5000


def test_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "links.yaml"
    path.write_text("links:\n  unknown: review\n  allow: [example-bakery.co.uk]\n")
    out = run(["-", "--settings", str(path)], "https://example-bakery.co.uk\nhttps://other.co.uk\n")
    assert out.splitlines() == [
        "safe\tallow-listed\thttps://example-bakery.co.uk",
        "review\tunknown-domain\thttps://other.co.uk",
    ]
