"""Consistency of the bundled Cockburn MAT policy with its source document (DESIGN style 5).

Every clause id of CLAUSES.md is present with its text verbatim from the policy
document; every bullet of the document is carried by some clause; every rule
cites clauses and a detector that exist; every clause is carried by a rule or a
named workflow; the rules the checker and eval rely on keep their shape.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from postguard.content import ContentKind, Scope
from postguard.detectors.registry import DETECTORS
from postguard.findings import Action
from postguard.policy import WORKFLOWS, Clause, Policy, load_policy
from postguard.policy.models import TITLE_MAX

REPO = Path(__file__).resolve().parents[2]
POLICY_DIR = REPO.parent / "shared" / "policy"
DOCUMENT = POLICY_DIR / "cockburn-mat-social-media-policy-2021.txt"
CLAUSES_MD = POLICY_DIR / "CLAUSES.md"
ELISION = "[...]"

POLICY = load_policy()


def normalise(text: str) -> str:
    return " ".join(text.split())


def document_text() -> str:
    assert DOCUMENT.is_file(), f"policy document not found at {DOCUMENT}"
    return normalise(DOCUMENT.read_text(encoding="utf-8"))


def clause_ids_in_clauses_md() -> list[str]:
    assert CLAUSES_MD.is_file(), f"clause list not found at {CLAUSES_MD}"
    rows = re.findall(r"^\| ([MPS]\d+) \|", CLAUSES_MD.read_text(encoding="utf-8"), re.M)
    return rows


def pieces(clause: Clause) -> list[str]:
    """A clause's verbatim passages (``[...]`` marks words left out)."""
    return [normalise(p) for p in clause.text.split(ELISION)]


def test_the_bundled_policy_is_clauses_md_exactly() -> None:
    ids = clause_ids_in_clauses_md()
    assert len(ids) == 23
    assert list(POLICY.clause_ids) == ids


@pytest.mark.parametrize("clause", POLICY.clauses, ids=lambda c: c.id)
def test_clause_text_is_verbatim_from_the_document(clause: Clause) -> None:
    doc = document_text()
    position = 0
    for piece in pieces(clause):
        assert piece, f"clause {clause.id}: an empty passage around {ELISION}"
        found = doc.find(piece, position)
        assert found >= 0, f"clause {clause.id}: not verbatim in the document: {piece[:70]!r}"
        position = found + len(piece)


def test_clauses_follow_the_document_order() -> None:
    doc = document_text()
    starts = [doc.find(pieces(c)[0]) for c in POLICY.clauses]
    assert starts == sorted(starts)


def document_bullets() -> list[str]:
    text = DOCUMENT.read_text(encoding="utf-8")
    rules_part = text[text.index("PERSONAL USE OF SOCIAL MEDIA") :]
    return [normalise(line[2:]) for line in rules_part.splitlines() if line.startswith("- ")]


def test_every_bullet_of_the_document_is_carried_by_clauses() -> None:
    bullets = document_bullets()
    assert len(bullets) == 17
    all_pieces = [p for c in POLICY.clauses for p in pieces(c)]
    for bullet in bullets:
        covered = [False] * len(bullet)
        for piece in all_pieces:
            at = bullet.find(piece)
            if at >= 0:
                covered[at : at + len(piece)] = [True] * len(piece)
        missing = "".join(ch for ch, c in zip(bullet, covered, strict=True) if not c)
        letters = re.sub(r"[^A-Za-z]", "", missing)
        assert letters in ("", "or"), f"not in any clause: {missing!r} of {bullet[:60]!r}"


@pytest.mark.parametrize("clause", POLICY.clauses, ids=lambda c: c.id)
def test_clause_is_carried_by_a_rule_or_a_named_workflow(clause: Clause) -> None:
    assert POLICY.rules_for(clause.id) or clause.workflow in WORKFLOWS
    assert clause.workflow is None or clause.workflow in WORKFLOWS
    assert 0 < len(clause.title) <= TITLE_MAX


def test_every_rule_cites_clauses_and_a_detector_that_exist() -> None:
    for rule in POLICY.rules:
        assert rule.clauses
        assert set(rule.clauses) <= set(POLICY.clause_ids), rule.id
        assert rule.detector in DETECTORS, rule.id
        assert set(rule.applies_to) <= DETECTORS[rule.detector].kinds, rule.id
        rule.detector_params()


NAMES_FULL = ("full_name", "handle", "family")
NAMES_PART = ("forename", "surname", "initial")
PII = (
    "phone",
    "email",
    "postal_address",
    "postcode",
    "date_of_birth",
    "upn",
    "age_with_name",
    "location",
)
ALL_SCOPES = (Scope.SANCTIONED, Scope.PERSONAL)
SANCTIONED = (Scope.SANCTIONED,)
P, C, PR = ContentKind.POST, ContentKind.COMMENT, ContentKind.PROFILE

# id, detector, clauses, applies_to, scope, images, subtypes, action
RULES = [
    ("S6-PUPIL-NAME-PHOTO", "names", ("S6", "S7"), (P,), SANCTIONED, "required", None, "block"),
    ("S7-PUPIL-FULL-NAME", "names", ("S7",), (P, C, PR), ALL_SCOPES, "none", NAMES_FULL, "block"),
    ("S7-PUPIL-NAME", "names", ("S7",), (P,), ALL_SCOPES, "none", NAMES_PART, "review"),
    ("S7-PERSONAL-DATA", "pii", ("S7",), (P, C, PR), ALL_SCOPES, "any", PII, "block"),
    ("S5-FACE-REFUSED", "faces", ("S5",), (P,), ALL_SCOPES, "any", ("refused",), "block"),
    ("S5-FACE-UNKNOWN", "faces", ("S5",), (P,), ALL_SCOPES, "any", ("unknown",), "review"),
    ("S5-PHOTO-UNCHECKED", "faces", ("S5",), (P,), ALL_SCOPES, "any", ("unreadable", "unchecked"),
     "review"),
    ("S6-PUPIL-NAME-IN-IMAGE", "ocr", ("S6", "S7"), (P,), ALL_SCOPES, "any",
     NAMES_FULL + NAMES_PART, "block"),
    ("S7-PERSONAL-DATA-IN-IMAGE", "ocr", ("S7",), (P,), ALL_SCOPES, "any", PII, "block"),
    ("S7-PHOTO-LOCATION", "photo_metadata", ("S7",), (P,), ALL_SCOPES, "any", ("location",),
     "block"),
    ("S7-PHOTO-METADATA", "photo_metadata", ("S7",), (P,), ALL_SCOPES, "any", ("identifying",),
     "review"),
    ("S8-LINK-UNSAFE", "links", ("S8",), (P, C, PR), ALL_SCOPES, "any", ("unsafe",), "block"),
    ("S8-LINK-REVIEW", "links", ("S8",), (P, C, PR), ALL_SCOPES, "any", ("review",), "review"),
    ("S4-UNPROFESSIONAL", "unprofessional", ("S4", "P7", "P8"), (P,), SANCTIONED, "any", None,
     "review"),
    ("P7-P8-PERSONAL", "unprofessional", ("P7", "P8"), (P,), (Scope.PERSONAL,), "any", None,
     "advise"),
    ("S9-COMMENT-ABUSE", "comments", ("S9",), (C,), ALL_SCOPES, "any",
     ("abusive", "profane", "spam", "personal_data"), "block"),
    ("P2-P3-SAFEGUARDING", "comments", ("P2", "P3", "S9"), (C,), ALL_SCOPES, "any",
     ("safeguarding",), "block"),
]  # fmt: skip


def test_the_rule_set_is_exactly_the_table() -> None:
    assert [r.id for r in POLICY.rules] == [row[0] for row in RULES]


@pytest.mark.parametrize(
    "rule_id, detector, clauses, applies_to, scope, images, subtypes, action", RULES
)
def test_rule_shape(
    rule_id: str,
    detector: str,
    clauses: tuple[str, ...],
    applies_to: tuple[ContentKind, ...],
    scope: tuple[Scope, ...],
    images: str,
    subtypes: tuple[str, ...] | None,
    action: str,
) -> None:
    rule = POLICY.rule(rule_id)
    assert rule.detector == detector
    assert rule.clauses == clauses
    assert rule.applies_to == applies_to
    assert rule.scope == scope
    assert rule.images == images
    assert (rule.select.subtypes if rule.select else None) == subtypes
    assert rule.action == Action(action)
    assert rule.params == {}
    assert rule.description


@pytest.mark.parametrize(
    "clause_id, workflow",
    [
        ("M1", "policy_review"),
        ("M2", "scope"),
        ("M3", "acknowledgements"),
        ("P1", "acknowledgements"),
        ("P2", "concerns"),
        ("P3", "concerns"),
        ("P4", "acknowledgements"),
        ("P5", "accounts"),
        ("P6", "exceptions"),
        ("P7", None),
        ("P8", None),
        ("P9", "acknowledgements"),
        ("S1", "accounts"),
        ("S2", "accounts"),
        ("S3", "accounts"),
        ("S4", None),
        ("S5", "photo_consent"),
        ("S6", None),
        ("S7", None),
        ("S8", None),
        ("S9", "moderation"),
        ("S10", "accounts"),
        ("S11", "accounts"),
    ],
)
def test_clause_workflow(clause_id: str, workflow: str | None) -> None:
    assert POLICY.clause(clause_id).workflow == workflow


def test_metadata_follows_the_front_matter() -> None:
    policy: Policy = POLICY
    assert policy.owner == "The Board"
    assert policy.dated == date(2021, 9, 1)
    assert policy.review_due == date(2022, 9, 1)
    assert policy.version == "1.0"
    assert [(v.version, v.date) for v in policy.versions] == [("1.0", date(2021, 9, 1))]
    assert policy.schema_version == 1


def test_linked_policies_are_those_of_clause_m3() -> None:
    titles = {p.title for p in POLICY.linked_policies}
    assert titles == {
        "Equalities Policy",
        "Safeguarding Policy",
        "IT Acceptable Use Policy",
        "Copyright legislation",
        "Data protection legislation",
        "Freedom of Information legislation",
        "Safeguarding Vulnerable Groups Act 2006",
    }
    m3 = POLICY.clause("M3").text
    for word in ("Equalities", "Safeguarding", "IT Acceptable Use", "copyright", "Freedom of"):
        assert word in m3
