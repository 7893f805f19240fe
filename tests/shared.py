"""Where the read-only shared material is, for tests that use it (absent in a user's clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("TOCSIN_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared test material is not beside this clone)")
    return path
