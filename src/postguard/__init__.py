"""PostGuard: puts a school trust's social media policy into practice."""

from __future__ import annotations

__version__ = "0.1.0"
