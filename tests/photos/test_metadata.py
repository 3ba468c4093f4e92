"""Location and identifying metadata are findings (S7); the export strips them."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from postguard.content import Content
from postguard.content import Image as Photo
from postguard.detectors.base import DetectionContext
from postguard.detectors.photo_metadata import PhotoMetadataDetector
from postguard.findings import Box
from postguard.images.metadata import read_metadata, strip_metadata
from postguard.images.redact import redact, to_image

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'photoshop:City="Calderwick"><dc:creator>Ms Example</dc:creator>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _jpeg(**tags: Any) -> bytes:
    exif = Image.Exif()
    for tag, value in tags.get("ifd0", {}).items():
        exif[tag] = value
    if "gps" in tags:
        exif.get_ifd(0x8825).update(tags["gps"])
    if "sub" in tags:
        exif.get_ifd(0x8769).update(tags["sub"])
    out = io.BytesIO()
    kw: dict[str, Any] = {"exif": exif}
    if "xmp" in tags:
        kw["xmp"] = tags["xmp"]
    Image.new("RGB", (120, 80), (90, 140, 200)).save(out, "JPEG", **kw)
    return out.getvalue()


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "A Parent")
    info.add_text("Description", "sports day")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


GPS = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 30.0)}


@pytest.mark.parametrize(
    "data, expected",
    [
        (_jpeg(), []),
        (_jpeg(gps=GPS), [("location", "GPS", "51.50347, -0.12500")]),
        (
            _jpeg(ifd0={0x013B: "Jane Photographer"}),
            [("identifying", "Artist", "Jane Photographer")],
        ),
        (_jpeg(sub={0xA431: "SN-12345"}), [("identifying", "BodySerialNumber", "SN-12345")]),
        (
            _jpeg(xmp=XMP),
            [
                ("location", "XMP photoshop:City", "present"),
                ("identifying", "XMP dc:creator", "present"),
            ],
        ),
        (
            _png_with_text(),
            [
                ("identifying", "PNG Author", "A Parent"),
                ("identifying", "PNG Description", "sports day"),
            ],
        ),
    ],
    ids=["clean", "gps", "artist", "serial", "xmp", "png-text"],
)
def test_read_metadata(data: bytes, expected: list[tuple[str, str, str]]) -> None:
    assert [(f.kind, f.name, f.value) for f in read_metadata(data)] == expected


@pytest.mark.parametrize(
    "data",
    [_jpeg(gps=GPS, ifd0={0x013B: "Jane"}, sub={0xA431: "SN-1"}, xmp=XMP), _png_with_text()],
    ids=["jpeg", "png"],
)
def test_the_export_strips_every_field(data: bytes) -> None:
    assert read_metadata(data) != []
    assert read_metadata(strip_metadata(data)) == []


def test_the_detector_reports_each_field_with_its_photo() -> None:
    content = Content(
        text="", images=(Photo(0, _jpeg()), Photo(1, _jpeg(gps=GPS, ifd0={0x013B: "J"})))
    )
    found = PhotoMetadataDetector().detect(content, DetectionContext())
    assert [(d.location.image_index, d.subtype, d.attributes["field"]) for d in found] == [
        (1, "location", "GPS"),
        (1, "identifying", "Artist"),
    ]
    assert all("51.5" not in d.explanation for d in found)  # the place itself is not repeated


def test_redaction_obscures_the_box_and_keeps_the_rest() -> None:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, (200, 300, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    box = Box(100, 60, 80, 80)
    result = np.asarray(to_image(redact(out.getvalue(), [box])))
    inside = result[70:130, 110:170].astype(float)
    assert inside.std() < 0.25 * pixels[70:130, 110:170].astype(float).std()  # detail gone
    assert np.array_equal(result[:, :60], pixels[:, :60])  # PNG stays lossless elsewhere
