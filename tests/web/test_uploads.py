"""Photos recognised by their signature; other files and oversized ones refused by name."""

from __future__ import annotations

import pytest

from postguard.web.uploads import MAX_PHOTO_BYTES, PhotoError, human_size, photo, sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


@pytest.mark.parametrize(
    "head, expected",
    [
        (PNG, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "HEIC"),
        (b"\x00\x00\x00\x18ftypavif\x00\x00", "AVIF"),
        (b"%PDF-1.7\n", None),
        (b"<script>alert(1)</script>", None),
        (b"MZ\x90\x00", None),
        (b"", None),
    ],
)
def test_sniff(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("notes.pdf", b"%PDF-1.7\n", "notes.pdf is not a photo"),
        ("empty.png", b"", "empty.png is empty"),
        ("huge.png", PNG + b"\x00" * MAX_PHOTO_BYTES, "huge.png is too big"),
    ],
)
def test_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(PhotoError, match=message):
        photo(name, data)


def test_accepted() -> None:
    p = photo("class.png", PNG)
    assert (p.filename, p.format, p.size) == ("class.png", "PNG", len(PNG))


@pytest.mark.parametrize(
    "n, expected",
    [(512, "512 bytes"), (2048, "2 KB"), (15 * 1024 * 1024, "15 MB"), (1536 * 1024, "1.5 MB")],
)
def test_human_size(n: int, expected: str) -> None:
    assert human_size(n) == expected
