"""Score the comment classifier on the two author-written development sets (issue #5).

    .venv/bin/python bench/comments_dev_sets.py [--show]

tests/data/comments_benign_dev.jsonl (ordinary comments, all ``ok``) and
tests/data/comments_concern_dev.jsonl (safeguarding comments). Prints the share of
benign comments referred to the DSL and hidden, the safeguarding recall, and which
evidence (phrase rules, cue combinations, the concern model) fired. ``--show``
lists the mistakes.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from postguard.language.classifier import classify_texts
from postguard.language.labels import Label

REPO = Path(__file__).resolve().parents[1]
BENIGN = REPO / "tests" / "data" / "comments_benign_dev.jsonl"
CONCERN = REPO / "tests" / "data" / "comments_concern_dev.jsonl"


def _texts(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    benign = _texts(BENIGN)
    concern = _texts(CONCERN)
    b = classify_texts(benign)
    c = classify_texts(concern)
    referred = [a for a in b if Label.SAFEGUARDING in a.labels]
    hidden = [a for a in b if a.labels]
    caught = [a for a in c if Label.SAFEGUARDING in a.labels]
    sources: Counter[str] = Counter()
    for a in referred + caught:
        ev = a.evidence[Label.SAFEGUARDING]
        kind = "benign" if a in referred else "concern"
        sources[f"{kind}:{'+'.join(sorted({r.split('.')[0] for r in ev.rules}))}"] += 1
    out = {
        "benign": len(b),
        "benign_referred": len(referred),
        "benign_referred_rate": round(len(referred) / len(b), 4),
        "benign_hidden": len(hidden),
        "concern": len(c),
        "safeguarding_recall": round(len(caught) / len(c), 4),
        "evidence": dict(sorted(sources.items())),
    }
    print(json.dumps(out, indent=2))
    if args.show:
        for a in hidden:
            ev = a.evidence[a.label]
            print(f"HIDDEN  {a.label.value:13} {a.scores[a.label.value]:.2f} {ev.rules} {a.text!r}")
        for a in c:
            if Label.SAFEGUARDING not in a.labels:
                print(f"MISSED  {a.label.value:13} {a.scores['safeguarding']:.2f} {a.text!r}")


if __name__ == "__main__":
    main()
