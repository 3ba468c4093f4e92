"""Personal data in text: phones, emails, postcodes, addresses, dates of birth, UPNs, ages.

One module per data type finds candidate spans (:class:`PiiHit`); the
:class:`PiiDetector` drops the trust's own published details and turns the rest
into detections of kind ``pii`` with the type as ``subtype``.
"""

from __future__ import annotations

from postguard.detectors.pii.detector import PII_TYPES, PiiDetector, PiiParams

__all__ = ["PII_TYPES", "PiiDetector", "PiiParams"]
