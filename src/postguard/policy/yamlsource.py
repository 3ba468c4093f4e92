"""A YAML document read with the line of every field, and strict about repeated keys.

PyYAML quietly keeps the last of two equal keys in a mapping; a policy file
must not (two ``action:`` lines in one rule is a mistake, not a choice). The
line map lets every problem say where in the file it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from postguard.policy.errors import Problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlSource:
    """The parsed data, the 1-based line of each path, and any repeated keys."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    repeated: tuple[tuple[Path_, int], ...] = ()

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor present in the file."""
        for n in range(len(path), -1, -1):
            line = self.lines.get(path[:n])
            if line is not None:
                return line
        return None


def read_yaml(text: str) -> YamlSource:
    """Parse one YAML document; raise :class:`SyntaxProblem` when it is not valid YAML."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise SyntaxProblem(_syntax_problem(exc, text)) from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    repeated: list[tuple[Path_, int]] = []
    if node is not None:
        _walk(node, (), lines, repeated)
    return YamlSource(data, lines, tuple(repeated))


class SyntaxProblem(Exception):
    """The text is not one valid YAML document."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    line = start = None
    what = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
    if isinstance(exc, yaml.MarkedYAMLError):
        what = exc.problem or what
        if exc.context_mark is not None:
            start = exc.context_mark.line + 1
        if exc.context:
            since = f" (from line {start})" if start is not None else ""
            what = f"{exc.context}{since}: {what}"
        if exc.problem_mark is not None:
            line = exc.problem_mark.line + 1
    # A flow collection or a quoted scalar is broken where it starts (an unclosed
    # quote is only noticed at the end of the file); anything else where it is found.
    context = (exc.context or "") if isinstance(exc, yaml.MarkedYAMLError) else ""
    at = start if start is not None and ("flow" in context or "scalar" in context) else line
    where, key = ("policy", None) if at is None else _enclosing(text, at)
    return Problem(where, key, f"YAML syntax error: {what}", line=line)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_ITEM_ID = re.compile(r"^\s*-\s+id\s*:\s*['\"]?([^'\"\s#]+)")
_ANY_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_SECTIONS = {"rules": "rule", "clauses": "clause"}


def _enclosing(text: str, start: int) -> tuple[str, str | None]:
    """The rule or clause, and the field, where a broken construct starts (line ``start``).

    The text did not parse, so this is a line-based reading: the last ``- id:``
    under ``rules:`` or ``clauses:`` up to that line, and the last key.
    """
    lines = text.splitlines()[: max(start, 1)]
    top: str | None = None
    item: str | None = None
    for raw in lines:
        if m := _TOP_KEY.match(raw):
            top, item = m.group(1), None
        elif m := _ITEM_ID.match(raw):
            item = m.group(1)
    key = next((m.group(1) for raw in reversed(lines) if (m := _ANY_KEY.match(raw))), None)
    if top in _SECTIONS and item is not None:
        return f"{_SECTIONS[top]} {item}", key
    return "policy", key


def _walk(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], repeated: list[tuple[Path_, int]]
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                repeated.append((child, key_node.start_mark.line + 1))
                continue
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines, repeated)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, repeated)
