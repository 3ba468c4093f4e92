"""Safe image intake: bytes in, oriented RGB frames out, or a clear :class:`ImageError`.

Every photo PostGuard looks at comes through :func:`decode`. It accepts JPEG,
PNG, WebP, GIF and HEIC/HEIF (through ``pillow-heif``) and refuses, before any
pixel is decoded, files that are too large in bytes, in pixels or in frames
(decompression bombs: a 60 kB PNG can declare 50,000 x 50,000 pixels). Truncated
files and files that are not images are refused too. The EXIF orientation is
applied, so a face box means the same thing to a person looking at the photo.
Animated images are decoded frame by frame (every frame is checked) up to
``max_frames``; more frames than that are refused rather than sampled.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

Pixels = npt.NDArray[np.uint8]

#: Pillow format names we accept (HEIF covers .heic and .heif).
FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "HEIF"})


class ImageError(ValueError):
    """An image PostGuard refuses to decode; the message says why (never the content)."""


@dataclass(frozen=True, slots=True)
class IntakeLimits:
    """Caps applied before decoding. The defaults suit phone photos (48 MP at most)."""

    max_bytes: int = 30 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_side: int = 12_000
    max_frames: int = 60
    #: Total decoded pixels over all frames of an animation.
    max_total_pixels: int = 120_000_000


DEFAULT_LIMITS = IntakeLimits()


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """An accepted image: its format and its frames as RGB arrays (height x width x 3)."""

    format: str
    frames: tuple[Pixels, ...]

    @property
    def width(self) -> int:
        return int(self.frames[0].shape[1])

    @property
    def height(self) -> int:
        return int(self.frames[0].shape[0])

    @property
    def animated(self) -> bool:
        return len(self.frames) > 1


_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


def open_image(data: bytes, limits: IntakeLimits = DEFAULT_LIMITS) -> Image.Image:
    """Open (headers only) and vet an image; pixels are not decoded yet."""
    if not data:
        raise ImageError("the file is empty")
    if len(data) > limits.max_bytes:
        raise ImageError(f"the file is {len(data):,} bytes; the limit is {limits.max_bytes:,}")
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise ImageError("not an image PostGuard can read (JPEG, PNG, WebP, GIF or HEIC)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("the image declares too many pixels (a decompression bomb?)") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError(f"the image cannot be read: {exc}") from None
    if image.format not in FORMATS:
        raise ImageError(f"image format {image.format} is not accepted")
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageError("the image has no pixels")
    if width > limits.max_side or height > limits.max_side:
        raise ImageError(
            f"the image is {width}x{height}; the longest side allowed is {limits.max_side}"
        )
    if width * height > limits.max_pixels:
        raise ImageError(
            f"the image is {width}x{height} ({width * height:,} pixels); "
            f"the limit is {limits.max_pixels:,} (a decompression bomb?)"
        )
    frames = int(getattr(image, "n_frames", 1))
    if frames > limits.max_frames:
        raise ImageError(
            f"the animation has {frames} frames; at most {limits.max_frames} are checked"
        )
    if frames * width * height > limits.max_total_pixels:
        raise ImageError(f"the animation has too many pixels ({frames} frames of {width}x{height})")
    return image


def _rgb(frame: Image.Image) -> Pixels:
    if frame.mode != "RGB":
        if frame.mode in ("RGBA", "LA", "P", "PA") or "transparency" in frame.info:
            # Flatten onto white: a transparent background must not hide a face in black.
            rgba = frame.convert("RGBA")
            canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            canvas.alpha_composite(rgba)
            frame = canvas.convert("RGB")
        else:
            frame = frame.convert("RGB")
    return np.asarray(frame, dtype=np.uint8).copy()


def decode(data: bytes, limits: IntakeLimits = DEFAULT_LIMITS) -> DecodedImage:
    """Decode ``data`` into oriented RGB frames, or raise :class:`ImageError`."""
    image = open_image(data, limits)
    fmt = str(image.format)
    frames: list[Pixels] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            for frame in ImageSequence.Iterator(image):
                frame.load()
                oriented = ImageOps.exif_transpose(frame)
                frames.append(_rgb(oriented if oriented is not None else frame))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("the image declares too many pixels (a decompression bomb?)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"the image is damaged or truncated: {exc}") from None
    finally:
        image.close()
    if not frames:
        raise ImageError("the image has no frames")
    return DecodedImage(format=fmt, frames=tuple(frames))
