"""Comments exported from a platform: CSV, Meta Graph API, X API v2, YouTube Data API (pure).

:func:`parse` reads one file into :class:`IncomingComment` values (id, author, text,
when posted) and nothing else: no database, no classifier. It is all or nothing: the
first malformed record raises :class:`CommentImportError` naming the file and the
line (CSV) or record (JSON), and nothing is returned.

Accepted shapes (``fmt``):

- ``csv``: a header row, then one comment per row. Header names are matched without
  case, spaces or dashes: id (``id``, ``comment_id``, ``platform_comment_id``), author
  (``author``, ``author_name``, ``author_handle``, ``from``, ``from_name``, ``user``,
  ``username``, ``name``), text (``text``, ``message``, ``comment``, ``body``,
  ``content``), created time (``created_time``, ``created_at``, ``created``,
  ``posted_at``, ``published_at``, ``date``, ``time``, ``timestamp``). ``id`` and
  ``text`` are required; the others may be left out.
- ``meta``: the Graph API's ``/{object-id}/comments`` edge: ``{"data": [{"id",
  "message", "from": {"name", "id"}, "created_time"}], "paging": ...}``; replies
  nested under ``"comments": {"data": [...]}`` are read too. A comment without a
  ``message`` (a photo or sticker) comes in with empty text.
- ``x``: X API v2 posts: ``{"data": [{"id", "text", "author_id", "created_at"}],
  "includes": {"users": [{"id", "name", "username"}]}}``; the author is ``@username``
  when the users are included, else the author id.
- ``youtube``: ``commentThreads.list``: ``{"items": [{"id", "snippet":
  {"topLevelComment": {"id", "snippet": {"textOriginal" / "textDisplay",
  "authorDisplayName", "publishedAt"}}}, "replies": {"comments": [...]}}]}`` (and
  ``comments.list`` items, whose ``snippet`` is the comment's own).
- ``auto``: CSV unless the file starts with ``{`` or ``[``; then the JSON's shape decides.

A JSON file may also hold a list of such documents (several pages of one export).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

FORMATS = ("csv", "meta", "x", "youtube")
MAX_TEXT = 20_000
MAX_ID = 200
MAX_AUTHOR = 200
MAX_RECORDS = 20_000

CSV_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "comment_id", "platform_comment_id", "commentid"),
    "author": (
        "author",
        "author_name",
        "author_handle",
        "from",
        "from_name",
        "user",
        "username",
        "name",
    ),
    "text": ("text", "message", "comment", "body", "content"),
    "created": (
        "created_time",
        "created_at",
        "created",
        "posted_at",
        "published_at",
        "date",
        "time",
        "timestamp",
    ),
}


class CommentImportError(ValueError):
    """The file cannot be imported; the message names the file and the line or record."""


@dataclass(frozen=True, slots=True)
class IncomingComment:
    """One comment as the platform gave it."""

    platform_id: str
    author: str
    text: str
    posted_at: datetime | None
    where: str
    """Where it was read: ``export.csv:4`` or ``export.json: record 3``."""


# -- values ------------------------------------------------------------------------

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_OFFSET_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_time(value: str) -> datetime:
    """An ISO 8601 time (``Z``, ``+0000`` and ``+00:00`` offsets; none means UTC) or
    ``DD/MM/YYYY[ HH:MM[:SS]]`` (UTC), as an aware UTC datetime. ValueError otherwise."""
    raw = value.strip()
    found = _UK_DATE.match(raw)
    if found:
        day, month, year, hour, minute, second = found.groups()
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=UTC,
        )
    iso = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
    iso = _OFFSET_NO_COLON.sub(r"\1:\2", iso) if "T" in iso or " " in iso else iso
    at = datetime.fromisoformat(iso)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _comment(
    where: str, ident: object, author: object, text: object, created: object
) -> IncomingComment:
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip():
        raise CommentImportError(f"{where}: no comment id")
    if len(ident.strip()) > MAX_ID:
        raise CommentImportError(f"{where}: the comment id is longer than {MAX_ID} characters")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise CommentImportError(f"{where}: the text is not a string")
    if len(text) > MAX_TEXT:
        raise CommentImportError(f"{where}: the text is longer than {MAX_TEXT:,} characters")
    if author is None:
        author = ""
    if not isinstance(author, str):
        raise CommentImportError(f"{where}: the author is not a string")
    posted: datetime | None = None
    if created not in (None, ""):
        if not isinstance(created, str):
            raise CommentImportError(f"{where}: the created time is not a string")
        try:
            posted = parse_time(created)
        except (ValueError, OverflowError):  # OverflowError: in UTC it leaves the calendar
            raise CommentImportError(
                f"{where}: the created time {created[:40]!r} is not a date and time "
                "(ISO 8601, or DD/MM/YYYY HH:MM)"
            ) from None
    return IncomingComment(
        ident.strip(), author.strip()[:MAX_AUTHOR], text.replace("\r\n", "\n"), posted, where
    )


# -- CSV -----------------------------------------------------------------------------


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))


def parse_csv(text: str, name: str) -> list[IncomingComment]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise CommentImportError(f"{name}:1: no header row (needs at least id and text)")
        keys = [_header_key(h) for h in header]
        columns: dict[str, int] = {}
        for field, names in CSV_COLUMNS.items():
            hits = [i for i, k in enumerate(keys) if k in names]
            if len(hits) > 1:
                both = ", ".join(header[i].strip() for i in hits)
                raise CommentImportError(f"{name}:1: columns {both} both give the {field}")
            if hits:
                columns[field] = hits[0]
        missing = [f for f in ("id", "text") if f not in columns]
        if missing:
            raise CommentImportError(
                f"{name}:1: no {' or '.join(missing)} column (accepted names: "
                + "; ".join(f"{f}: {', '.join(CSV_COLUMNS[f])}" for f in missing)
                + ")"
            )
        out: list[IncomingComment] = []
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise CommentImportError(
                    f"{name}:{line}: {len(row)} cells but the header has {len(header)} "
                    "(a comma inside a text needs the text in double quotes)"
                )

            def cell(field: str, row: list[str] = row) -> str | None:
                i = columns.get(field)
                return None if i is None or i >= len(row) else row[i]

            out.append(
                _comment(
                    f"{name}:{line}", cell("id"), cell("author"), cell("text"), cell("created")
                )
            )
            if len(out) > MAX_RECORDS:
                raise CommentImportError(f"{name}: more than {MAX_RECORDS:,} comments in one file")
        return out
    except csv.Error as exc:
        raise CommentImportError(f"{name}:{reader.line_num}: not valid CSV ({exc})") from None


# -- JSON shapes --------------------------------------------------------------------


def _list(doc: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise CommentImportError(f"{where.rstrip(':. ')}: {key!r} is not a list")
    return value


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise CommentImportError(f"{where}: not a JSON object")
    return value


def _meta(doc: Mapping[str, Any], name: str, page: str) -> Iterator[IncomingComment]:
    def walk(items: list[Any], path: str) -> Iterator[IncomingComment]:
        for i, raw in enumerate(items):
            where = f"{name}: record {path}[{i}]"
            item = _object(raw, where)
            author = item.get("from")
            if author is not None:
                author = _object(author, f"{where}.from").get("name")
            yield _comment(
                where, item.get("id"), author, item.get("message"), item.get("created_time")
            )
            replies = item.get("comments")
            if replies is not None:
                nested = _object(replies, f"{where}.comments")
                yield from walk(_list(nested, "data", where), f"{path}[{i}].comments.data")

    yield from walk(_list(doc, "data", f"{name}: {page}"), f"{page}data")


def _x(doc: Mapping[str, Any], name: str, page: str) -> Iterator[IncomingComment]:
    includes = doc.get("includes") or {}
    users: dict[str, str] = {}
    for raw in _list(_object(includes, f"{name}: {page}includes"), "users", f"{name}: {page}"):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            handle = raw.get("username")
            users[raw["id"]] = f"@{handle}" if isinstance(handle, str) else str(raw.get("name", ""))
    data = doc.get("data", [])
    items = [data] if isinstance(data, dict) else _list(doc, "data", f"{name}: {page}")
    for i, raw in enumerate(items):
        where = f"{name}: record {page}data[{i}]"
        item = _object(raw, where)
        author_id = item.get("author_id")
        author = users.get(author_id, author_id) if isinstance(author_id, str) else None
        yield _comment(where, item.get("id"), author, item.get("text"), item.get("created_at"))


_YOUTUBE_TAGS = re.compile(r"</?(?:a|b|i|s|span)\b[^>]*>", re.IGNORECASE)
_YOUTUBE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _youtube_text(snippet: Mapping[str, Any]) -> object:
    """``textOriginal`` as typed; else ``textDisplay`` with YouTube's own HTML taken out."""
    original = snippet.get("textOriginal")
    if original is not None:
        return original
    shown = snippet.get("textDisplay")
    if not isinstance(shown, str):
        return shown
    return html.unescape(_YOUTUBE_TAGS.sub("", _YOUTUBE_BREAK.sub("\n", shown)))


def _youtube_comment(raw: object, where: str, fallback_id: object = None) -> IncomingComment:
    item = _object(raw, where)
    snippet = _object(item.get("snippet"), f"{where}.snippet")
    return _comment(
        where,
        item.get("id", fallback_id),
        snippet.get("authorDisplayName"),
        _youtube_text(snippet),
        snippet.get("publishedAt"),
    )


def _youtube(doc: Mapping[str, Any], name: str, page: str) -> Iterator[IncomingComment]:
    for i, raw in enumerate(_list(doc, "items", f"{name}: {page}")):
        where = f"{name}: record {page}items[{i}]"
        item = _object(raw, where)
        snippet = _object(item.get("snippet"), f"{where}.snippet")
        if "topLevelComment" in snippet:
            yield _youtube_comment(
                snippet["topLevelComment"], f"{where}.snippet.topLevelComment", item.get("id")
            )
            replies = item.get("replies")
            if replies is not None:
                for j, reply in enumerate(
                    _list(_object(replies, f"{where}.replies"), "comments", where)
                ):
                    yield _youtube_comment(reply, f"{where}.replies.comments[{j}]")
        else:
            yield _youtube_comment(item, where)


_SHAPES: Mapping[str, Callable[[Mapping[str, Any], str, str], Iterator[IncomingComment]]] = {
    "meta": _meta,
    "x": _x,
    "youtube": _youtube,
}


def _guess(doc: Mapping[str, Any], name: str) -> str:
    if isinstance(doc.get("items"), list):
        return "youtube"
    data = doc.get("data")
    if isinstance(data, dict):
        return "x"
    if isinstance(data, list):
        if "includes" in doc or "meta" in doc and "paging" not in doc:
            return "x"
        first = next((d for d in data if isinstance(d, dict)), {})
        if {"text", "author_id", "created_at"} & set(first):
            return "x"
        return "meta"
    raise CommentImportError(
        f"{name}: not a known export: expected Meta or X ({{'data': [...]}}) "
        "or YouTube ({'items': [...]})"
    )


def parse_json(text: str, name: str, fmt: str = "auto") -> list[IncomingComment]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommentImportError(
            f"{name}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise CommentImportError(f"{name}: not an export: nested too deeply") from None
    pages = doc if isinstance(doc, list) else [doc]
    out: list[IncomingComment] = []
    for n, raw in enumerate(pages):
        prefix = f"[{n}]." if isinstance(doc, list) else ""
        page_doc = _object(raw, f"{name}: record [{n}]" if prefix else name)
        shape = _guess(page_doc, name) if fmt == "auto" else fmt
        try:
            out.extend(_SHAPES[shape](page_doc, name, prefix))
        except RecursionError:  # replies of replies, as deep as the JSON parser allows
            raise CommentImportError(f"{name}: replies nested too deeply") from None
        if len(out) > MAX_RECORDS:
            raise CommentImportError(f"{name}: more than {MAX_RECORDS:,} comments in one file")
    return out


def parse(data: bytes | str, name: str, fmt: str = "auto") -> list[IncomingComment]:
    """Every comment of an export file, in file order. Raises :class:`CommentImportError`."""
    if fmt != "auto" and fmt not in FORMATS:
        raise CommentImportError(
            f"{name}: unknown format {fmt!r}; known: auto, {', '.join(FORMATS)}"
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CommentImportError(f"{name}:{line}: not UTF-8 text") from None
    else:
        text = data
    if fmt == "csv":
        return parse_csv(text, name)
    if fmt == "auto" and not text.lstrip().startswith(("{", "[")):
        return parse_csv(text, name)
    return parse_json(text, name, fmt)
