"""Score the comment classifier on a labelled ``comments.jsonl`` (the ``"comments"`` eval section).

Each comment has one gold label (the dataset's priority order already applied);
the classifier's label is its strongest applying label. Reported: per-label
precision, recall, F1 and counts, macro-F1 over the six labels, the confusion
matrix (rows gold, columns predicted), and how many ``ok`` comments would be
wrongly hidden. Misclassified comments are listed by id only: comments can
carry children's data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from postguard.content import comment
from postguard.detectors.base import DetectionContext
from postguard.evaluation.dataset import DatasetError
from postguard.language.classifier import classify_batch
from postguard.language.labels import ALL_LABELS, Label


@dataclass(frozen=True, slots=True)
class LabelledComment:
    id: str
    text: str
    label: str
    target: str | None


def load_comments(dataset_dir: Path) -> list[LabelledComment]:
    """Every labelled comment of ``dataset_dir/comments.jsonl``; a bad line fails with file:line."""
    path = dataset_dir / "comments.jsonl"
    if not path.is_file():
        raise DatasetError(f"{path.name}: not found in {dataset_dir}")
    valid = {label.value for label in ALL_LABELS}
    out: list[LabelledComment] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{line_no}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(raw, dict):
                raise DatasetError(f"{where}: each line must be a JSON object")
            for key in ("id", "text", "label"):
                if key not in raw:
                    raise DatasetError(f"{where}: missing field {key!r}")
            if not isinstance(raw["text"], str):
                raise DatasetError(f"{where}: field 'text' must be a string")
            if raw["label"] not in valid:
                raise DatasetError(f"{where}: label must be one of {sorted(valid)}")
            out.append(
                LabelledComment(str(raw["id"]), raw["text"], raw["label"], raw.get("target"))
            )
    return out


def _context(dataset_dir: Path, today: date | None) -> DetectionContext:
    """The roster and its name index when the dataset has one (personal data needs names)."""
    day = today or date.today()
    if not (dataset_dir / "pupils.csv").is_file():
        return DetectionContext(today=day)
    from postguard.roster.importer import load_roster
    from postguard.roster.index import RosterIndex

    roster = load_roster(dataset_dir)
    return DetectionContext(roster=roster, names=RosterIndex.build(roster, today=day), today=day)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def score_comments(
    dataset_dir: Path,
    *,
    context: DetectionContext | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Per-label precision/recall/F1, macro-F1, confusion matrix and the ok-wrongly-hidden rate."""
    items = load_comments(dataset_dir)
    ctx = context if context is not None else _context(dataset_dir, today)
    assessments = classify_batch([comment(c.text) for c in items], ctx)
    names = [label.value for label in ALL_LABELS]
    matrix = {g: dict.fromkeys(names, 0) for g in names}
    wrong: list[dict[str, str]] = []
    for item, a in zip(items, assessments, strict=True):
        predicted = a.label.value
        matrix[item.label][predicted] += 1
        if predicted != item.label:
            wrong.append({"id": item.id, "gold": item.label, "predicted": predicted})

    per_label: dict[str, dict[str, float | int]] = {}
    for name in names:
        tp = matrix[name][name]
        fp = sum(matrix[g][name] for g in names if g != name)
        fn = sum(matrix[name][p] for p in names if p != name)
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        per_label[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(_ratio(2 * p * r, p + r), 4),
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "support": tp + fn,
        }
    ok_total = sum(matrix[Label.OK.value].values())
    ok_hidden = ok_total - matrix[Label.OK.value][Label.OK.value]
    return {
        "n": len(items),
        "roster": ctx.names is not None,
        "labels": per_label,
        "macro_f1": round(sum(float(v["f1"]) for v in per_label.values()) / len(names), 4),
        "confusion": {"labels": names, "matrix": [[matrix[g][p] for p in names] for g in names]},
        "ok_wrongly_hidden": round(_ratio(ok_hidden, ok_total), 4),
        "ok_wrongly_hidden_count": ok_hidden,
        "safeguarding_recall": per_label[Label.SAFEGUARDING.value]["recall"],
        "misclassified": wrong,
    }
