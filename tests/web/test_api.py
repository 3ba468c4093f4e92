"""The JSON API, /health and the OpenAPI schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from postguard.web.api_photos import for_viewer
from postguard.web.app import create_app
from postguard.web.cookies import SESSION_COOKIE, sign
from postguard.web.database import WebDatabase
from postguard.web.middleware import MAX_API_BODY_BYTES
from postguard.web.schemas import CheckOut, FixOut, PolicyOut
from postguard.web.service import MAX_TEXT_CHARS, Service

PUPIL_POST = "Well done Maisie Trelawney for finishing twenty books this term!"


def api_check(client: TestClient, **body: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/api/check", json=body)
    return response.status_code, response.json()


def error_message(answer: dict[str, Any], field: str) -> str:
    """The message FastAPI gives for ``field`` in a 422 answer."""
    messages = [e["msg"] for e in answer["detail"] if e["loc"][-1] == field]
    assert messages, f"no error for {field}: {answer}"
    return str(messages[0])


def test_health_needs_no_sign_in_and_reports_the_database(anonymous: TestClient) -> None:
    response = anonymous.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_health_is_503_when_the_database_is_unreachable(service: Service, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "x.sqlite3"
    db = WebDatabase.for_url(f"sqlite:///{missing}")
    missing.parent.rmdir()  # make_engine created it: now SQLite cannot open the file
    app = create_app(service.settings, service=service, database=db)
    with TestClient(app, cookies={SESSION_COOKIE: sign(service.settings.secret_key, "t")}) as c:
        response = c.get("/health")  # a session cookie too: finding its user fails, no matter
    assert (response.status_code, response.json()["database"]) == (503, "unreachable")


def test_check_returns_the_verdict_with_clauses(client: TestClient) -> None:
    status, answer = api_check(
        client, text=PUPIL_POST, images=1, school="Meadowbank Primary", platform="instagram"
    )
    assert status == 200
    CheckOut.model_validate(answer)  # extra="forbid": the shape matches Verdict.to_dict
    assert answer["outcome"] == "blocked"
    (finding,) = answer["findings"]
    assert finding["rule_id"] == "S6-PUPIL-NAME-PHOTO"
    assert finding["clauses"][0]["cite"] == "S6 (No names with photographs of children)"
    assert PUPIL_POST[finding["start"] : finding["end"]] == finding["quote"] == "Maisie Trelawney"


def test_check_matches_the_checker(client: TestClient) -> None:

    service: Service = client.app.state.service  # type: ignore[attr-defined]
    text = "Call Maisie's mum on 07700 900123 or see https://bit.ly/x1"
    _, answer = api_check(client, text=text, school="Meadowbank Primary")
    expected = service.check(text, school="Meadowbank Primary").to_dict()
    # A teacher learns a pupil is named and what to do, not which pupil (no roster.view).
    shown = for_viewer(expected, False, text_findings=True)
    assert answer == shown | {"faces": [], "photo_errors": []}
    assert any(f["kind"] == "pupil_name" for f in answer["findings"])
    assert not re.search(r"\b[A-Z]\d{11}[0-9A-Z]\b", json.dumps(answer))


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"text": ""}, "text", "text is empty: give the text of the post to check"),
        ({"text": "  \n "}, "text", "text is empty"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "text", f"the limit is {MAX_TEXT_CHARS:,}"),
        ({}, "text", "Field required"),
        ({"text": "hi", "images": -1}, "images", "greater than or equal to 0"),
        ({"text": "hi", "kind": "tweet"}, "kind", "'post', 'comment' or 'profile'"),
        ({"text": "hi", "school": "Hogwarts"}, "school", "unknown school 'Hogwarts'"),
        ({"text": "hi", "platform": "myspace"}, "platform", "unknown platform 'myspace'"),
        ({"text": "hi", "colour": "red"}, "colour", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_is_422_with_a_clear_message(
    client: TestClient, body: dict[str, Any], field: str, message: str
) -> None:
    status, answer = api_check(client, **body)
    assert status == 422
    assert message in error_message(answer, field)
    assert not error_message(answer, field).startswith("Value error")
    assert all("input" not in e for e in answer["detail"])  # the text is not echoed back


def test_comment_kind_runs_comment_rules(client: TestClient) -> None:
    _, answer = api_check(
        client, text="You are a useless idiot and should be sacked", kind="comment"
    )
    assert answer["outcome"] == "blocked"
    assert {f["rule_id"] for f in answer["findings"]} <= {"S9-COMMENT-ABUSE", "P2-P3-SAFEGUARDING"}


def test_oversized_body_is_413(client: TestClient) -> None:
    response = client.post(
        "/api/fix",
        content=b'{"text": "' + b"a" * MAX_API_BODY_BYTES + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "finding, expected_text, applied, outcome",
    [
        (None, "A Year 6 pupil's mum: call on.", [1, 2], "publish"),
        (2, "Maisie Trelawney's mum: call on.", [2], "blocked"),
    ],
)
def test_fix(
    client: TestClient,
    finding: int | None,
    expected_text: str,
    applied: list[int],
    outcome: str,
) -> None:
    body = {"text": "Maisie Trelawney's mum: call on 07700 900123.", "finding": finding}
    response = client.post("/api/fix", json=body)
    assert response.status_code == 200
    answer = FixOut.model_validate(response.json())
    assert (answer.text, answer.applied, answer.verdict.outcome) == (
        expected_text,
        applied,
        outcome,
    )


def test_fix_of_a_finding_that_does_not_exist(client: TestClient) -> None:
    response = client.post("/api/fix", json={"text": PUPIL_POST, "finding": 5})
    assert response.status_code == 422
    assert "there are 1 findings; no 5" in error_message(response.json(), "finding")


def test_policy(client: TestClient) -> None:
    answer = PolicyOut.model_validate(client.get("/api/policy").json())
    assert answer.review.overdue and answer.review.due.isoformat() == "2022-09-01"
    s6 = next(c for c in answer.clauses if c.id == "S6")
    assert s6.cite == "S6 (No names with photographs of children)"
    assert "S6-PUPIL-NAME-PHOTO" in s6.rules
    s9 = next(c for c in answer.clauses if c.id == "S9")
    assert s9.workflow == "moderation" and s9.workflow_description


def test_openapi_schema_describes_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/check", "/api/fix", "/api/policy", "/health"} <= set(schema["paths"])
    assert "/check" not in schema["paths"]  # pages are not API
    check = schema["paths"]["/api/check"]["post"]
    assert check["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "CheckRequest"
    )
    assert schema["components"]["schemas"]["CheckRequest"]["properties"]["text"]["maxLength"] == (
        MAX_TEXT_CHARS
    )


def test_api_errors_are_json(client: TestClient) -> None:
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
