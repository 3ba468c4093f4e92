"""Names and personal data written inside photos, read by OCR (rapidocr, real models)."""

from __future__ import annotations

from typing import Any

import pytest

from postguard.content import Content, Image
from postguard.detectors.ocr import OcrDetector
from postguard.faces.engine import FaceEngine
from postguard.faces.gallery import MemoryGallery
from postguard.findings import Detection, Outcome
from postguard.images.ocr import OcrEngine
from postguard.roster.models import Roster

PRIYA = "B962401216114"  # demo trust pupil Priya Raghunathan
TOM = "R962401217107"  # demo trust pupil Thomas (Tom) Achterberg


def _ocr_findings(
    kit: Any, roster: Roster, engine: FaceEngine, ocr: OcrEngine, lines: list[str]
) -> tuple[list[Detection], Any, tuple[int, int]]:
    image = kit.certificate(lines)
    checker = kit.checker(roster, MemoryGallery(), engine, ocr)
    content = Content(
        text="Well done to all our award winners!", images=(Image(0, kit.png(image)),)
    )
    found = list(OcrDetector().detect(content, checker.context))
    return found, checker.check(content), image.size


def _assert_in_image(d: Detection, size: tuple[int, int], line_top: int) -> None:
    box = d.location.box
    assert d.location.image_index == 0 and box is not None
    assert d.location.start is None and d.location.end is None
    assert 0 <= box.x < size[0] and line_top - 30 <= box.y <= line_top + 40
    assert box.width > 0 and box.height > 0
    assert d.attributes["source"] == "ocr"


@pytest.mark.parametrize(
    "lines, upn, quote, line_top",
    [
        (
            ["Certificate of Achievement", "Awarded to Priya Raghunathan"],
            PRIYA,
            "Priya Raghunathan",
            290,
        ),
        (["Star of the Week", "Tom Achterberg", "Year 9"], TOM, "Tom Achterberg", 290),
    ],
)
def test_a_certificate_naming_a_pupil_is_blocked_with_the_box(
    kit: Any,
    demo_roster: Roster,
    engine: FaceEngine,
    ocr: OcrEngine,
    lines: list[str],
    upn: str,
    quote: str,
    line_top: int,
) -> None:
    found, verdict, size = _ocr_findings(kit, demo_roster, engine, ocr, lines)
    names = [d for d in found if d.kind == "pupil_name"]
    assert len(names) == 1
    assert names[0].quote == quote and names[0].subtype == "full_name"
    assert upn in {c.upn for c in names[0].candidates}
    _assert_in_image(names[0], size, line_top)
    assert verdict.outcome is Outcome.BLOCKED
    assert "S6-PUPIL-NAME-IN-IMAGE" in {f.rule_id for f in verdict.findings}


def test_a_phone_number_in_a_photo_is_personal_data(
    kit: Any, demo_roster: Roster, engine: FaceEngine, ocr: OcrEngine
) -> None:
    found, verdict, size = _ocr_findings(
        kit, demo_roster, engine, ocr, ["Lost property?", "Call 07700 900123"]
    )
    phones = [d for d in found if d.kind == "pii"]
    assert [d.subtype for d in phones] == ["phone"]
    _assert_in_image(phones[0], size, 290)
    assert "S7-PERSONAL-DATA-IN-IMAGE" in {f.rule_id for f in verdict.findings}


def test_a_certificate_without_a_pupil_name_passes(
    kit: Any, demo_roster: Roster, engine: FaceEngine, ocr: OcrEngine
) -> None:
    found, verdict, _ = _ocr_findings(
        kit, demo_roster, engine, ocr, ["Certificate of Achievement", "Reading Challenge 2026"]
    )
    assert found == []
    assert verdict.outcome is Outcome.PUBLISH
