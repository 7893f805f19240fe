"""Events: the filtered list, its timeline, its places on the map and its actor network."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from tocsin.query.filters import Filter, contains, names_actor
from tocsin.query.paging import Key, Page, Row, every, fetch, keyset
from tocsin.store import actor_lookup, schema
from tocsin.store.database import Store
from tocsin.store.network import SIDE


def event_clauses(flt: Filter, store: Store | None = None) -> list[ColumnElement[bool]]:
    """The filter as clauses on ``events``; with the store, an actor named in few events is
    looked up first and its events are then read by id."""
    e, d = schema.events.c, schema.documents.c
    out: list[ColumnElement[bool]] = []
    if flt.type:
        out.append(e.type == flt.type)
    if flt.country:
        out.append(or_(e.source_country == flt.country, e.target_country == flt.country))
    if flt.actor:
        out.append(actor_clause(flt.actor, store))
    if flt.since:
        out.append(e.date >= flt.since)
    if flt.until:
        # "2025-03" as an upper bound includes every day of March
        out.append(e.date <= flt.until + "~")
    if flt.bbox:
        lon0, lat0, lon1, lat1 = flt.bbox
        out.append(and_(e.lon >= lon0, e.lon <= lon1, e.lat >= lat0, e.lat <= lat1))
    if flt.doc_id:
        out.append(e.doc_id == flt.doc_id)
    if flt.story_id:
        out.append(e.story_id == flt.story_id)
    if flt.outlet:
        out.append(e.doc_id.in_(select(d.id).where(or_(d.outlet == flt.outlet, d.domain == flt.outlet))))
    if flt.q:
        out.extend(contains(e.evidence, word) for word in flt.q.split())
    if flt.located is not None:
        out.append(e.lat.is_not(None) if flt.located else e.lat.is_(None))
    return out


def actor_clause(word: str, store: Store | None) -> ColumnElement[bool]:
    """Events whose sides hold ``word``: from the kept lookup (store/actor_lookup.py) when it
    answers the word, by id when they are few; else from the sides themselves."""
    e = schema.events.c
    if not actor_lookup.words_found(word):
        return names_actor(schema.events, word)
    if store is None:
        return actor_lookup.naming(e.id, word)
    with store.engine.connect() as conn:
        ids = actor_lookup.events_naming(conn, word)
    return names_actor(schema.events, word) if ids is None else e.id.in_(sorted(ids))


Network = dict[str, list[Row]]  # "nodes" (actors) and "edges" (who acted on whom, weighted)
WIDE_BOX = 4.0  # square degrees: a box wider than a district matches too much for the lat/lon index


def page_events(store: Store, flt: Filter, limit: int = 50, after: Key | None = None) -> Page:
    """Events matching the filter, newest date first."""
    from tocsin.query import tallied

    if tallied.matches_nothing(store, flt):
        return [], None
    e = schema.events
    clauses = event_clauses(flt, store)
    if store.sqlite and flt.bbox and (flt.bbox[2] - flt.bbox[0]) * (flt.bbox[3] - flt.bbox[1]) > WIDE_BOX:
        # A wide box keeps most rows: walking the date index and testing each row beats
        # fetching every row in the box and sorting them. ``+ 0`` hides lat/lon from SQLite's
        # planner; PostgreSQL's, which knows how the coordinates spread, would instead
        # misjudge ``lat + 0`` as rare and sort every row of the other filters.
        lon0, lat0, lon1, lat1 = flt.bbox
        lon, lat = e.c.lon + 0, e.c.lat + 0
        clauses = [*event_clauses(replace(flt, bbox=None), store), lon >= lon0, lon <= lon1, lat >= lat0, lat <= lat1]
    query = select(e).where(*clauses)
    return keyset(store, query, [e.c.date, e.c.id], limit, after, ["date", "id"])


def iter_events(store: Store, flt: Filter, batch: int = 1000) -> Iterator[Row]:
    """Every matching event, newest first, read in pages."""
    return every(page_events, store, flt, batch=batch)


def count_events(store: Store, flt: Filter) -> int:
    from tocsin.query import tallied

    if tallied.matches_nothing(store, flt):
        return 0
    with store.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(schema.events).where(*event_clauses(flt, store))
        ).scalar_one()


def event_timeline(store: Store, flt: Filter, bucket: str = "day") -> list[Row]:
    """Event counts, distinct stories, and intensity per day or month; without a filter, or
    with a country alone, read from the kept tallies."""
    from tocsin.query import tallied

    if tallied.matches_nothing(store, flt):
        return []
    kept = tallied.scope(flt)
    if kept is not None:
        return tallied.timeline(store, kept, bucket)
    return scanned_timeline(store, flt, bucket)


def scanned_timeline(store: Store, flt: Filter, bucket: str = "day") -> list[Row]:
    """The timeline counted from the events themselves."""
    e = schema.events.c
    period = func.substr(e.date, 1, 10 if bucket == "day" else 7).label("period")
    query = (
        select(
            period,
            func.count().label("events"),
            func.count(func.distinct(e.story_id)).label("stories"),
            func.count(func.distinct(e.doc_id)).label("documents"),
            func.avg(e.intensity).label("intensity_mean"),
            func.min(e.intensity).label("intensity_min"),
            func.sum(e.killed).label("killed"),
        )
        .where(
            func.length(e.date) >= (10 if bucket == "day" else 7), *event_clauses(flt, store)
        )  # precise enough dates
        .group_by(period)
        .order_by(period)
    )
    return fetch(store, query)


def event_places(store: Store, flt: Filter, limit: int = 500) -> list[Row]:
    """Events gathered by place for the map: at their place when it has coordinates, else at
    the country they concern (the target's, else the source's), marked ``precision: country``.
    Without a filter, or with a country alone, the groups are read from the kept tallies."""
    from tocsin.query import tallied

    if tallied.matches_nothing(store, flt):
        return []
    kept = tallied.scope(flt)
    placed, groups = tallied.places(store, kept, limit) if kept is not None else scanned_places(store, flt, limit)
    rows = [r | {"precision": "place"} for r in placed]
    p = schema.places.c
    if groups:
        codes = [g["country"] for g in groups]
        where = {
            r["place_id"]: r
            for r in fetch(
                store,
                select(p.place_id, func.max(p.name).label("name"), func.max(p.lat).label("lat"),
                       func.max(p.lon).label("lon"))
                .where(p.place_id.in_([f"country:{c}" for c in codes]), p.lat.is_not(None))
                .group_by(p.place_id),
            )
        }  # fmt: skip
        for g in groups:
            found = where.get(f"country:{g['country']}") or _country_centre(store, g["country"])
            if found:
                rows.append(
                    {
                        "place_id": f"country:{g['country']}",
                        "place_name": found["name"],
                        "lat": found["lat"],
                        "lon": found["lon"],
                        "events": g["events"],
                        "intensity_mean": g["intensity_mean"],
                        "latest": g["latest"],
                        "precision": "country",
                        "country": g["country"],
                    }
                )
    return rows


def scanned_places(store: Store, flt: Filter, limit: int = 500) -> tuple[list[Row], list[Row]]:
    """The map's groups counted from the events themselves: by place, and by country for
    events without coordinates."""
    e = schema.events.c
    placed = (
        select(
            e.place_id,
            func.max(e.place_name).label("place_name"),
            e.lat,
            e.lon,
            func.count().label("events"),
            func.avg(e.intensity).label("intensity_mean"),
            func.max(e.date).label("latest"),
        )
        .where(e.lat.is_not(None), e.lon.is_not(None), *event_clauses(flt, store))
        .group_by(e.place_id, e.lat, e.lon)
        .order_by(func.count().desc(), e.place_id)
        .limit(limit)
    )
    country = func.coalesce(e.target_country, e.source_country)
    unplaced = (
        select(
            country.label("country"),
            func.count().label("events"),
            func.avg(e.intensity).label("intensity_mean"),
            func.max(e.date).label("latest"),
        )
        .where(or_(e.lat.is_(None), e.lon.is_(None)), country.is_not(None), *event_clauses(flt, store))
        .group_by(country)
    )
    return fetch(store, placed), fetch(store, unplaced)


def _country_centre(store: Store, iso3: str) -> Row | None:
    """A country's centre from the store's gazetteer, for a country no stored article placed."""
    entry = store.knowledge.gazetteer.country(iso3)
    if entry is None or entry.lat is None:
        return None
    return {"name": entry.name, "lat": entry.lat, "lon": entry.lon}


def network(events: list[Row], limit: int = 150, unit: str = "events") -> Network:
    """Actors as nodes and who-did-what-to-whom as weighted, directed edges. ``events`` may be
    event rows or story rows; ``unit`` names what the edges and nodes count."""
    names: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    weight: Counter[tuple[str, str]] = Counter()
    intensity: defaultdict[tuple[str, str], float] = defaultdict(float)
    for ev in events:
        sources, targets = json.loads(ev["source_ids"] or "[]"), json.loads(ev["target_ids"] or "[]")
        snames = (ev["source_names"] or "").split("; ")
        tnames = (ev["target_names"] or "").split("; ")
        for ids, labels, country in ((sources, snames, ev["source_country"]), (targets, tnames, ev["target_country"])):
            for i, actor in enumerate(ids):
                names.setdefault(actor, labels[i] if i < len(labels) and labels[i] else actor)
                countries.setdefault(actor, country)
        for s in sources[:SIDE]:  # the bound the kept network has (store/network.py)
            for t in targets[:SIDE]:
                if s != t:
                    weight[(s, t)] += 1
                    intensity[(s, t)] += ev["intensity"] or 0.0
    edges: list[dict[str, Any]] = [
        {"source": s, "target": t, unit: n, "intensity_mean": round(intensity[(s, t)] / n, 2)}
        for (s, t), n in sorted(weight.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]  # ties by source, target
    ]
    used = {x for edge in edges for x in (edge["source"], edge["target"])}
    degree: Counter[str] = Counter()
    for edge in edges:
        degree[edge["source"]] += edge[unit]
        degree[edge["target"]] += edge[unit]
    nodes = [{"id": i, "name": names[i], "country": countries[i], unit: degree[i]} for i in sorted(used)]
    return {"nodes": nodes, "edges": edges}


def event_network(store: Store, flt: Filter, limit: int = 3000) -> Network:
    rows, _ = page_events(store, flt, limit)
    return network(rows)
