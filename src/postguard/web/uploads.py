"""Photos attached to a post: recognised by their first bytes, refused when too big.

A photo is first recognised by its file signature (PNG, JPEG, GIF, WebP, HEIC/HEIF,
AVIF), before anything decodes it; the photo checker (faces, words, metadata) then
decodes it safely and refuses, with a reason, what it cannot check. Photos stay in
memory for the request; nothing here writes them to disk.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PHOTOS = 20
"""Instagram's carousel limit; more than any platform takes in one post."""
MAX_PHOTO_BYTES = 15 * 1024 * 1024
"""15 MiB per photo: a full-size phone photo fits."""
ACCEPTED = "PNG, JPEG, GIF, WebP or HEIC"
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/gif,image/webp,image/heic,image/heif,image/avif"

_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class PhotoError(ValueError):
    """A file that cannot be attached; the message names the file and says why."""


@dataclass(frozen=True, slots=True)
class Photo:
    filename: str
    format: str
    data: bytes
    blurred: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(head: bytes) -> str | None:
    """The image format the first bytes announce, or ``None`` when not a photo."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "AVIF" if head[8:12] == b"avif" else "HEIC"
    return None


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"


def photo(filename: str, data: bytes) -> Photo:
    """Accept ``data`` as a photo or raise :class:`PhotoError` naming ``filename``."""
    name = filename or "the file"
    if not data:
        raise PhotoError(f"{name} is empty.")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(
            f"{name} is too big ({human_size(len(data))}); "
            f"the limit is {human_size(MAX_PHOTO_BYTES)} per photo."
        )
    kind = sniff(data[:16])
    if kind is None:
        raise PhotoError(f"{name} is not a photo: attach {ACCEPTED} images only.")
    return Photo(filename, kind, data)
