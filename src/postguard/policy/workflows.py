"""The workflows a clause may name when no detector carries it.

Some clauses are put into practice by people and records rather than by a
detector: an account approval, an acknowledgement, a safeguarding concern. A
clause names one of these workflow ids; the registry is explicit, so a typo in a
trust's policy file fails when it loads instead of leaving a clause unenforced.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

WORKFLOWS: Mapping[str, str] = MappingProxyType(
    {
        "policy_review": "the Board reviews the policy by its review date; "
        "`postguard policy status` says when it is overdue",
        "scope": "every rule carries a scope (trust-sanctioned or personal use) "
        "and the content kinds it applies to",
        "acknowledgements": "staff read and acknowledge the clause (with linked policies "
        "and per-platform checklists)",
        "concerns": "safeguarding concerns reported by staff or found in comments, "
        "routed to the DSL only",
        "accounts": "the register of trust accounts: owner, official email, SLT approval, "
        "Subject Leader notification, profile checks",
        "exceptions": "exception requests approved in advance by the Executive Headteacher, "
        "with an expiry",
        "moderation": "inappropriate comments hidden on the platform and reported to SLT",
        "photo_consent": "photos of children checked against the consent register before "
        "publishing; unknown faces fail closed",
    }
)


def workflow_description(workflow_id: str) -> str:
    """The one-line description of a workflow id (KeyError names the known ids)."""
    try:
        return WORKFLOWS[workflow_id]
    except KeyError:
        raise KeyError(
            f"unknown workflow {workflow_id!r} (known: {', '.join(WORKFLOWS)})"
        ) from None
