"""The conflict–cooperation intensity scale: one number per PLOVER type, from -10 (most
conflictual) to +10 (most cooperative), in the spirit of GDELT's Goldstein scale.

The values live in ``data/intensity.yaml`` (documented there, user-editable); a mode may
override its type's value, and the status scales it: what is only intended, conditional
or denied weighs less than what happened.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from tocsin.pipeline import data_dir


@cache
def _scale(folder: Path) -> dict:
    return yaml.safe_load((folder / "intensity.yaml").read_text(encoding="utf-8"))


def intensity(type_: str, mode: str | None = None, status: str = "occurred", folder: Path | None = None) -> float:
    scale = _scale(folder or data_dir())
    value = scale["modes"].get(f"{type_}.{mode}", scale["types"].get(type_, 0.0)) if mode else scale["types"].get(
        type_, 0.0
    )
    return round(float(value) * float(scale["status_weight"].get(status, 1.0)), 2)
