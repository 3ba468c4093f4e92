"""Concern attachments: vetted by their bytes (type, size), sealed under their own key."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from postguard.attachments import (
    AttachmentError,
    UnsealError,
    accept,
    kind_of,
    open_sealed,
    safe_filename,
    seal_bytes,
)
from postguard.auth.sealing import SealError, unseal
from postguard.web.testing import blank_png

KEY = "attachment-test-key-" + "k" * 20
LIMIT = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, content_type",
    [
        ("shot.png", blank_png(), "image/png"),
        ("photo.jpg", image("JPEG"), "image/jpeg"),
        ("screen.webp", image("WEBP"), "image/webp"),
        ("letter.pdf", PDF, "application/pdf"),
        ("no-extension", blank_png(), "image/png"),  # the bytes decide, not the name
        ("looks-like.pdf", blank_png(), "image/png"),
    ],
)
def test_accepted_files_get_the_type_their_bytes_announce(
    name: str, data: bytes, content_type: str
) -> None:
    got = accept(name, data, LIMIT)
    assert (got.filename, got.content_type, got.size) == (name, content_type, len(data))
    assert got.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.png", b"", "empty.png is empty."),
        (
            "big.png",
            blank_png() + b"\0" * LIMIT,
            "big.png is too big (1.1 MB); the limit is 1 MB per file.",
        ),
        ("virus.png", b"MZ\x90\x00\x03" + b"\0" * 64, "virus.png cannot be attached"),
        ("anim.gif", image("GIF"), "anim.gif cannot be attached"),
        ("page.html", b"<html><script>x</script></html>", "page.html cannot be attached"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "broken.png cannot be read as an image"),
        ("cut.pdf", PDF[:40], "cut.pdf is not a complete PDF file."),
    ],
)
def test_refused_files_are_named_with_the_reason(name: str, data: bytes, message: str) -> None:
    with pytest.raises(AttachmentError) as refused:
        accept(name, data, LIMIT)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    "raw, safe",
    [
        ("C:\\Users\\me\\Desktop\\chat.png", "chat.png"),
        ("../../etc/passwd", "passwd"),
        ('a"b;c\r\n.png', "a_b_c_.png"),
        ("", "attachment"),
        ("...", "attachment"),
    ],
)
def test_file_names_lose_paths_and_header_syntax(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_kind_of_knows_heic_by_its_brand() -> None:
    assert kind_of(b"\0\0\0\x18ftypheic\0\0\0\0") == "HEIC"
    assert kind_of(b"\0\0\0\x18ftypavif\0\0\0\0") is None


def test_sealed_bytes_open_only_under_the_same_secret_key() -> None:
    data = blank_png()
    sealed = seal_bytes(KEY, data)
    assert data not in sealed and sealed != seal_bytes(KEY, data)  # a fresh IV each time
    assert open_sealed(KEY, sealed) == data
    with pytest.raises(UnsealError):
        open_sealed("another-secret-key-" + "z" * 20, sealed)
    with pytest.raises(UnsealError):
        open_sealed(KEY, sealed[:-3] + b"AAA")


def test_attachments_are_not_sealed_with_the_totp_key() -> None:
    """A different HKDF info: a token sealing a file is no TOTP secret, and back."""
    with pytest.raises(SealError):
        unseal(KEY, seal_bytes(KEY, b"JBSWY3DPEHPK3PXP").decode("ascii"))


def test_sealing_needs_a_secret_key() -> None:
    with pytest.raises(ValueError, match="secret key"):
        seal_bytes("", b"x")
