from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NORTHFIELD = SHARED / "data" / "northfield"


@pytest.fixture(scope="session")
def northfield_dir() -> Path:
    assert NORTHFIELD.is_dir(), f"evaluation data not found at {NORTHFIELD}"
    return NORTHFIELD
