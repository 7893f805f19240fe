"""Read queries shared by the CLI, the API and the exports. Every value from a user
reaches SQL as a bound parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from tocsin.record import EVENT_TYPES
from tocsin.store import schema
from tocsin.store.database import Store

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass
class EventFilter:
    actor: str | None = None
    country: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    doc_id: str | None = None
    story_id: str | None = None

    def __post_init__(self) -> None:
        if self.type:
            self.type = self.type.upper()
            if self.type not in EVENT_TYPES:
                raise ValueError(f"unknown event type {self.type!r}; PLOVER types are {', '.join(EVENT_TYPES)}")
        if self.country:
            self.country = self.country.upper()
            if not ISO3.match(self.country):
                raise ValueError(f"country must be an ISO 3166-1 alpha-3 code, not {self.country!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not ISO_DATE.match(value):
                raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
        if self.bbox and not (-180 <= self.bbox[0] <= self.bbox[2] <= 180 and -90 <= self.bbox[1] <= self.bbox[3] <= 90):
            raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within the world")

    def clauses(self) -> list:
        e = schema.events.c
        out = []
        if self.type:
            out.append(e.type == self.type)
        if self.country:
            out.append(or_(e.source_country == self.country, e.target_country == self.country))
        if self.actor:
            like = f"%{self.actor}%"
            out.append(or_(e.source_ids.like(like), e.target_ids.like(like),
                           e.source_names.like(like), e.target_names.like(like)))
        if self.since:
            out.append(e.date >= self.since)
        if self.until:
            # "2025-03" as an upper bound includes every day of March
            out.append(e.date <= self.until + "~")
        if self.bbox:
            lon0, lat0, lon1, lat1 = self.bbox
            out.append(and_(e.lon >= lon0, e.lon <= lon1, e.lat >= lat0, e.lat <= lat1))
        if self.doc_id:
            out.append(e.doc_id == self.doc_id)
        if self.story_id:
            out.append(e.story_id == self.story_id)
        return out


def select_events(store: Store, flt: EventFilter, limit: int = 100, after: str | None = None) -> list[dict]:
    """Events matching the filter, newest date first; ``after`` is the last id of the previous page."""
    e = schema.events
    query = select(e).where(*flt.clauses())
    if after:
        query = query.where(e.c.id > after).order_by(e.c.id)
    else:
        query = query.order_by(e.c.date.desc().nulls_last(), e.c.id)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query.limit(limit)).mappings()]
