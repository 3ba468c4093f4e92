"""Files attached to a safeguarding concern: vetted before they are kept, sealed at rest.

A file is accepted when it is not empty, not larger than the setting
``max_attachment_bytes`` (``POSTGUARD_MAX_ATTACHMENT_BYTES``, 10 MiB by default)
and, by its first bytes (never by its name or the type the browser claims), a
PNG, JPEG, WebP or HEIC image (whose headers :func:`postguard.images.intake.open_image`
reads without decoding pixels) or a PDF. Anything else is refused with
:class:`AttachmentError`, whose message names the file and says why.

Accepted bytes are sealed with Fernet (AES-128-CBC + HMAC-SHA256) under a key
derived from ``POSTGUARD_SECRET_KEY`` by HKDF-SHA256 with its own ``info``
(``b"postguard attachment v1"``): not the key that seals TOTP seeds. A copy of
the database alone does not give the screenshots away; changing the secret
key makes them unreadable.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from postguard.images.intake import ImageError, IntakeLimits, open_image

_INFO = b"postguard attachment v1"
MAX_ATTACHMENTS = 10
"""The most files one concern takes when it is reported."""
ACCEPTED = "PNG, JPEG, WebP or HEIC screenshots and photos, or PDF files"
ACCEPT_ATTRIBUTE = (
    "image/png,image/jpeg,image/webp,image/heic,image/heif,application/pdf,.heic,.pdf"
)
CONTENT_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "WebP": "image/webp",
    "HEIC": "image/heic",
    "PDF": "application/pdf",
}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/;:<>|?*]+')


class AttachmentError(ValueError):
    """A file that cannot be attached; the message names the file and says why."""


class UnsealError(ValueError):
    """A sealed attachment could not be opened (another secret key, or altered)."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A vetted file: a safe name, the type its bytes announce, and the bytes."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def safe_filename(name: str) -> str:
    """The last part of ``name`` without control characters or path and header syntax."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE.sub("_", base).strip(" ._")
    return base[:200] or "attachment"


def human_size(n: int) -> str:
    """``n`` bytes for people, rounded up (so a file over a limit never reads as equal to it)."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{math.ceil(n / 1024)} KB"
    tenths = math.ceil(n * 10 / (1024 * 1024))
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def kind_of(data: bytes) -> str | None:
    """The accepted kind the first bytes announce (PNG, JPEG, WebP, HEIC, PDF) or None."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC"
    return None


def accept(filename: str, data: bytes, max_bytes: int) -> Attachment:
    """Vet one file or raise :class:`AttachmentError` naming it."""
    name = safe_filename(filename)
    if not data:
        raise AttachmentError(f"{name} is empty.")
    if len(data) > max_bytes:
        raise AttachmentError(
            f"{name} is too big ({human_size(len(data))}); "
            f"the limit is {human_size(max_bytes)} per file."
        )
    kind = kind_of(data)
    if kind is None:
        raise AttachmentError(f"{name} cannot be attached: attach {ACCEPTED} only.")
    if kind != "PDF":
        try:
            open_image(data, IntakeLimits(max_bytes=max_bytes)).close()
        except ImageError as exc:
            raise AttachmentError(f"{name} cannot be read as an image: {exc}.") from None
    elif b"%%EOF" not in data[-2048:]:
        raise AttachmentError(f"{name} is not a complete PDF file.")
    return Attachment(name, CONTENT_TYPES[kind], data)


def _fernet(secret_key: str) -> Fernet:
    if not secret_key:
        raise ValueError("sealing an attachment needs the secret key")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal_bytes(secret_key: str, data: bytes) -> bytes:
    """``data`` encrypted and authenticated under the attachment key."""
    return _fernet(secret_key).encrypt(data)


def open_sealed(secret_key: str, sealed: bytes) -> bytes:
    """The clear bytes of a sealed attachment, or :class:`UnsealError`."""
    try:
        return _fernet(secret_key).decrypt(sealed)
    except InvalidToken as exc:
        raise UnsealError("cannot open a sealed attachment (was the secret key changed?)") from exc
