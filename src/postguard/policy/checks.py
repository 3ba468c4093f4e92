"""Cross-checks between a policy's parts: the mistakes one field alone cannot show.

A rule must cite clauses that exist (once each), name a detector whose
``Params`` accept its ``params`` and which supports every content kind the rule
applies to, and select only subtypes the detector declares (when it declares
them). Every clause must be carried by a rule or name a workflow. Ids must be
unique. The loader runs these on the parts that parsed; ``Policy`` runs them
again on itself, so a policy built in code is held to the same standard.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from postguard.detectors.registry import DETECTORS
from postguard.policy.errors import Problem, field_path
from postguard.policy.workflows import WORKFLOWS

if TYPE_CHECKING:
    from postguard.detectors.base import Detector
    from postguard.policy.models import Clause, Rule


def duplicate_problems(section: Literal["rule", "clause"], ids: Sequence[object]) -> list[Problem]:
    """One problem for each repeat of an id; ``ids[i]`` is the id of item ``i`` (or junk)."""
    first: dict[str, int] = {}
    problems: list[Problem] = []
    plural = f"{section}s"
    for index, item_id in enumerate(ids):
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            problems.append(
                Problem(
                    where=f"{section} {item_id}",
                    field="id",
                    message=f"duplicate {section} id ({section} #{first[item_id] + 1} has it too)",
                    path=(plural, index, "id"),
                )
            )
        else:
            first[item_id] = index
    return problems


def rule_problems(rule: Rule, clause_ids: Collection[str] | None, index: int) -> list[Problem]:
    """What is wrong with ``rule`` given the policy's clause ids (it is item ``index``).

    ``clause_ids`` is ``None`` when the policy's clause list itself is unusable:
    the rule's citations are then not checked (that would only repeat the problem).
    """
    where = f"rule {rule.id}"
    path: tuple[str | int, ...] = ("rules", index)
    problems: list[Problem] = []

    def add(field: str, message: str, *loc: str | int) -> None:
        problems.append(Problem(where, field, message, path + (loc or (field,))))

    for i, clause_id in enumerate(rule.clauses):
        if clause_ids is not None and clause_id not in clause_ids:
            add("clauses", f"unknown clause {clause_id!r}", "clauses", i)
        elif clause_id in rule.clauses[:i]:
            add("clauses", f"clause {clause_id!r} is cited twice", "clauses", i)

    detector = DETECTORS.get(rule.detector)
    if detector is None:
        add("detector", f"unknown detector {rule.detector!r}")
        return problems

    try:
        detector.Params.model_validate(rule.params)
    except ValidationError as exc:
        for error in exc.errors():
            loc = ("params", *error["loc"])
            add(field_path(loc), _params_message(error["type"], error["msg"], detector), *loc)

    unsupported = [k for k in rule.applies_to if k not in detector.kinds]
    if unsupported:
        supported = ", ".join(sorted(k.value for k in detector.kinds))
        add(
            "applies_to",
            f"detector {detector.id!r} does not check {', '.join(k.value for k in unsupported)} "
            f"content (it checks: {supported})",
        )

    declared = getattr(detector, "subtypes", None)
    if rule.select is not None and rule.select.subtypes and isinstance(declared, Collection):
        for i, subtype in enumerate(rule.select.subtypes):
            if subtype not in declared:
                known = ", ".join(sorted(str(s) for s in declared))
                add(
                    "select.subtypes",
                    f"detector {detector.id!r} has no subtype {subtype!r} (it has: {known})",
                    "select",
                    "subtypes",
                    i,
                )
    return problems


def _params_message(error_type: str, message: str, detector: type[Detector]) -> str:
    if error_type == "extra_forbidden":
        known = ", ".join(detector.Params.model_fields)
        takes = f"its parameters: {known}" if known else "it takes no parameters"
        return f"detector {detector.id!r} has no such parameter ({takes})"
    return message.removeprefix("Value error, ")


def clause_problems(clause: Clause, cited: Collection[str], index: int) -> list[Problem]:
    """What is wrong with ``clause`` given the clause ids the rules cite."""
    if clause.id in cited or clause.workflow is not None:
        return []
    return [
        Problem(
            where=f"clause {clause.id}",
            field="workflow",
            message="no rule cites this clause and it names no workflow; "
            f"cite it from a rule or name a workflow ({', '.join(WORKFLOWS)})",
            path=("clauses", index),
        )
    ]


def policy_problems(clauses: Sequence[Clause], rules: Sequence[Rule]) -> list[Problem]:
    """Every cross-check over a whole policy's clauses and rules."""
    clause_ids = {c.id for c in clauses}
    cited = {clause_id for rule in rules for clause_id in rule.clauses}
    problems = duplicate_problems("clause", [c.id for c in clauses])
    problems += duplicate_problems("rule", [r.id for r in rules])
    for index, clause in enumerate(clauses):
        problems += clause_problems(clause, cited, index)
    for index, rule in enumerate(rules):
        problems += rule_problems(rule, clause_ids, index)
    return problems
