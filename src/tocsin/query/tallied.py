"""Answers read from the kept tallies (see store/tallies.py) instead of counting events.

A request without a filter, or filtered by country alone, is answered from the tallies of
its scope; any other filter is counted from the events by the scanning queries beside
each list. A filter naming a country or a type that no event has is known to
match nothing from one indexed row, before any list is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from tocsin.query.filters import Filter
from tocsin.query.paging import Row
from tocsin.store import schema
from tocsin.store.database import Store


def scope(flt: Filter) -> str | None:
    """The tallies' scope that answers ``flt`` ("" for everything), or None if none does."""
    given = {f.name for f in fields(flt) if getattr(flt, f.name) is not None}
    if not given:
        return ""
    if given == {"country"}:
        return flt.country
    return None


def _rows(
    conn: Connection,
    where_scope: str,
    facet: str,
    *clauses: ColumnElement[bool],
    order: Sequence[ColumnElement[Any]] | None = None,
    limit: int | None = None,
) -> list[Row]:
    t = schema.tallies.c
    query = select(schema.tallies).where(t.scope == where_scope, t.facet == facet, *clauses)
    if order is not None:
        query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    return [row._asdict() for row in conn.execute(query).all()]


def top(conn: Connection, where_scope: str, facet: str, size: int) -> list[Row]:
    """The ``size`` rows of a facet with the most events, ties by value (compared as Python
    compares strings, whatever the database's collation)."""
    t = schema.tallies.c
    if size <= 0:
        return []
    cut = conn.execute(
        select(t.events)
        .where(t.scope == where_scope, t.facet == facet)
        .order_by(t.events.desc())
        .offset(size - 1)
        .limit(1)
    ).scalar()
    rows = _rows(conn, where_scope, facet, t.events >= (cut or 0))
    return sorted(rows, key=lambda r: (-r["events"], r["value"]))[:size]


def facet_counts(conn: Connection, where_scope: str, facet: str, size: int) -> list[Row]:
    rows = top(conn, where_scope, facet, size)
    return [{"value": r["value"], "count": r["events"], "label": r["label"]} for r in rows]


def months(conn: Connection, where_scope: str, size: int = 36) -> list[Row]:
    t = schema.tallies.c
    rows = _rows(conn, where_scope, "month", order=[t.value.desc()], limit=size)
    return [{"value": r["value"], "count": r["events"], "label": r["value"]} for r in reversed(rows)]


def timeline(store: Store, where_scope: str, bucket: str) -> list[Row]:
    t = schema.tallies.c
    with store.engine.connect() as conn:
        rows = _rows(conn, where_scope, "day" if bucket == "day" else "month", order=[t.value])
    return [
        {
            "period": r["value"],
            "events": r["events"],
            "stories": r["stories"],
            "documents": r["documents"],
            "intensity_mean": r["intensity_sum"] / r["intensity_n"] if r["intensity_n"] else None,
            "intensity_min": r["intensity_min"],
            "killed": r["killed"] if r["killed_n"] else None,
        }
        for r in rows
    ]


def places(store: Store, where_scope: str, limit: int) -> tuple[list[Row], list[Row]]:
    """The map's events by place (the ``limit`` places with most events) and, for events
    without coordinates, by the country they concern."""
    placed = []
    with store.engine.connect() as conn:
        found, regions = top(conn, where_scope, "place", limit), _rows(conn, where_scope, "region")
    for r in found:
        place_id, lat, lon = json.loads(r["value"])
        placed.append({"place_id": place_id, "place_name": r["label"], "lat": lat, "lon": lon} | _measures(r))
    regions = [{"country": r["value"]} | _measures(r) for r in regions]
    return placed, regions


def _measures(r: Row) -> Row:
    mean = r["intensity_sum"] / r["intensity_n"] if r["intensity_n"] else None
    return {"events": r["events"], "intensity_mean": mean, "latest": r["latest"]}


def totals(store: Store) -> dict[str, int]:
    """The summary's counts of a whole store."""
    t = schema.tallies.c
    with store.engine.connect() as conn:
        out = {r["value"]: r["events"] for r in _rows(conn, "", "total")}
        for facet in ("actors", "places"):
            query = select(func.count()).select_from(schema.tallies).where(t.scope == "", t.facet == facet)
            out[facet] = conn.execute(query).scalar_one()
    names = ("documents", "events", "stories", "actors", "places", "quotes", "claims", "threats")
    return {name: out.get(name, 0) for name in names}


def facets(
    store: Store, where_scope: str, size: int, label: Callable[[str | None], str | None]
) -> dict[str, list[Row]]:
    """The facets of a scope, read on one connection; ``label`` names a country code."""
    with store.engine.connect() as conn:
        return {
            "country": [r | {"label": label(r["value"])} for r in facet_counts(conn, where_scope, "country", size)],
            "actor": facet_counts(conn, where_scope, "actor", size),
            "type": [r | {"label": r["value"]} for r in facet_counts(conn, where_scope, "type", size)],
            "outlet": [r | {"label": r["value"]} for r in facet_counts(conn, where_scope, "outlet", size)],
            "month": months(conn, where_scope),
        }


def matches_nothing(store: Store, flt: Filter) -> bool:
    """True when the country or the type the filter names is in no event (or the type in
    none of the country's events), known from the tallies without reading the events."""
    wanted = [(flt.country or "", "type", flt.type)] if flt.type else []
    if flt.country:
        wanted.append(("", "country", flt.country))
    if not wanted:
        return False
    t = schema.tallies.c
    with store.engine.connect() as conn:
        for where_scope, facet, value in wanted:
            found = conn.execute(
                select(t.events).where(t.scope == where_scope, t.facet == facet, t.value == value).limit(1)
            ).first()
            if found is None:
                return True
    return False


def network_scope(flt: Filter) -> str | None:
    """The kept network's scope that answers ``flt`` (see store/network.py), or None."""
    given = {f.name for f in fields(flt) if getattr(flt, f.name) is not None}
    if given == {"type"}:
        return f"type:{flt.type}"
    return scope(flt)


def network(store: Store, where_scope: str, limit: int) -> dict[str, list[Row]]:
    """The story network of a scope from the kept counts: the ``limit`` pairs joined by most
    stories (ties by source, then target), and their actors with the stories of the pairs shown."""
    from tocsin.store.network import network_tallies

    t = network_tallies.c
    with store.engine.connect() as conn:
        # ties in the order Python compares strings (code points), whatever the database's collation
        source, target = (t.source.collate("C"), t.target.collate("C")) if conn.dialect.name == "postgresql" else (
            t.source, t.target)  # fmt: skip
        query = select(network_tallies).where(t.scope == where_scope)
        rows = conn.execute(query.order_by(t.stories.desc(), source, target).limit(limit)).all()
    edges = [{"source": r.source, "target": r.target, "stories": r.stories,
              "intensity_mean": round(r.intensity_sum / r.stories, 2)} for r in rows]  # fmt: skip
    names: dict[str, tuple[str | None, str | None]] = {}
    degree: dict[str, int] = {}
    for r in rows:
        names.setdefault(r.source, (r.source_name, r.source_country))
        names.setdefault(r.target, (r.target_name, r.target_country))
        degree[r.source] = degree.get(r.source, 0) + r.stories
        degree[r.target] = degree.get(r.target, 0) + r.stories
    nodes = [{"id": i, "name": names[i][0] or i, "country": names[i][1], "stories": degree[i]} for i in sorted(names)]
    return {"nodes": nodes, "edges": edges}
