"""Links (clause S8), the parts with I/O: list loading, shared storage, online checks.

The pure judge lives in :mod:`postguard.detectors.links`; this package feeds it
(:class:`LinkLists` implements its ``CategoryLookup``) and adds the optional
online checks behind an SSRF guard.
"""

from __future__ import annotations
