"""When two event reports describe the same happening: the rules stories are merged by.

Two reports are of the same happening when all of these hold:

* **type family**: the same PLOVER quad class (verbal/material cooperation/conflict);
* **actor sides**: each side overlaps — a shared actor id, or a shared country — in
  either direction (one outlet's "A clashed with B" is another's "B clashed with A"); a side
  left empty by one report is compatible when the other side shares an actor id;
* **dates**: the date ranges (a day, a month or a year) overlap, give or take
  ``DAY_WINDOW`` days; a report without a date matches when it was published within
  ``UNDATED_WINDOW`` days of the other's date and both sides share an actor (the same dyad);
* **places**: either report has no place, or the same place, or places within
  ``NEAR_KM`` km, or one is a country, region, province or border of the other's country.
"""

from __future__ import annotations

import math
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

DAY_WINDOW = 1
UNDATED_WINDOW = 7
NEAR_KM = 100.0
COARSE = {"country": 1, "region": 2, "border": 2, "admin1": 3}  # place precision ranks
PRECISE = 5  # a city or any other located point


@dataclass
class Report:
    """One event as a story sees it: type family, sides, date, place, when reported."""

    quad_class: str
    reported: str  # YYYY-MM-DD: publication date, else ingest date
    date: str | None = None
    source_ids: set[str] = field(default_factory=set)
    target_ids: set[str] = field(default_factory=set)
    source_countries: set[str] = field(default_factory=set)
    target_countries: set[str] = field(default_factory=set)
    place_id: str | None = None
    place_feature: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None


def date_range(value: str) -> tuple[date, date]:
    """The days a YYYY, YYYY-MM or YYYY-MM-DD date covers."""
    if len(value) == 4:
        year = int(value)
        return date(year, 1, 1), date(year, 12, 31)
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    day = date.fromisoformat(value[:10])
    return day, day


def _valid(value: str | None) -> str | None:
    try:
        return value if value and date_range(value) else None
    except ValueError:
        return None


def dates_compatible(a: Report, b: Report) -> bool:
    da, db = _valid(a.date), _valid(b.date)
    if da and db:
        (a0, a1), (b0, b1) = date_range(da), date_range(db)
        slack = timedelta(days=DAY_WINDOW)
        return a0 <= b1 + slack and b0 <= a1 + slack
    if not da and not db:
        return abs((date.fromisoformat(a.reported) - date.fromisoformat(b.reported)).days) <= UNDATED_WINDOW
    dated, undated = (a, b) if da else (b, a)
    d0, d1 = date_range(dated.date or "")
    published = date.fromisoformat(undated.reported)
    return d0 - timedelta(days=DAY_WINDOW) <= published <= d1 + timedelta(days=UNDATED_WINDOW)


def _side(ids_a: set[str], countries_a: set[str], ids_b: set[str], countries_b: set[str]) -> int:
    """2: a shared actor; 1: a shared country; 0: one side is empty; -1: they differ."""
    if ids_a & ids_b:
        return 2
    if countries_a & countries_b:
        return 1
    if not (ids_a or countries_a) or not (ids_b or countries_b):
        return 0
    return -1


def sides_score(a: Report, b: Report) -> tuple[int, bool]:
    """How well the actor sides agree (higher is better; -1 when they are incompatible) and
    whether ``a`` names them the other way round. Undated reports need an actor shared on
    both sides."""
    undated = not (_valid(a.date) and _valid(b.date))
    best, swapped = -1, False
    for flip, (b_src, b_tgt, b_srcc, b_tgtc) in enumerate(
        (
            (b.source_ids, b.target_ids, b.source_countries, b.target_countries),
            (b.target_ids, b.source_ids, b.target_countries, b.source_countries),
        )
    ):
        src = _side(a.source_ids, a.source_countries, b_src, b_srcc)
        tgt = _side(a.target_ids, a.target_countries, b_tgt, b_tgtc)
        if undated and not (a.target_ids or a.target_countries or b_tgt or b_tgtc):
            tgt = 2  # neither names a target ("the gunmen withdrew"): the source alone must agree
        if min(src, tgt) < 0 or (undated and min(src, tgt) < 2):
            continue
        if min(src, tgt) == 0 and max(src, tgt) < 2:
            continue  # one side unknown: the other must share an actor, not just a country
        if src + tgt > best:
            best, swapped = src + tgt, bool(flip)
    return best, swapped


def place_rank(feature: str | None, lat: float | None) -> int:
    if feature in COARSE:
        return COARSE[feature]
    return PRECISE if lat is not None else 0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def places_compatible(a: Report, b: Report) -> bool:
    if not a.place_id or not b.place_id or a.place_id == b.place_id:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon) and km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM:  # type: ignore[arg-type]
        return True
    coarse = a.place_feature in COARSE or b.place_feature in COARSE
    return coarse and bool(a.place_country) and a.place_country == b.place_country


def match_score(a: Report, b: Report) -> tuple[int, bool]:
    """(-1, False) when the two reports cannot be of the same happening, else how well they
    agree and whether ``a`` has the sides the other way round."""
    if a.quad_class != b.quad_class or not dates_compatible(a, b) or not places_compatible(a, b):
        return -1, False
    return sides_score(a, b)
