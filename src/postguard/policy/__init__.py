"""The trust's social media policy as code: clauses, rules that cite them, a strict loader.

>>> policy = load_policy()              # the bundled Cockburn MAT policy
>>> str(policy.clause("S6").ref)
'S6 (No names with photographs of children)'
"""

from __future__ import annotations

from postguard.policy.errors import PolicyError, Problem
from postguard.policy.loader import (
    bundled_policy_path,
    load_policy,
    parse_policy,
)
from postguard.policy.models import (
    Clause,
    LinkedPolicy,
    Policy,
    PolicyMetadata,
    ReviewStatus,
    Rule,
    RuleSelect,
    VersionEntry,
)
from postguard.policy.workflows import WORKFLOWS

__all__ = [
    "WORKFLOWS",
    "Clause",
    "LinkedPolicy",
    "Policy",
    "PolicyError",
    "PolicyMetadata",
    "Problem",
    "ReviewStatus",
    "Rule",
    "RuleSelect",
    "VersionEntry",
    "bundled_policy_path",
    "load_policy",
    "parse_policy",
]
