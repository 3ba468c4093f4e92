"""Photos through the JSON API: base64 in, faces and per-photo errors out, one-call blur.

Photos are composed at test time from the deepface test portraits (adults), read
from ``../shared`` and never copied into the repository. Every face is unknown to
the web tests' empty gallery.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from postguard.images.metadata import read_metadata
from postguard.web.api_photos import MAX_TOTAL_PHOTO_BYTES
from postguard.web.middleware import MAX_API_BODY_BYTES
from postguard.web.schemas import CheckOut, RedactOut
from postguard.web.testing import blank_png, group_photo
from postguard.web.uploads import MAX_PHOTO_BYTES, MAX_PHOTOS

REPO = Path(__file__).resolve().parents[2]
FACES = REPO.parent / "shared" / "data" / "public" / "faces" / "deepface-test-faces"
SCHOOL = "Meadowbank Primary"
CAPTION = "Our reading champions this week!"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def sky(name: str = "sky.png") -> dict[str, str]:
    return {"filename": name, "data": b64(blank_png())}


def check(client: TestClient, photos: list[dict[str, str]], **extra: Any) -> tuple[int, Any]:
    body = {"text": CAPTION, "school": SCHOOL, "platform": "instagram", "photos": photos}
    response = client.post("/api/check", json=body | extra)
    return response.status_code, response.json()


def refusal(answer: dict[str, Any], loc: list[str | int]) -> str:
    """The one message of a 422 answer at ``loc`` (after ``body``)."""
    messages = [e["msg"] for e in answer["detail"] if e["loc"][1:] == loc]
    assert len(messages) == 1, answer
    return str(messages[0])


@pytest.fixture(scope="module")
def stranger() -> bytes:
    return group_photo([FACES / "img8.jpg"])


def test_an_unknown_face_is_reviewed_with_its_box(client: TestClient, stranger: bytes) -> None:
    status, answer = check(client, [{"filename": "class.jpg", "data": b64(stranger)}])
    assert status == 200
    CheckOut.model_validate(answer)  # extra="forbid": the shape is the schema's
    assert answer["outcome"] == "review"
    (face,) = answer["faces"]
    assert (face["image"], face["status"], face["upn"]) == (0, "unknown", None)
    x, y, w, h = face["box"]
    assert w > 20 and h > 20 and x >= 0 and y >= 0
    unknown = [f for f in answer["findings"] if f["rule_id"] == "S5-FACE-UNKNOWN"]
    assert unknown and unknown[0]["image_index"] == 0
    assert answer["photo_errors"] == []


def test_a_photo_the_checker_refuses_is_listed_by_name_and_reviewed(client: TestClient) -> None:
    status, answer = check(
        client, [sky(), {"filename": "banner.png", "data": b64(blank_png(12_001, 1))}]
    )
    assert (status, answer["outcome"], answer["faces"]) == (200, "review", [])
    (error,) = answer["photo_errors"]
    assert (error["image"], error["filename"]) == (1, "banner.png") and error["error"]
    assert "S5-PHOTO-UNCHECKED" in {f["rule_id"] for f in answer["findings"]}


def test_a_photo_with_no_face_passes_and_is_counted(client: TestClient) -> None:
    status, answer = check(client, [sky()], images=0)
    assert (status, answer["outcome"], answer["faces"], answer["photo_errors"]) == (
        200,
        "publish",
        [],
        [],
    )


def test_a_data_url_is_accepted(client: TestClient) -> None:
    status, answer = check(
        client, [{"filename": "s.png", "data": "data:image/png;base64," + b64(blank_png())}]
    )
    assert (status, answer["outcome"]) == (200, "publish")


TOO_BIG = "A" * (MAX_PHOTO_BYTES // 3 * 4 + 8)
BIG = b"\xff\xd8\xff" + bytes(14 * 1024 * 1024 - 3)  # a JPEG signature, 14 MB, nothing else


@pytest.mark.parametrize(
    "photos, loc, message",
    [
        (
            [sky(), {"filename": "x.jpg", "data": "not base64!"}],
            ["photos", 1],
            "x.jpg: data is not valid base64",
        ),
        (
            [{"filename": "big.jpg", "data": TOO_BIG}],
            ["photos", 0],
            "big.jpg is too big; the limit is 15 MB",
        ),
        ([{"filename": "empty.png", "data": ""}], ["photos", 0], "empty.png is empty."),
        (
            [{"filename": "notes.txt", "data": b64(b"hello there")}],
            ["photos", 0],
            "notes.txt is not a photo",
        ),
        ([sky()] * (MAX_PHOTOS + 1), ["photos"], f"at most {MAX_PHOTOS} items"),
        ([{"filename": "x.png"}], ["photos", 0, "data"], "Field required"),
        ([sky() | {"size": "1"}], ["photos", 0, "size"], "Extra inputs are not permitted"),
        (
            [{"filename": "cut.png", "data": b64(blank_png()[:-30])}],
            ["photos"],
            "cut.png is damaged or cut short",
        ),
    ],
)
def test_refused_photos_are_422_naming_the_photo(
    client: TestClient, photos: list[dict[str, str]], loc: list[str | int], message: str
) -> None:
    status, answer = check(client, photos)
    assert status == 422
    assert message in refusal(answer, loc)
    assert "hello" not in str(answer) and "AAAA" not in str(answer)  # the data is not echoed
    assert all("input" not in e for e in answer["detail"])


def test_photos_over_the_total_cap_are_refused_together(client: TestClient) -> None:
    count = MAX_TOTAL_PHOTO_BYTES // len(BIG) + 1  # each under the per-photo cap
    assert len(BIG) < MAX_PHOTO_BYTES
    photos = [{"filename": f"p{i}.jpg", "data": b64(BIG)} for i in range(count)]
    status, answer = check(client, photos)
    assert status == 422
    assert f"the limit is {MAX_TOTAL_PHOTO_BYTES // (1024 * 1024)} MB in all" in refusal(
        answer, ["photos"]
    )


@pytest.mark.parametrize("path, status", [("/api/fix", 413), ("/api/check", 422)])
def test_only_the_photo_calls_take_bodies_over_a_megabyte(
    client: TestClient, path: str, status: int
) -> None:
    body = b'{"text": "' + b"a" * MAX_API_BODY_BYTES + b'"}'
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status  # /api/check: too long a text, not too big a body


def test_a_count_only_check_still_works(client: TestClient) -> None:
    response = client.post("/api/check", json={"text": CAPTION, "images": 3, "school": SCHOOL})
    assert response.status_code == 200
    assert (response.json()["faces"], response.json()["photo_errors"]) == ([], [])


def test_redact_blurs_the_unknown_face_and_checks_again(
    client: TestClient, stranger: bytes
) -> None:
    body = {"photo": {"filename": "class.jpg", "data": b64(stranger)}, "school": SCHOOL}
    response = client.post("/api/redact", json=body)
    assert response.status_code == 200
    answer = RedactOut.model_validate(response.json())
    assert (answer.filename, answer.blurred) == ("class-blurred.jpg", 1)
    assert answer.check.outcome == "publish" and answer.check.faces == []
    blurred = base64.b64decode(answer.data)
    assert blurred != stranger and read_metadata(blurred) == []


@pytest.mark.parametrize(
    "faces, loc, message",
    [([3], ["faces"], "has 1 faces; no face 3"), ([-1], ["faces"], "none may be negative")],
)
def test_redact_refuses_faces_that_are_not_there(
    client: TestClient, stranger: bytes, faces: list[int], loc: list[str], message: str
) -> None:
    body = {"photo": {"filename": "class.jpg", "data": b64(stranger)}, "faces": faces}
    response = client.post("/api/redact", json=body)
    assert response.status_code == 422
    assert message in refusal(response.json(), loc)


def test_redact_needs_the_csrf_header(client: TestClient) -> None:
    del client.headers["X-CSRF-Token"]
    response = client.post("/api/redact", json={"photo": sky()})
    assert response.status_code == 403


def test_the_schema_describes_photos(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "photos" in schemas["CheckRequest"]["properties"]
    assert set(schemas["CheckOut"]["properties"]) >= {
        "outcome",
        "findings",
        "faces",
        "photo_errors",
    }
    assert schemas["FaceOut"]["additionalProperties"] is False
    assert "/api/redact" in client.get("/openapi.json").json()["paths"]
