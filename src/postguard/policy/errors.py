"""What goes wrong when a policy file loads: one :class:`Problem` per mistake.

Every problem names where it is (``rule S6-PUPIL-NAME-PHOTO``, ``clause S6`` or
``policy`` for the file's header) and the field, and the loader adds the file and
line, so a trust's IT team can fix its copy without reading code::

    policy.yaml: rule S6-PUPIL-NAME-PHOTO: field 'clauses': unknown clause 'S66' (line 212)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a policy file.

    ``where`` is ``rule <id>``, ``clause <id>`` or ``policy``; ``field`` is the
    dotted field path inside it (``select.subtypes[0]``) or ``None`` when the
    mistake is not in one field (a YAML syntax error). ``path`` is the location
    in the YAML document, used to find the line.
    """

    where: str
    field: str | None
    message: str
    path: tuple[str | int, ...] = ()
    line: int | None = None

    def with_line(self, line: int | None) -> Problem:
        return replace(self, line=line)

    def render(self, file: str | None = None) -> str:
        parts = [file] if file else []
        parts.append(self.where)
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ": ".join(parts) + f": {self.message}"
        if self.line is not None:
            text += f" (line {self.line})"
        return text


class PolicyError(Exception):
    """A policy file that cannot be used; ``problems`` lists every mistake found."""

    def __init__(self, file: str, problems: Iterable[Problem]) -> None:
        self.file = file
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.message)

    @property
    def messages(self) -> tuple[str, ...]:
        """One line per problem, each naming the file, the rule or clause, and the field."""
        return tuple(p.render(self.file) for p in self.problems)

    @property
    def message(self) -> str:
        return "\n".join(self.messages)

    def __str__(self) -> str:
        return self.message


def field_path(loc: Iterable[str | int]) -> str:
    """``("select", "subtypes", 0)`` -> ``select.subtypes[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
