"""Identifying metadata in a photo (EXIF, XMP, PNG text), and stripping it.

A phone photo can carry where it was taken (GPS), who took it (artist, owner,
camera serial number) and free text (a description or comment that may name a
child). :func:`read_metadata` lists those fields by name with a short, bounded
value; :func:`strip_metadata` re-encodes only the pixels (orientation applied),
so nothing else survives the export.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass

from PIL import Image, ImageOps

from postguard.images.intake import DEFAULT_LIMITS, ImageError, IntakeLimits, open_image

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
#: EXIF tags that identify a person or a device (tag -> name).
_IDENTIFYING = {
    0x013B: "Artist",
    0x8298: "Copyright",
    0x010E: "ImageDescription",
    0x9C9D: "XPAuthor",
    0x9C9C: "XPComment",
    0x9C9F: "XPSubject",
    0x9C9E: "XPKeywords",
}
_EXIF_IDENTIFYING = {
    0x9286: "UserComment",
    0xA430: "CameraOwnerName",
    0xA431: "BodySerialNumber",
    0xA435: "LensSerialNumber",
    0xA420: "ImageUniqueID",
}
_XMP_LOCATION = re.compile(
    rb"(exif:GPS(?:Latitude|Longitude)|photoshop:(?:City|State|Country)|"
    rb"Iptc4xmpCore:Location|Iptc4xmpExt:LocationShown|Iptc4xmpExt:LocationCreated)"
)
_XMP_IDENTIFYING = re.compile(
    rb"(dc:creator|dc:description|dc:title|photoshop:Credit|Iptc4xmpExt:PersonInImage|"
    rb"mwg-rs:Name|MP:RegionPersonDisplayName|aux:SerialNumber|exifEX:BodySerialNumber)"
)
_PNG_TEXT_KEYS = ("Author", "Description", "Comment", "Title", "Copyright", "Source")


@dataclass(frozen=True, slots=True)
class MetadataField:
    """One identifying field: ``kind`` is ``location`` or ``identifying``."""

    kind: str
    name: str
    value: str


def _text(value: object, limit: int = 80) -> str:
    if isinstance(value, bytes):
        value = value.replace(b"\x00", b"").decode("utf-8", errors="replace")
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _gps(ifd: dict[int, object]) -> str | None:
    def degrees(v: object) -> float | None:
        try:
            d, m, s = (float(x) for x in v)  # type: ignore[attr-defined]
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        return d + m / 60 + s / 3600

    lat, lon = degrees(ifd.get(2)), degrees(ifd.get(4))
    if lat is None or lon is None:
        return "GPS fields present" if ifd else None
    if ifd.get(1) == "S":
        lat = -lat
    if ifd.get(3) == "W":
        lon = -lon
    return f"{lat:.5f}, {lon:.5f}"


def read_metadata(data: bytes, limits: IntakeLimits = DEFAULT_LIMITS) -> list[MetadataField]:
    """The identifying metadata fields of an image (raises ImageError for a bad file)."""
    image = open_image(data, limits)
    fields: list[MetadataField] = []
    try:
        exif = image.getexif()
        gps = dict(exif.get_ifd(_GPS_IFD))
        where = _gps(gps)
        if where is not None:
            fields.append(MetadataField("location", "GPS", where))
        for tag, name in _IDENTIFYING.items():
            if exif.get(tag):
                fields.append(MetadataField("identifying", name, _text(exif[tag])))
        sub = exif.get_ifd(_EXIF_IFD)
        for tag, name in _EXIF_IDENTIFYING.items():
            value = sub.get(tag)
            if value and _text(value).strip():
                fields.append(MetadataField("identifying", name, _text(value)))
        xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
        if isinstance(xmp, str):
            xmp = xmp.encode("utf-8")
        if isinstance(xmp, bytes):
            for match in sorted(set(_XMP_LOCATION.findall(xmp))):
                fields.append(MetadataField("location", "XMP " + match.decode(), "present"))
            for match in sorted(set(_XMP_IDENTIFYING.findall(xmp))):
                fields.append(MetadataField("identifying", "XMP " + match.decode(), "present"))
        text = getattr(image, "text", None)
        if isinstance(text, dict):
            for key in _PNG_TEXT_KEYS:
                if text.get(key):
                    fields.append(MetadataField("identifying", f"PNG {key}", _text(text[key])))
    except (OSError, SyntaxError, ValueError, struct.error) as exc:
        # Pillow reads some chunks lazily: a file cut short past its header fails here.
        raise ImageError(f"the image is damaged or cut short ({type(exc).__name__})") from None
    finally:
        image.close()
    return fields


_SAVE_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "HEIF": "JPEG"}


def save_clean(image: Image.Image, fmt: str) -> bytes:
    """Encode only the pixels of ``image`` in ``fmt`` (no EXIF, XMP or text chunks)."""
    target = _SAVE_AS.get(fmt, "PNG")
    pixels = (
        image.convert("RGB") if target == "JPEG" or image.mode not in ("RGB", "RGBA") else image
    )
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if target == "JPEG":
        clean.save(out, "JPEG", quality=92)
    elif target == "WEBP":
        clean.save(out, "WEBP", quality=92)
    else:
        clean.save(out, "PNG")
    return out.getvalue()


def output_format(fmt: str) -> str:
    """The format a stripped or redacted copy of a ``fmt`` image is written in."""
    return _SAVE_AS.get(fmt, "PNG")


def strip_metadata(data: bytes, limits: IntakeLimits = DEFAULT_LIMITS) -> bytes:
    """A copy of a still image with its orientation applied and every metadata field gone."""
    image = open_image(data, limits)
    try:
        if getattr(image, "n_frames", 1) > 1:
            from postguard.images.intake import ImageError

            raise ImageError("animated images cannot be exported: export a still frame")
        image.load()
        oriented = ImageOps.exif_transpose(image) or image
        return save_clean(oriented, str(image.format))
    finally:
        image.close()
