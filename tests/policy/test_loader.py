"""The loader fails loudly and precisely: broken example policies, each with its problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field

from postguard.content import ContentKind
from postguard.detectors.base import DetectorParams
from postguard.detectors.registry import detector_class
from postguard.policy import PolicyError, bundled_policy_path, load_policy, parse_policy

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
MINIMAL = HERE / "valid" / "minimal.yaml"


def assert_problem(
    error: PolicyError, file: str, where: str, field: str | None, fragment: str, line: int | None
) -> None:
    """``error`` has a message naming ``file``, ``where`` (rule/clause id) and ``field``."""
    prefix = f"{file}: {where}: " + (f"field '{field}': " if field else "")
    matching = [m for m in error.messages if m.startswith(prefix) and fragment in m]
    assert matching, f"no message starting {prefix!r} with {fragment!r} in:\n{error}"
    if line is not None:
        assert matching[0].endswith(f"(line {line})"), matching[0]
    assert matching[0] in str(error)


def load_error(path: Path) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert info.value.file == str(path)
    return info.value


def minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


# file in broken/, where, field, fragment of the message, line
BROKEN_CASES = [
    (
        "unknown_field",
        "rule C2-COMMENT-ABUSE",
        "selct",
        "unknown field (did you mean 'select'?)",
        49,
    ),
    ("unknown_clause", "rule C1-NAME-PHOTO", "clauses", "unknown clause 'C66'", 36),
    ("unknown_detector", "rule C1-NAME-PHOTO", "detector", "unknown detector 'tarot'", 37),
    ("duplicate_rule_id", "rule C1-NAME-PHOTO", "id", "duplicate rule id (rule #1", 44),
    ("duplicate_clause_id", "clause C2", "id", "duplicate clause id (clause #2", 29),
    ("bad_params", "rule C2-COMMENT-ABUSE", "params.colour", "has no such parameter", 47),
    (
        "wrong_type",
        "rule C2-COMMENT-ABUSE",
        "select.min_score",
        "unable to parse string as a number (got 'high')",
        51,
    ),
    (
        "bad_action",
        "rule C1-NAME-PHOTO",
        "action",
        "'advise', 'review' or 'block' (got 'delete')",
        41,
    ),
    (
        "bad_scope",
        "rule C1-NAME-PHOTO",
        "scope[0]",
        "'sanctioned' or 'personal' (got 'public')",
        38,
    ),
    ("bad_images", "rule C1-NAME-PHOTO", "images", "'any', 'required' or 'none'", 40),
    (
        "bad_yaml",
        "rule C2-COMMENT-ABUSE",
        "applies_to",
        "YAML syntax error: while parsing a flow sequence (from line 48)",
        49,
    ),
    ("missing_clause_text", "clause C3", "text", "missing (required)", 29),
    ("missing_clauses", "policy", "clauses", "missing: give a list", None),
    ("unknown_workflow", "clause C3", "workflow", "unknown workflow 'paperwork'", 32),
    ("uncarried_clause", "clause C3", "workflow", "no rule cites this clause", 29),
    ("repeated_key", "rule C2-COMMENT-ABUSE", "action", "this key is repeated", 53),
    ("unquoted_version", "policy", "version", "write it in quotes (YAML read 2.1)", 5),
    ("unsupported_schema", "policy", "schema", "unsupported schema 2", 2),
    ("review_before_dated", "policy", "review_due", "must be after 'dated' (2024-09-01)", 8),
    ("version_not_in_table", "policy", "versions", "no row for the policy's version '2.2'", 9),
    ("empty_select", "rule C2-COMMENT-ABUSE", "select", "needs 'subtypes' or 'min_score'", 49),
    ("long_title", "clause C3", "title", "at most 60 characters", 31),
    ("loader_field", "policy", "source", "set by the loader", 7),
    ("rule_without_id", "rule #2 (no id)", "id", "missing (required)", 44),
]


def test_every_broken_file_has_a_case() -> None:
    files = {p.stem for p in BROKEN.glob("*.yaml")}
    assert files == {case[0] for case in BROKEN_CASES} | {"multiple_errors"}


def test_the_minimal_policy_loads() -> None:
    policy = load_policy(MINIMAL)
    assert (policy.id, policy.version) == ("example-trust", "2.1")
    assert [c.id for c in policy.clauses] == ["C1", "C2", "C3"]
    assert [r.id for r in policy.rules] == ["C1-NAME-PHOTO", "C2-COMMENT-ABUSE"]
    assert policy.source == str(MINIMAL)
    assert len(policy.digest) == 64


@pytest.mark.parametrize("name, where, field, fragment, line", BROKEN_CASES)
def test_broken_policy(
    name: str, where: str, field: str | None, fragment: str, line: int | None
) -> None:
    path = BROKEN / f"{name}.yaml"
    error = load_error(path)
    assert_problem(error, str(path), where, field, fragment, line)
    assert len(error.problems) == 1, str(error)


def test_every_problem_is_reported_together() -> None:
    path = BROKEN / "multiple_errors.yaml"
    error = load_error(path)
    file = str(path)
    assert_problem(error, file, "rule C1-NAME-PHOTO", "detector", "unknown detector 'tarot'", 37)
    assert_problem(error, file, "rule C2-COMMENT-ABUSE", "action", "(got 'hide')", 52)
    assert_problem(error, file, "clause C3", "titel", "did you mean 'title'?", 31)
    assert_problem(error, file, "clause C3", "title", "missing (required)", 29)
    assert len(error.problems) == 4
    assert [p.line for p in error.problems] == sorted(p.line or 0 for p in error.problems)


@pytest.mark.parametrize(
    "text, where, field, fragment",
    [
        ("", "policy", None, "must be a YAML mapping"),
        ("- just\n- a list\n", "policy", None, "must be a YAML mapping"),
        ("schema: 1\n---\nschema: 1\n", "policy", None, "expected a single document"),
        ("schema: 1\nclauses: C1\n", "policy", "clauses", "must be a list"),
        ("schema: 1\nclauses: []\n", "policy", "clauses", "must list at least one"),
        ("schema: 1\nclauses: [C1]\n", "clause #1 (no id)", None, "must be a mapping of fields"),
    ],
)
def test_malformed_documents(text: str, where: str, field: str | None, fragment: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="inline.yaml")
    assert_problem(info.value, "inline.yaml", where, field, fragment, None)


@pytest.mark.parametrize(
    "old, new, where, field, fragment, line",
    [
        (
            "    title: Privacy settings\n",
            '    title: "Privacy settings\n',
            "clause C3",
            "title",
            "while scanning a quoted scalar (from line 31)",
            54,
        ),
        (
            "    section: Personal use\n",
            "\tsection: Personal use\n",
            "clause C3",
            "section",
            "found character '\\t' that cannot start any token",
            30,
        ),
        (
            "      min_score: 0.5\n",
            "      min_score: 0.5\n     stray: 1\n",
            "rule C2-COMMENT-ABUSE",
            "stray",
            "expected <block end>",
            52,
        ),
        (
            "title: Example Trust Social Media Policy\n",
            "title: Example: Trust\n",
            "policy",
            "title",
            "mapping values are not allowed here",
            4,
        ),
    ],
)
def test_syntax_errors_name_the_rule_or_clause_and_field(
    old: str, new: str, where: str, field: str, fragment: str, line: int
) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(minimal_with(old, new), source="syntax.yaml")
    assert_problem(info.value, "syntax.yaml", where, field, fragment, line)
    assert len(info.value.problems) == 1


def test_unreadable_and_undecodable_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert_problem(load_error(missing), str(missing), "policy", None, "cannot read file", None)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert_problem(load_error(latin1), str(latin1), "policy", None, "not UTF-8 text", None)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes().replace(b"\n", b"\r\n"))
    assert load_policy(path).id == "example-trust"


def test_a_detector_that_cannot_check_a_content_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detector_class("comments"), "kinds", frozenset({ContentKind.COMMENT}))
    text = minimal_with("applies_to: [comment]", "applies_to: [comment, post]")
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="kinds.yaml")
    fragment = "detector 'comments' does not check post content (it checks: comment)"
    assert_problem(info.value, "kinds.yaml", "rule C2-COMMENT-ABUSE", "applies_to", fragment, 48)


def test_subtypes_are_checked_when_the_detector_declares_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cls = detector_class("comments")
    monkeypatch.setattr(cls, "subtypes", frozenset({"abusive", "profane"}), raising=False)
    assert parse_policy(MINIMAL.read_text(encoding="utf-8")).rules[1].select is not None
    text = minimal_with("subtypes: [abusive]", "subtypes: [abusive, abusve]")
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="sub.yaml")
    fragment = "detector 'comments' has no subtype 'abusve' (it has: abusive, profane)"
    where = "rule C2-COMMENT-ABUSE"
    assert_problem(info.value, "sub.yaml", where, "select.subtypes", fragment, 50)


class _ThresholdParams(DetectorParams):
    threshold: float = Field(default=0.8, ge=0.0, le=1.0)


@pytest.mark.parametrize(
    "params, expected",
    [
        ("{threshold: 0.5}", 0.5),
        ("{}", 0.8),
        ("{threshold: 2}", "field 'params.threshold': Input should be less than or equal to 1"),
        ("{threshold: lots}", "field 'params.threshold': Input should be a valid number"),
        ("{colour: blue}", "no such parameter (its parameters: threshold)"),
    ],
)
def test_params_are_validated_by_the_detector(
    monkeypatch: pytest.MonkeyPatch, params: str, expected: float | str
) -> None:
    monkeypatch.setattr(detector_class("names"), "Params", _ThresholdParams)
    text = minimal_with("    detector: names\n", f"    detector: names\n    params: {params}\n")
    if isinstance(expected, float):
        rule = parse_policy(text).rule("C1-NAME-PHOTO")
        built = rule.detector_params()
        assert isinstance(built, _ThresholdParams)
        assert built.threshold == expected
        return
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="params.yaml")
    assert any(m.startswith("params.yaml: rule C1-NAME-PHOTO: ") for m in info.value.messages)
    assert expected in str(info.value)


def test_parse_and_load_agree_on_the_bundled_policy() -> None:
    path = bundled_policy_path()
    text = path.read_text(encoding="utf-8")
    parsed = parse_policy(text, source=str(path))
    assert parsed == load_policy()
    assert parsed == load_policy(path)


MINIMAL_LINES = MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)


@settings(
    max_examples=150, derandomize=True, suppress_health_check=[HealthCheck.too_slow], deadline=None
)
@given(
    line=st.integers(0, len(MINIMAL_LINES) - 1),
    cut=st.integers(0, 80),
    junk=st.sampled_from(["", ":", "- ", "[", "{", "'", "\t", "  ", "x: y", "&a", "*a", "!!str"]),
)
def test_any_damage_is_a_policy_error_never_a_crash(line: int, cut: int, junk: str) -> None:
    lines = list(MINIMAL_LINES)
    lines[line] = lines[line][:cut] + junk + lines[line][cut:]
    try:
        policy = parse_policy("".join(lines), source="damaged.yaml")
    except PolicyError as exc:
        assert exc.problems
        assert all(m.startswith("damaged.yaml: ") for m in exc.messages)
    else:
        assert policy.clauses
