"""Safe image intake: what is accepted, what is refused and why (no model needed)."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import pytest
from PIL import Image

from postguard.images.intake import ImageError, IntakeLimits, decode


def _save(image: Image.Image, fmt: str, **kw: object) -> bytes:
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _declared_png(width: int, height: int) -> bytes:
    """A tiny PNG file whose header declares ``width`` x ``height`` pixels (a bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def _photo() -> Image.Image:
    image = Image.new("RGB", (320, 200), (200, 180, 150))
    image.paste((20, 40, 200), (0, 0, 160, 100))  # a blue top-left quarter: orientation marker
    return image


def _truncated_jpeg() -> bytes:
    data = _save(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG", quality=95)
    return data[: len(data) // 2]


def _animation(frames: int) -> bytes:
    images = [Image.new("RGB", (64, 48), (i * 3 % 255, 80, 120)) for i in range(frames)]
    return _save(images[0], "GIF", save_all=True, append_images=images[1:], duration=50, loop=0)


def _oriented(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _save(_photo(), "JPEG", exif=exif, quality=95)


LOOSE = IntakeLimits(max_pixels=10**10, max_side=10**6, max_total_pixels=10**11)


@pytest.mark.parametrize(
    "make, limits, message",
    [
        (lambda: b"", None, "the file is empty"),
        (lambda: b"Dear parents, this is a text file renamed photo.jpg\n", None, "not an image"),
        (_truncated_jpeg, None, "damaged or truncated"),
        (lambda: _declared_png(13_000, 100), None, "longest side allowed is 12000"),
        (lambda: _declared_png(60_000, 60_000), None, "decompression bomb"),
        (lambda: _declared_png(8_000, 8_000), None, "decompression bomb"),
        (lambda: _declared_png(60_000, 60_000), LOOSE, "decompression bomb"),
        (lambda: _save(_photo(), "JPEG"), IntakeLimits(max_bytes=1_000), "the limit is 1,000"),
        (lambda: _save(_photo(), "TIFF"), None, "format TIFF is not accepted"),
        (lambda: _save(_photo(), "BMP"), None, "format BMP is not accepted"),
        (lambda: _animation(80), None, "at most 60 are checked"),
    ],
    ids=[
        "empty",
        "text-renamed",
        "truncated",
        "too-wide",
        "bomb",
        "bomb-pixels",
        "pillow-bomb",
        "too-many-bytes",
        "tiff",
        "bmp",
        "long-animation",
    ],
)
def test_refused(make: Callable[[], bytes], limits: IntakeLimits | None, message: str) -> None:
    with pytest.raises(ImageError) as refused:
        decode(make(), limits or IntakeLimits())
    assert message in str(refused.value)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF", "GIF"])
def test_accepted_formats_decode_to_rgb(fmt: str) -> None:
    decoded = decode(_save(_photo(), fmt))
    assert (decoded.width, decoded.height) == (320, 200)
    assert decoded.frames[0].shape == (200, 320, 3) and not decoded.animated


def test_transparency_is_flattened_onto_white() -> None:
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert decode(_save(image, "PNG")).frames[0][5, 5].tolist() == [255, 255, 255]


@pytest.mark.parametrize(
    "orientation, size, blue_corner",
    [
        (1, (320, 200), (0, 0)),  # as stored: blue top-left
        (3, (320, 200), (199, 319)),  # rotated 180: blue bottom-right
        (6, (200, 320), (0, 199)),  # rotate 90 clockwise to view: blue top-right
        (8, (200, 320), (319, 0)),  # rotate 90 anticlockwise to view: blue bottom-left
    ],
)
def test_exif_orientation_is_applied(
    orientation: int, size: tuple[int, int], blue_corner: tuple[int, int]
) -> None:
    decoded = decode(_oriented(orientation))
    assert (decoded.width, decoded.height) == size
    r, g, b = decoded.frames[0][blue_corner].tolist()
    assert b > 150 and r < 80


def test_an_animation_is_decoded_frame_by_frame() -> None:
    decoded = decode(_animation(5))
    assert decoded.animated and len(decoded.frames) == 5
    assert decoded.frames[1][0, 0].tolist() != decoded.frames[2][0, 0].tolist()
