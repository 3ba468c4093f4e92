"""What the photo detectors consult: decoded images, their faces and their text, cached.

One :class:`PhotoAnalyser` per process (it holds the face engine, the gallery
and the OCR engine, each loading its models on first use). It is handed to the
detectors through ``DetectionContext.photos``; the faces and OCR detectors and
the ``check`` command's face list all ask it, and it decodes and analyses each
image once (results are cached by the image's SHA-256, a bounded LRU).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from postguard.images.intake import DEFAULT_LIMITS, DecodedImage, ImageError, IntakeLimits, decode

if TYPE_CHECKING:
    from postguard.faces.engine import FaceEngine, FaceObservation
    from postguard.faces.gallery import Gallery
    from postguard.images.ocr import OcrEngine, TextLine

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Decoded:
    """An image decoded, or the reason it was refused."""

    image: DecodedImage | None
    error: str | None = None


class _Cache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> object | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key: tuple[str, str], value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class PhotoAnalyser:
    """Decodes images and finds their faces and text, once per image."""

    def __init__(
        self,
        *,
        faces: FaceEngine | None = None,
        gallery: Gallery | None = None,
        ocr: OcrEngine | None = None,
        limits: IntakeLimits = DEFAULT_LIMITS,
        cache_size: int = 32,
    ) -> None:
        self.faces_engine = faces
        self.gallery = gallery
        self.ocr_engine = ocr
        self.limits = limits
        self._cache = _Cache(cache_size)

    @contextmanager
    def using(self, gallery: Gallery | None) -> Iterator[PhotoAnalyser]:
        """Match faces against ``gallery`` inside the block (the caller holds the photo lock).

        The decoded images, faces and text stay cached: only the matching changes.
        """
        previous, self.gallery = self.gallery, gallery
        try:
            yield self
        finally:
            self.gallery = previous

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def decoded(self, data: bytes) -> Decoded:
        key = (self.key(data), "decoded")
        hit = self._cache.get(key)
        if isinstance(hit, Decoded):
            return hit
        try:
            result = Decoded(decode(data, self.limits))
        except ImageError as exc:
            result = Decoded(None, str(exc))
        self._cache.put(key, result)
        return result

    def faces(self, data: bytes) -> list[FaceObservation] | None:
        """Every face in every frame, or None when there is no engine or the image is refused."""
        if self.faces_engine is None:
            return None
        engine = self.faces_engine
        return self._cached(
            data,
            "faces",
            lambda image: [o for i, f in enumerate(image.frames) for o in engine.analyse(f, i)],
        )

    def text(self, data: bytes) -> list[tuple[int, TextLine]] | None:
        """Each line of text read from each frame, as ``(frame, line)``."""
        if self.ocr_engine is None:
            return None
        ocr = self.ocr_engine
        return self._cached(
            data,
            "text",
            lambda image: [(i, line) for i, f in enumerate(image.frames) for line in ocr.read(f)],
        )

    def _cached(self, data: bytes, what: str, compute: Callable[[DecodedImage], T]) -> T | None:
        key = (self.key(data), what)
        hit = self._cache.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        decoded = self.decoded(data)
        if decoded.image is None:
            return None
        value = compute(decoded.image)
        self._cache.put(key, value)
        return value
