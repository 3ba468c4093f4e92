"""The ``links`` settings section: validation, relative paths, and what it builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from postguard.detectors.links import judge_url
from postguard.links.settings import (
    LinkSettings,
    LinkSettingsError,
    build_links,
    load_link_settings,
)

YAML = """
links:
  unknown: review
  allow: [example-bakery.co.uk]
  disallow: [forms.gle]
  trust_domains: [stmarys.sch.uk]
  protected:
    - {name: kelbridgebank, domains: [kelbridgebank.co.uk]}
  lists:
    - {path: lists/hosts, format: hosts, category: malware}
  cache_dir: cache
  online: {enabled: false, max_hops: 3}
"""


@pytest.fixture()
def settings_file(tmp_path: Path) -> Path:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "hosts").write_text("0.0.0.0 listed-site.co.uk\n")
    path = tmp_path / "postguard-links.yaml"
    path.write_text(YAML)
    return path


@pytest.mark.parametrize(
    "url, verdict, reason",
    [
        ("https://example-bakery.co.uk/", "safe", "allow-listed"),
        ("https://www.stmarys.sch.uk/", "safe", "trust-domain"),
        ("https://kelbridgebank-secure.com/", "unsafe", "impersonation"),
        ("https://listed-site.co.uk/x", "unsafe", "listed:malware"),
        ("https://forms.gle/x", "review", "unknown-domain"),
        ("https://unheard-of.co.uk/", "review", "unknown-domain"),
    ],
)
def test_settings_build_the_policy(
    settings_file: Path, url: str, verdict: str, reason: str
) -> None:
    services = build_links(load_link_settings(settings_file))
    j = judge_url(url, services.policy)
    assert (j.verdict.value, reason in j.codes) == (verdict, True), j.codes


def test_relative_paths_follow_the_file(settings_file: Path) -> None:
    settings = load_link_settings(settings_file)
    assert settings.lists[0].path == settings_file.parent / "lists" / "hosts"
    assert settings.cache_dir == settings_file.parent / "cache"
    assert build_links(settings).follower() is None  # online is off


@pytest.mark.parametrize(
    "text, message",
    [
        ("links: {unknown: maybe}", "links.unknown"),
        ("links: {online: {max_hops: 9}}", "links.online.max_hops"),
        ("links: {lists: [{path: x, format: csv}]}", "links.lists.0.format"),
        ("links: {colour: blue}", "links.colour"),
        ("- just a list", "expected a mapping"),
    ],
)
def test_bad_settings_name_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(LinkSettingsError, match=message.replace(".", r"\.")):
        load_link_settings(path)


def test_defaults_are_offline() -> None:
    services = build_links(LinkSettings())
    assert services.follower() is None
    assert services.safe_browsing() is None
    assert services.lists is None
    assert services.policy.unknown == "safe"


def test_safe_browsing_key_is_secret() -> None:
    settings = LinkSettings.model_validate({"safe_browsing": {"api_key": "abc123"}})
    assert "abc123" not in repr(settings)
    assert build_links(settings).safe_browsing() is not None
