"""Photos on the post checker: faces boxed in their status colour, blurred in one click.

Group photos are composed at test time from the deepface test portraits (adults),
read from ``../shared`` and never copied into the repository. Two of the three
people are enrolled in the test gallery for this module only: one as a pupil whose
parents refused social-media consent, one as a pupil with consent.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postguard.faces.gallery import Person, PersonKind
from postguard.images.metadata import read_metadata
from postguard.store import models as db
from postguard.web.database import WebDatabase
from postguard.web.photos import BlurError, blurred_name, parse_blur
from postguard.web.service import Service
from postguard.web.testing import blank_png, group_photo, kept_photos
from postguard.workflows.demo import DEMO_TRUST
from postguard.workflows.enrolment import enrol_pupil, withdraw

REPO = Path(__file__).resolve().parents[2]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
REFUSED = Person(PersonKind.PUPIL, "B962401216114")  # demo pupil: social media refused
CONSENTED = Person(PersonKind.PUPIL, "E962401219121")  # demo pupil: social media granted
SCHOOL = "Meadowbank Primary"
CAPTION = "Our reading champions this week!"


@pytest.fixture(scope="module")
def enrolled(service: Service, web_db: WebDatabase) -> Iterator[None]:
    """img1 enrolled as the refused pupil, img26 as the consented one (withdrawn afterwards)."""
    analyser = service.context.photos
    assert analyser is not None
    with web_db.writing() as s:
        trust = s.scalars(select(db.Trust.id).where(db.Trust.name == DEMO_TRUST)).one()
        for person, name in ((REFUSED, "img1.jpg"), (CONSENTED, "img26.jpg")):
            faces = analyser.faces((FACES / name).read_bytes()) or []
            assert len(faces) == 1 and faces[0].embedding is not None, name
            enrol_pupil(
                s, trust_id=trust, upn=person.id, embeddings=[faces[0].embedding], actor="test"
            )
    yield
    with web_db.writing() as s:
        for person in (REFUSED, CONSENTED):
            withdraw(s, trust_id=trust, upn=person.id, actor="test")


def submit(client: TestClient, **fields: object) -> tuple[int, str]:
    photos = fields.pop("photos", None)
    data = {"text": CAPTION, "school": SCHOOL, "platform": "instagram"} | fields
    files = [("photos", p) for p in photos] if isinstance(photos, list) else None
    response = client.post("/check", data=data, files=files)
    return response.status_code, response.text


def verdict(html: str) -> str:
    found = re.search(r'class="verdict verdict-(\w+)"', html)
    assert found
    return found.group(1)


def marks(html: str) -> list[tuple[str, str | None]]:
    """Each box drawn on the photos: (status, its finding number or None)."""
    return [
        (status, finding or None)
        for status, finding in re.findall(
            r'<g class="mark mark-(\w+)" data-status="\w+"(?: data-face="\d+")?'
            r'(?: data-finding="(\d+)")?>',
            html,
        )
    ]


def rules(html: str) -> list[str]:
    return re.findall(r'<span class="rule">rule <code>([\w-]+)</code>', html)


def test_refused_unknown_and_consented_faces_are_boxed_in_their_colours_then_blurred(
    client: TestClient, enrolled: None
) -> None:
    photo = group_photo([FACES / "img1.jpg", FACES / "img26.jpg", FACES / "img8.jpg"])
    status, html = submit(client, photos=[("team.jpg", photo, "image/jpeg")])
    assert (status, verdict(html)) == (200, "blocked")
    assert sorted(s for s, _ in marks(html)) == ["consented", "refused", "unknown"]
    numbered = dict(marks(html))
    assert numbered["consented"] is None  # a cleared face has no finding
    assert {"S5-FACE-REFUSED", "S5-FACE-UNKNOWN"} <= set(rules(html))
    refused_number = numbered["refused"]
    assert refused_number is not None
    assert f'id="finding-{refused_number}"' in html and 'href="#photo-1">in photo 1' in html
    assert "Blur 2 faces not cleared in photo 1" in html
    assert 'src="data:' not in html and 'href="data:image/jpeg;base64,' in html  # SVG preview

    status, html = submit(client, kept_photo=kept_photos(html)[0], blur="1")
    assert (status, verdict(html)) == (200, "publish")
    assert "Blurred 2 faces in photo 1 and removed its metadata" in html
    assert [s for s, _ in marks(html)] == ["consented"]  # the kept face stays visible
    assert not {"S5-FACE-REFUSED", "S5-FACE-UNKNOWN"} & set(rules(html))
    link = re.search(r'href="data:image/jpeg;base64,([^"]+)" download="team-blurred.jpg"', html)
    assert link, "the blurred photo can be downloaded"
    blurred = base64.b64decode(link.group(1))
    assert read_metadata(blurred) == []


def test_one_face_can_be_blurred_on_its_own(client: TestClient, enrolled: None) -> None:
    photo = group_photo([FACES / "img1.jpg", FACES / "img8.jpg"])
    _, html = submit(client, photos=[("two.jpg", photo, "image/jpeg")])
    faces = re.findall(r'data-status="(\w+)" data-face="(\d+)"', html)
    refused = next(n for s, n in faces if s == "refused")
    _, html = submit(client, kept_photo=kept_photos(html)[0], blur=f"1:{refused}")
    assert verdict(html) == "review"  # the unknown face still needs a person
    assert [s for s, _ in marks(html)] == ["unknown"]
    assert "Blurred 1 face in photo 1" in html


def test_a_file_the_checker_refuses_is_shown_by_name_and_reviewed(client: TestClient) -> None:
    too_wide = blank_png(12_001, 1)
    status, html = submit(client, photos=[("banner.png", too_wide, "image/png")])
    assert (status, verdict(html)) == (200, "review")
    assert "<strong>banner.png</strong> cannot be checked:" in html
    assert "S5-PHOTO-UNCHECKED" in rules(html)


def test_a_damaged_file_is_refused_by_name_before_checking(client: TestClient) -> None:
    truncated = blank_png()[:-30]
    status, html = submit(client, photos=[("broken.png", truncated, "image/png")])
    assert status == 422
    assert "broken.png is damaged or cut short: attach it again." in html


def test_a_photo_with_no_face_passes_and_shows_without_boxes(client: TestClient) -> None:
    status, html = submit(client, photos=[("sky.png", blank_png(), "image/png")])
    assert (status, verdict(html)) == (200, "publish")
    assert marks(html) == [] and "No faces found in this photo." in html


@pytest.mark.parametrize(
    "token, count, expected",
    [("1", 1, (0, None)), ("2:3", 2, (1, 3)), ("0", 1, None), ("3", 2, None), ("1:x", 1, None)],
)
def test_blur_buttons_name_a_photo_and_optionally_a_face(
    token: str, count: int, expected: tuple[int, int | None] | None
) -> None:
    if expected is None:
        with pytest.raises(BlurError):
            parse_blur(token, count)
    else:
        assert parse_blur(token, count) == expected


def test_a_stale_blur_button_is_refused_and_the_post_checked_again(client: TestClient) -> None:
    status, html = submit(client, photos=[("sky.png", blank_png(), "image/png")], blur="2")
    assert status == 409 and "That photo is no longer attached" in html


@pytest.mark.parametrize(
    "filename, fmt, expected",
    [
        ("team.jpg", "JPEG", "team-blurred.jpg"),
        ("team-blurred.jpg", "JPEG", "team-blurred.jpg"),
        ("IMG_0001.HEIC", "JPEG", "IMG_0001-blurred.jpg"),
        ("noext", "PNG", "noext-blurred.png"),
    ],
)
def test_blurred_copies_are_named_after_the_original(
    filename: str, fmt: str, expected: str
) -> None:
    assert blurred_name(filename, fmt) == expected
