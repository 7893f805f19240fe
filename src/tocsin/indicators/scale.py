"""The conflict–cooperation intensity scale: one number per PLOVER type (and mode), from
-10 (most conflictual) to +10 (most cooperative), mapped from GDELT's Goldstein scale.

The values live in ``data/intensity.yaml`` (the mapping is documented there, and users may
edit it); a mode overrides its type's value with the weight of its finer CAMEO code, and
the status scales it: what is only intended, conditional or denied weighs less than what
happened. The same file groups the types into PLOVER's four quad classes.
"""

from __future__ import annotations

from typing import Any

from tocsin.knowledge.base import Knowledge

QUAD_CLASSES = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


def _scale(knowledge: Knowledge | None) -> dict[str, Any]:
    return (knowledge or Knowledge.at()).scale


def intensity(
    type_: str, mode: str | None = None, status: str = "occurred", knowledge: Knowledge | None = None
) -> float:
    scale = _scale(knowledge)
    value = scale["types"].get(type_, 0.0)
    if mode:
        value = scale.get("modes", {}).get(f"{type_}.{mode}", value)
    return round(float(value) * float(scale["status_weight"].get(status, 1.0)), 2)


def quad_class(type_: str, knowledge: Knowledge | None = None) -> str:
    """The PLOVER quad class of a type ("material_conflict" for ASSAULT)."""
    for name, types in _scale(knowledge).get("quad_class", {}).items():
        if type_ in types:
            return str(name)
    return "material_conflict" if intensity(type_, knowledge=knowledge) < 0 else "verbal_cooperation"


def threat_intensity(level: str | None, knowledge: Knowledge | None = None) -> float:
    """How a threat statement weighs in the threat-kind series, by its level."""
    levels = _scale(knowledge).get("threat_level", {})
    return float(levels.get(level or "unknown", levels.get("unknown", -2.0)))
