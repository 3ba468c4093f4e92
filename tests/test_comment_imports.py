"""Platform exports read into comments: CSV and the JSON of Meta, X and YouTube; all or nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from postguard.comment_imports import CommentImportError, parse, parse_time

WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def rows(found: list) -> list[tuple[str, str, str, datetime | None]]:  # type: ignore[type-arg]
    return [(c.platform_id, c.author, c.text, c.posted_at) for c in found]


@pytest.mark.parametrize(
    "header",
    [
        "id,author,text,created_time",
        "Comment ID,From,Message,Created At",
        "\ufeffcomment-id,username,body,posted_at",
    ],
)
def test_csv_with_any_accepted_header(header: str) -> None:
    text = f'{header}\n1,Ann,"Lovely, thanks",2026-11-20T09:30:00Z\n\n2,,"two\nlines",\n'
    assert rows(parse(text, "export.csv")) == [
        ("1", "Ann", "Lovely, thanks", WHEN),
        ("2", "", "two\nlines", None),
    ]


def test_csv_author_and_time_may_be_left_out() -> None:
    found = parse(b"id,text\nabc,Hello\n", "e.csv")
    assert rows(found) == [("abc", "", "Hello", None)] and found[0].where == "e.csv:2"


@pytest.mark.parametrize(
    "text, message",
    [
        ("author,created\nAnn,2026-11-20\n", "e.csv:1: no id or text column"),
        ("id,message,text\n1,a,b\n", "e.csv:1: columns message, text both give the text"),
        ("", "e.csv:1: no header row"),
        ("id,text\n1,ok\n,missing id\n", "e.csv:3: no comment id"),
        ("id,text,date\n1,ok,yesterday\n", "e.csv:2: the created time 'yesterday' is not a date"),
        ("id,text\n1,ok,extra\n", "e.csv:2: 3 cells but the header has 2"),
        ('id,text\n1,"never closed\n', "e.csv:2: not valid CSV"),
    ],
)
def test_a_malformed_csv_names_the_file_and_line_and_imports_nothing(
    text: str, message: str
) -> None:
    with pytest.raises(CommentImportError) as caught:
        parse(text, "e.csv", "csv")
    assert str(caught.value).startswith(message)


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(CommentImportError, match=r"^e.csv:2: not UTF-8"):
        parse(b"id,text\n1,caf\xe9\n", "e.csv")


META = {
    "data": [
        {
            "created_time": "2026-11-20T09:30:00+0000",
            "from": {"name": "Ann Parent", "id": "1001"},
            "message": "Well done everyone",
            "id": "555_1",
            "comments": {"data": [{"id": "555_2", "message": "Agreed!"}]},
        },
        {"id": "555_3", "created_time": "2026-11-20T09:30:00+0000"},
    ],
    "paging": {"cursors": {"before": "a", "after": "b"}},
}
X = {
    "data": [
        {
            "id": "19",
            "text": "Great match",
            "author_id": "7",
            "created_at": "2026-11-20T09:30:00.000Z",
        },
        {"id": "20", "text": "Who?", "author_id": "8"},
    ],
    "includes": {"users": [{"id": "7", "name": "Bob", "username": "bob_fan"}]},
    "meta": {"result_count": 2},
}
YOUTUBE = {
    "kind": "youtube#commentThreadListResponse",
    "items": [
        {
            "kind": "youtube#commentThread",
            "id": "thread1",
            "snippet": {
                "videoId": "v1",
                "topLevelComment": {
                    "kind": "youtube#comment",
                    "id": "yt1",
                    "snippet": {
                        "authorDisplayName": "Cat",
                        "textDisplay": 'Fish &amp; chips<br>after <a href="x">this</a>',
                        "publishedAt": "2026-11-20T09:30:00Z",
                    },
                },
            },
            "replies": {
                "comments": [
                    {
                        "id": "yt2",
                        "snippet": {
                            "authorDisplayName": "Dan",
                            "textOriginal": "<b>typed</b> as is",
                            "textDisplay": "ignored",
                        },
                    }
                ]
            },
        }
    ],
}


@pytest.mark.parametrize("fmt", ["auto", "meta"])
def test_meta_graph_comments_with_replies(fmt: str) -> None:
    assert rows(parse(json.dumps(META), "fb.json", fmt)) == [
        ("555_1", "Ann Parent", "Well done everyone", WHEN),
        ("555_2", "", "Agreed!", None),
        ("555_3", "", "", WHEN),  # a photo or sticker: no text, a person decides
    ]


@pytest.mark.parametrize("fmt", ["auto", "x"])
def test_x_posts_with_their_authors(fmt: str) -> None:
    assert rows(parse(json.dumps(X), "x.json", fmt)) == [
        ("19", "@bob_fan", "Great match", WHEN),
        ("20", "8", "Who?", None),
    ]


@pytest.mark.parametrize("fmt", ["auto", "youtube"])
def test_youtube_threads_and_replies(fmt: str) -> None:
    assert rows(parse(json.dumps(YOUTUBE), "yt.json", fmt)) == [
        ("yt1", "Cat", "Fish & chips\nafter this", WHEN),
        ("yt2", "Dan", "<b>typed</b> as is", None),
    ]


def test_several_pages_in_one_file() -> None:
    found = parse(json.dumps([META, {"data": [{"id": "9", "message": "more"}]}]), "fb.json")
    assert [c.platform_id for c in found] == ["555_1", "555_2", "555_3", "9"]
    assert found[-1].where == "fb.json: record [1].data[0]"


@pytest.mark.parametrize(
    "doc, fmt, message",
    [
        ('{"data": [', "auto", "fb.json:1: not valid JSON"),
        ({"data": [{"message": "no id"}]}, "meta", "fb.json: record data[0]: no comment id"),
        ({"data": [{"id": "1", "message": 5}]}, "meta", "fb.json: record data[0]: the text is not"),
        ({"data": "x"}, "meta", "fb.json: 'data' is not a list"),
        (
            {"items": [{"id": "t"}]},
            "youtube",
            "fb.json: record items[0].snippet: not a JSON object",
        ),
        ({"comments": []}, "auto", "fb.json: not a known export"),
        ([1], "auto", "fb.json: record [0]: not a JSON object"),
        (
            {"data": [{"id": "1", "text": "a", "created_at": "soon"}]},
            "x",
            "fb.json: record data[0]: the created time 'soon'",
        ),
    ],
)
def test_a_malformed_json_export_names_the_record(doc: object, fmt: str, message: str) -> None:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(CommentImportError) as caught:
        parse(text, "fb.json", fmt)
    assert str(caught.value).startswith(message)


def test_unknown_format_and_too_long_values_are_refused() -> None:
    with pytest.raises(CommentImportError, match="unknown format 'tiktok'"):
        parse("{}", "f.json", "tiktok")
    with pytest.raises(CommentImportError, match="longer than 20,000"):
        parse(f"id,text\n1,{'a' * 20_001}\n", "f.csv")
    with pytest.raises(CommentImportError, match="id is longer than 200"):
        parse(f"id,text\n{'9' * 201},a\n", "f.csv")


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-20T09:30:00Z",
        "2026-11-20T09:30:00+0000",
        "2026-11-20T10:30:00+01:00",
        "2026-11-20 09:30",
        "20/11/2026 09:30",
    ],
)
def test_times(value: str) -> None:
    assert parse_time(value) == WHEN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[" * 100_000, "nested too deeply"),
        ("{" + '"a":{' * 50_000, "nested too deeply"),
        (
            json.dumps(
                {"data": [{"id": "1", "message": "x", "created_time": "0001-01-01T00:30+01:00"}]}
            ),
            "is not a date and time",
        ),
        ("id,text,created_time\n1,x,9999-12-31T23:30:00-01:00\n", "is not a date and time"),
    ],
)
def test_a_file_nested_too_deeply_or_a_time_off_the_calendar_is_refused(
    data: str, message: str
) -> None:
    with pytest.raises(CommentImportError, match=message):
        parse(data.encode(), "export.json" if data.startswith(("[", "{")) else "export.csv")
