"""Load a policy file strictly: every mistake is found at once and named precisely.

``load_policy()`` reads the bundled Cockburn MAT policy; ``load_policy(path)``
reads a trust's own copy. Nothing half-valid is ever returned: YAML syntax
errors, repeated keys, unknown or missing fields, wrong types, unknown clause,
detector or workflow ids, duplicate ids, bad detector parameters and content
kinds a detector cannot check all raise :class:`PolicyError`, whose message
has one line per problem naming the file, the rule or clause, and the field.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Collection
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from postguard.policy.checks import clause_problems, duplicate_problems, rule_problems
from postguard.policy.errors import PolicyError, Problem, field_path
from postguard.policy.models import Clause, Policy, PolicyMetadata, Rule
from postguard.policy.yamlsource import SyntaxProblem, YamlSource, read_yaml

__all__ = [
    "BUNDLED_POLICY",
    "SCHEMA",
    "PolicyError",
    "bundled_policy_path",
    "load_policy",
    "parse_policy",
]

BUNDLED_POLICY = "cockburn-mat-2021.yaml"
SCHEMA = 1
_LOADER_FIELDS = ("source", "digest")


def bundled_policy_path() -> Path:
    """The policy file shipped with PostGuard (the Cockburn MAT policy, September 2021)."""
    return Path(str(files("postguard.policy").joinpath("policies", BUNDLED_POLICY)))


def load_policy(path: Path | str | None = None) -> Policy:
    """Read and validate a policy file (``None``: the bundled policy)."""
    file = bundled_policy_path() if path is None else Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        problem = Problem("policy", None, f"cannot read file: {reason}")
        raise PolicyError(str(file), [problem]) from None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is fine
    except UnicodeDecodeError as exc:
        problem = Problem("policy", None, f"not UTF-8 text (byte {exc.start})")
        raise PolicyError(str(file), [problem]) from None
    return parse_policy(text, source=str(file), digest=hashlib.sha256(data).hexdigest())


def parse_policy(text: str, *, source: str = "<string>", digest: str | None = None) -> Policy:
    """Validate a policy given as YAML text; ``source`` names it in error messages."""
    if digest is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        doc = read_yaml(text)
    except SyntaxProblem as exc:
        raise PolicyError(source, [exc.problem]) from None
    parts = _Parts(doc, source, digest)
    policy = parts.build()
    if parts.problems:
        problems = [
            p if p.line is not None else p.with_line(doc.line(p.path)) for p in parts.problems
        ]
        problems.sort(key=lambda p: p.line or 0)
        raise PolicyError(source, problems)
    if policy is None:  # build() gives up only after recording a problem
        raise PolicyError(source, [Problem("policy", None, "could not be loaded")])
    return policy


class _Parts:
    """One pass over a parsed document, collecting every problem before giving up."""

    def __init__(self, doc: YamlSource, source: str, digest: str) -> None:
        self.doc = doc
        self.source = source
        self.digest = digest
        self.problems: list[Problem] = []

    def build(self) -> Policy | None:
        raw = self.doc.data
        for path, line in self.doc.repeated:
            where, field = _label(path, raw)
            self.problems.append(Problem(where, field, "this key is repeated", path, line))
        if not isinstance(raw, dict):
            self.problems.append(
                Problem("policy", None, "the file must be a YAML mapping (schema, id, clauses...)")
            )
            return None
        if "schema" in raw and raw["schema"] != SCHEMA:
            self.problems.append(
                Problem(
                    "policy",
                    "schema",
                    f"unsupported schema {raw['schema']!r}; this PostGuard reads schema {SCHEMA}",
                    ("schema",),
                )
            )
            return None

        header = {k: v for k, v in raw.items() if k not in ("clauses", "rules")}
        for key in _LOADER_FIELDS:
            if key in header:
                del header[key]
                self.problems.append(
                    Problem("policy", key, "set by the loader; remove it from the file", (key,))
                )
        header |= {"source": self.source, "digest": self.digest}
        self._validate(PolicyMetadata, header, (), "policy")

        clauses_raw = self._items(raw, "clauses", required=True)
        rules_raw = self._items(raw, "rules", required=False)
        clauses = [
            self._validate(Clause, item, ("clauses", i), None) for i, item in enumerate(clauses_raw)
        ]
        rules = [self._validate(Rule, item, ("rules", i), None) for i, item in enumerate(rules_raw)]

        clause_ids = [_raw_id(item) for item in clauses_raw]
        self.problems += duplicate_problems("clause", clause_ids)
        self.problems += duplicate_problems("rule", [_raw_id(item) for item in rules_raw])
        cited = _cited(rules_raw)
        for index, clause in enumerate(clauses):
            if isinstance(clause, Clause):
                self.problems += clause_problems(clause, cited, index)
        listed = isinstance(raw.get("clauses"), list)
        known = {i for i in clause_ids if isinstance(i, str)} if listed else None
        for index, rule in enumerate(rules):
            if isinstance(rule, Rule):
                self.problems += rule_problems(rule, known, index)
        if self.problems:
            return None
        try:
            return Policy.model_validate({**header, "clauses": clauses, "rules": rules})
        except ValidationError as exc:  # a check the passes above missed: still name it
            self.problems += _problems(exc, (), raw, PolicyMetadata)
            return None

    def _items(self, raw: dict[str, Any], key: str, *, required: bool) -> list[Any]:
        value = raw.get(key)
        if value is None:
            if required or key in raw:
                self.problems.append(Problem("policy", key, "missing: give a list", (key,)))
            return []
        if not isinstance(value, list):
            self.problems.append(Problem("policy", key, "must be a list", (key,)))
            return []
        if required and not value:
            self.problems.append(Problem("policy", key, "must list at least one", (key,)))
        return value

    def _validate(
        self, model: type[BaseModel], item: Any, path: tuple[str | int, ...], where: str | None
    ) -> BaseModel | None:
        if not isinstance(item, dict):
            label, _ = _label(path, self.doc.data)
            self.problems.append(Problem(where or label, None, "must be a mapping of fields", path))
            return None
        try:
            return model.model_validate(item)
        except ValidationError as exc:
            self.problems += _problems(exc, path, self.doc.data, model)
            return None


def _raw_id(item: Any) -> object:
    return item.get("id") if isinstance(item, dict) else None


def _cited(rules_raw: list[Any]) -> set[str]:
    cited: set[str] = set()
    for item in rules_raw:
        clauses = item.get("clauses") if isinstance(item, dict) else None
        if isinstance(clauses, list):
            cited.update(c for c in clauses if isinstance(c, str))
    return cited


def _label(path: tuple[str | int, ...], raw: Any) -> tuple[str, str | None]:
    """``("rules", 3, "select", "subtypes")`` -> ``("rule S7-PUPIL-NAME", "select.subtypes")``."""
    if len(path) >= 2 and path[0] in ("rules", "clauses") and isinstance(path[1], int):
        section = "rule" if path[0] == "rules" else "clause"
        items = raw.get(path[0]) if isinstance(raw, dict) else None
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
        item_id = _raw_id(item)
        name = item_id if isinstance(item_id, str) and item_id else f"#{path[1] + 1} (no id)"
        return f"{section} {name}", field_path(path[2:]) or None
    return "policy", field_path(path) or None


def _problems(
    exc: ValidationError, base: tuple[str | int, ...], raw: Any, model: type[BaseModel]
) -> list[Problem]:
    out: list[Problem] = []
    errors = exc.errors()
    for error in errors:
        if error["type"] == "too_short" and _has_item_errors(error, errors):
            continue  # "at least 1 item" after its items failed: the item errors say it
        path = (*base, *error["loc"])
        where, field = _label(path, raw)
        fields = _field_names(model) if len(error["loc"]) == 1 else ()
        out.append(Problem(where, field, _message(error, fields), path))
    return out


def _has_item_errors(error: ErrorDetails, errors: list[ErrorDetails]) -> bool:
    loc = tuple(error["loc"])
    return any(len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors)


def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    names = [info.alias or name for name, info in model.model_fields.items()]
    return tuple(n for n in names if n not in _LOADER_FIELDS)


def _message(error: ErrorDetails, fields: Collection[str]) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        bad = str(error["loc"][-1])
        close = difflib.get_close_matches(bad, list(fields), n=1)
        if close:
            return f"unknown field (did you mean '{close[0]}'?)"
        return f"unknown field (known: {', '.join(fields)})" if fields else "unknown field"
    if kind == "missing":
        return "missing (required)"
    message = error["msg"].removeprefix("Value error, ")
    if kind == "string_type" and isinstance(value, int | float | bool | date):
        return f"{message}: write it in quotes (YAML read {value!r})"
    scalar = isinstance(value, str | int | float | bool | date) and len(repr(value)) <= 60
    if scalar and kind != "value_error" and repr(value) not in message:
        message += f" (got {value!r})"
    return message
