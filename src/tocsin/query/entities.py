"""Actors and places across documents."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import ColumnElement, func, or_, select

from tocsin.query.events import network
from tocsin.query.filters import Filter, contains, lists
from tocsin.query.paging import Key, Page, Row, fetch, offset
from tocsin.store import schema
from tocsin.store.database import Store


def page_actors(
    store: Store, country: str | None = None, q: str | None = None, kind: str | None = None,
    limit: int = 50, after: Key | None = None,
) -> Page:  # fmt: skip
    """Actors across documents, most-reported first."""
    a = schema.actors.c
    query = select(
        a.actor_id.label("id"), func.max(a.name).label("name"), func.max(a.kind).label("kind"),
        func.max(a.country).label("country"), func.max(a.sector).label("sector"),
        func.count().label("documents"), func.sum(a.mentions).label("mentions"),
    ).group_by(a.actor_id).order_by(func.count().desc(), a.actor_id)  # fmt: skip
    if country:
        query = query.where(a.country == Filter(country=country).country)
    if kind:
        query = query.where(a.kind == kind)
    if q:
        query = query.where(or_(a.actor_id == q, contains(a.name, q)))
    return offset(store, query, limit, after)


def actor_events_clause(actor_id: str) -> ColumnElement[bool]:
    e = schema.events.c
    return or_(lists(e.source_ids, actor_id), lists(e.target_ids, actor_id))


def actor_detail(store: Store, actor_id: str, limit: int = 100) -> Row | None:
    """One actor: who it is, where it is reported, its latest events and its partners."""
    a, e = schema.actors.c, schema.events
    rows = fetch(store, select(schema.actors).where(a.actor_id == actor_id))
    if not rows:
        return None
    events = fetch(
        store,
        select(e).where(actor_events_clause(actor_id)).order_by(e.c.date.desc().nulls_last(), e.c.id).limit(limit),
    )
    first = Counter(r["name"] for r in rows).most_common(1)[0][0]
    pick = next(r for r in rows if r["name"] == first)
    return {
        "id": actor_id, "name": first, "kind": pick["kind"], "country": pick["country"], "sector": pick["sector"],
        "role": next((r["role"] for r in rows if r["role"]), None),
        "documents": sorted({r["doc_id"] for r in rows}),
        "mentions": sum(r["mentions"] or 0 for r in rows),
        "events": events,
        "network": network(events),
    }  # fmt: skip


def page_places(
    store: Store, country: str | None = None, q: str | None = None,
    bbox: tuple[float, float, float, float] | None = None, limit: int = 50, after: Key | None = None,
) -> Page:  # fmt: skip
    """Places across documents, most-reported first."""
    p = schema.places.c
    query = select(
        p.place_id.label("id"), func.max(p.name).label("name"), func.max(p.country).label("country"),
        func.max(p.admin1).label("admin1"), func.max(p.feature).label("feature"),
        func.max(p.lat).label("lat"), func.max(p.lon).label("lon"),
        func.count().label("documents"), func.sum(p.mentions).label("mentions"),
    ).group_by(p.place_id).order_by(func.count().desc(), p.place_id)  # fmt: skip
    if country:
        query = query.where(p.country == Filter(country=country).country)
    if q:
        query = query.where(or_(p.place_id == q, contains(p.name, q)))
    if bbox:
        lon0, lat0, lon1, lat1 = bbox
        query = query.where(p.lon >= lon0, p.lon <= lon1, p.lat >= lat0, p.lat <= lat1)
    return offset(store, query, limit, after)
