"""The PII detector on presidio-research's synthetic PII sentences (evaluation only).

Scores ``PiiDetector`` (no roster, no names index: the text alone) against the
gold spans of the types that map onto ours, and prints a markdown table of
per-type precision and recall:

| ours            | presidio gold                                                    |
|-----------------|------------------------------------------------------------------|
| email           | EMAIL_ADDRESS                                                    |
| phone           | PHONE_NUMBER                                                     |
| postal_address  | STREET_ADDRESS (synth_dataset_v2), ADDRESS (generated_small)     |
| postcode        | ZIP_CODE                                                         |
| date_of_birth   | DATE_TIME in a sample that speaks of a birth ("born", "DOB"...)  |

A detection counts as correct when it overlaps a gold span of the mapped type;
recall counts gold spans overlapped by a detection of our type. The last row
checks every detection (UPNs and ages too) against every gold span. The set is
US-centric and international (US/European phone formats, non-UK zip codes and
street layouts), while the detector is built for UK school posts, so the
"UK-shaped" rows score the gold spans written the UK way separately.

    .venv/bin/python bench/presidio_synth_pii.py [--data ../shared/data/public/presidio-synth-pii]
        [--file synth_dataset_v2.json] [--show 5]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from postguard.content import post
from postguard.detectors.base import DetectionContext
from postguard.detectors.pii import PiiDetector
from postguard.detectors.pii.postcodes import POSTCODE

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "public" / "presidio-synth-pii"
TODAY = date(2026, 11, 23)

GOLD_TYPES: dict[str, tuple[str, ...]] = {
    "email": ("EMAIL_ADDRESS",),
    "phone": ("PHONE_NUMBER",),
    "postal_address": ("STREET_ADDRESS", "ADDRESS"),
    "postcode": ("ZIP_CODE",),
    "date_of_birth": ("DATE_TIME",),
}
_BIRTH = re.compile(r"\b(?:born|birth|dob|d\.o\.b|birthday)\b", re.IGNORECASE)


def _uk_phone_shaped(value: str) -> bool:
    """Written like a UK mobile or landline: 07/02 and 11 digits, 01 and 10-11, or +44."""
    value = value.strip().replace("(0)", "")
    digits = re.sub(r"\D", "", value)
    if value.startswith("+44") or digits.startswith("0044"):
        digits = "0" + digits[4 if digits.startswith("0044") else 2 :]
    elif not digits.startswith("0") or digits.startswith("00"):
        return False
    if digits[:2] in ("07", "02"):
        return len(digits) == 11
    return digits[:2] == "01" and len(digits) in (10, 11)


_UK_POSTCODE = re.compile(rf"^{POSTCODE}$")
#: Every detection, of any of our types, against every gold span of any presidio type.
ANY = "any type (overlaps any gold PII span)"
UK_SHAPED: dict[str, Callable[[str], bool]] = {
    "phone": _uk_phone_shaped,
    "postcode": lambda v: bool(_UK_POSTCODE.match(v.strip())),
}


@dataclass
class TypeScore:
    gold: int = 0
    found_gold: int = 0
    detections: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.correct / self.detections if self.detections else None

    @property
    def recall(self) -> float | None:
        return self.found_gold / self.gold if self.gold else None


def _gold(sample: dict[str, Any], ours: str) -> list[tuple[int, int, str]]:
    spans = [
        (s["start_position"], s["end_position"], s["entity_value"])
        for s in sample["spans"]
        if s["entity_type"] in GOLD_TYPES[ours]
    ]
    if ours == "date_of_birth" and not _BIRTH.search(sample["full_text"]):
        return []
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(samples: list[dict[str, Any]]) -> tuple[dict[str, TypeScore], float]:
    detector = PiiDetector()
    context = DetectionContext(today=TODAY)
    rows = (
        {t: TypeScore() for t in GOLD_TYPES}
        | {f"{t} (UK-shaped gold)": TypeScore() for t in UK_SHAPED}
        | {ANY: TypeScore()}
    )
    elapsed = 0.0
    for sample in samples:
        text = sample["full_text"]
        t0 = time.perf_counter()
        found = detector.detect(post(text), context)
        elapsed += time.perf_counter() - t0
        every = rows[ANY]
        all_gold = [(s["start_position"], s["end_position"]) for s in sample["spans"]]
        for d in found:
            every.detections += 1
            span = (d.location.start or 0, d.location.end or 0)
            if any(_overlaps(span, g) for g in all_gold):
                every.correct += 1
            else:
                every.false_alarms.append(f"{d.subtype}: {d.quote!r} in {text[:80]!r}")
        for ours in GOLD_TYPES:
            gold = _gold(sample, ours)
            mine = [
                (d.location.start or 0, d.location.end or 0, d.quote)
                for d in found
                if d.subtype == ours
            ]
            row = rows[ours]
            row.gold += len(gold)
            row.detections += len(mine)
            for m in mine:
                if any(_overlaps(m[:2], g[:2]) for g in gold):
                    row.correct += 1
                else:
                    row.false_alarms.append(f"{m[2]!r} in {text[:80]!r}")
            for g in gold:
                if any(_overlaps(m[:2], g[:2]) for m in mine):
                    row.found_gold += 1
                else:
                    row.misses.append(repr(g[2]))
            if ours in UK_SHAPED:
                uk = rows[f"{ours} (UK-shaped gold)"]
                uk_gold = [g for g in gold if UK_SHAPED[ours](g[2])]
                uk.gold += len(uk_gold)
                uk.found_gold += sum(any(_overlaps(m[:2], g[:2]) for m in mine) for g in uk_gold)
    return rows, elapsed


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--file", default="synth_dataset_v2.json")
    ap.add_argument("--show", type=int, default=0, help="print N misses and false alarms per type")
    args = ap.parse_args()
    samples = json.loads((args.data / args.file).read_text(encoding="utf-8"))
    rows, elapsed = score(samples)
    print(f"{args.file}: {len(samples)} samples, {len(samples) / elapsed:,.0f} samples/s\n")
    print("| type | gold spans | detections | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for name, row in rows.items():
        gold = "-" if name == ANY else str(row.gold)
        detections = str(row.detections) if "UK-shaped" not in name else "-"
        precision = _pct(row.precision) if "UK-shaped" not in name else "-"
        recall = "-" if name == ANY else _pct(row.recall)
        print(f"| {name} | {gold} | {detections} | {precision} | {recall} |")
    if args.show:
        for name, row in rows.items():
            if "UK-shaped" in name:
                continue
            print(f"\n{name}: misses {row.misses[: args.show]}")
            print(f"{name}: false alarms {row.false_alarms[: args.show]}")


if __name__ == "__main__":
    main()
