"""docs/links.md documents every bundled list entry, reason code and CLI option."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from postguard.cli.links import links_command
from postguard.detectors.links import brands
from postguard.detectors.links.policy import REVIEW_CATEGORIES, UNSAFE_CATEGORIES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "links.md").read_text(encoding="utf-8")
SRC = Path(__file__).resolve().parents[2] / "src" / "postguard"

ENTRIES = sorted(
    brands.ALLOW
    | brands.SHORTENERS
    | brands.REDIRECTORS
    | brands.FILE_SHARING
    | brands.FREE_HOSTING
    | brands.EXECUTABLE_EXTENSIONS
    | set(brands.CATEGORY_TLDS)
    | {p.label for p in brands.PROTECTED}
    | UNSAFE_CATEGORIES
    | REVIEW_CATEGORIES
)


@pytest.mark.parametrize("entry", ENTRIES)
def test_bundled_entry_is_documented(entry: str) -> None:
    assert f"`{entry}`" in DOC or f".{entry}`" in DOC, entry


def _reason_codes() -> set[str]:
    text = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*(SRC / "detectors" / "links").glob("*.py"), SRC / "links" / "online.py"]
    )
    codes = set(re.findall(r'Reason\(\s*f?"([a-z][a-z-]*:?)', text))
    codes |= set(re.findall(r'f"(safe-browsing:)\{', text))
    return codes


@pytest.mark.parametrize("code", sorted(_reason_codes()))
def test_reason_code_is_documented(code: str) -> None:
    assert f"`{code}" in DOC, code


@pytest.mark.parametrize(
    "option",
    sorted(
        "--" + name.replace("_", "-")
        for name in inspect.signature(links_command).parameters
        if name not in ("file", "as_json", "list_path")
    )
    + ["--json", "--list"],
)
def test_cli_option_is_documented(option: str) -> None:
    assert f"`{option}" in DOC, option


def test_reason_codes_found() -> None:
    assert {"shortener", "executable", "listed:", "safe-browsing:"} <= _reason_codes()
