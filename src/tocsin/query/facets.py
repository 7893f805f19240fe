"""Facets (counts by country, actor, type, outlet and month beside a filtered list, each a
click away from being a filter) and suggestions for the filter fields."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, union_all

from tocsin.query import tallied
from tocsin.query.events import event_clauses
from tocsin.query.filters import Filter, contains
from tocsin.query.paging import Row, fetch
from tocsin.store import schema
from tocsin.store.database import Store

FACETS = ("country", "actor", "type", "outlet", "month")


def _grouped(
    store: Store, column: ColumnElement[Any], flt: Filter, size: int, join_documents: bool = False
) -> list[Row]:
    e, d = schema.events, schema.documents
    query = select(column.label("value"), func.count().label("count")).select_from(e)
    if join_documents:
        query = query.join(d, d.c.id == e.c.doc_id)
    query = query.where(column.is_not(None), *event_clauses(flt, store)).group_by(column)
    return fetch(store, query.order_by(func.count().desc(), column).limit(size))


def _countries(store: Store, flt: Filter, size: int) -> list[Row]:
    e = schema.events.c
    sides = union_all(
        select(e.id, e.source_country.label("value")).where(e.source_country.is_not(None), *event_clauses(flt, store)),
        select(e.id, e.target_country.label("value")).where(e.target_country.is_not(None), *event_clauses(flt, store)),
    ).subquery()
    query = (
        select(sides.c.value, func.count(func.distinct(sides.c.id)).label("count"))
        .group_by(sides.c.value)
        .order_by(func.count(func.distinct(sides.c.id)).desc(), sides.c.value)
        .limit(size)
    )
    return [r | {"label": country_name(r["value"])} for r in fetch(store, query)]


def _actors(store: Store, flt: Filter, size: int, scan: int = 20_000) -> list[Row]:
    e = schema.events.c
    query = (
        select(e.source_ids, e.target_ids, e.source_names, e.target_names).where(*event_clauses(flt, store)).limit(scan)
    )
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for row in fetch(store, query):
        seen = set()
        for ids, labels in ((row["source_ids"], row["source_names"]), (row["target_ids"], row["target_names"])):
            parsed = json.loads(ids or "[]")
            parts = (labels or "").split("; ")
            for i, actor in enumerate(parsed):
                names.setdefault(actor, parts[i] if i < len(parts) and parts[i] else actor)
                seen.add(actor)
        counts.update(seen)
    return [
        {"value": a, "label": names[a], "count": n} for a, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    ][:size]


def _months(store: Store, flt: Filter, size: int = 36) -> list[Row]:
    """Event counts of the latest ``size`` months, in calendar order."""
    e = schema.events.c
    month = func.substr(e.date, 1, 7)
    query = (
        select(month.label("value"), func.count().label("count"))
        .where(func.length(e.date) >= 7, *event_clauses(flt, store))
        .group_by(month)
        .order_by(month.desc())
        .limit(size)
    )
    return [r | {"label": r["value"]} for r in reversed(fetch(store, query))]


def facets(store: Store, flt: Filter, size: int = 10) -> dict[str, list[Row]]:
    """For the events matching ``flt``: the commonest values of each facet and how many events
    have each (``value`` is what the filter takes, ``label`` what a person reads). Without a
    filter, or with a country alone, they are read from the kept tallies."""
    if tallied.matches_nothing(store, flt):
        return {name: [] for name in FACETS}
    kept = tallied.scope(flt)
    if kept is not None:
        return tallied.facets(store, kept, size, country_name)
    return scanned_facets(store, flt, size)


def scanned_facets(store: Store, flt: Filter, size: int = 10) -> dict[str, list[Row]]:
    """The facets counted from the events themselves."""
    e, d = schema.events.c, schema.documents.c
    outlet = func.coalesce(d.outlet, d.domain)
    return {
        "country": _countries(store, flt, size),
        "actor": _actors(store, flt, size),
        "type": [r | {"label": r["value"]} for r in _grouped(store, e.type, flt, size)],
        "outlet": [r | {"label": r["value"]} for r in _grouped(store, outlet, flt, size, join_documents=True)],
        "month": _months(store, flt),
    }


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code


def suggest(store: Store, field: str, q: str = "", limit: int = 10) -> list[Row]:
    """Values for a filter field that start with or contain ``q``, the most reported first:
    ``country`` (by name or code), ``actor`` (by name or id), ``outlet``, ``type``."""
    q = (q or "").strip()
    if field == "country":
        e = schema.events.c
        codes = union_all(
            select(e.source_country.label("code")).where(e.source_country.is_not(None)),
            select(e.target_country.label("code")).where(e.target_country.is_not(None)),
        ).subquery()
        rows = fetch(store, select(codes.c.code, func.count().label("count")).group_by(codes.c.code))
        out = [{"value": r["code"], "label": country_name(r["code"]), "count": r["count"]} for r in rows]
        if q:
            low = q.lower()
            out = [r for r in out if low in r["value"].lower() or low in (r["label"] or "").lower()]
        return sorted(out, key=lambda r: (-r["count"], r["value"]))[:limit]
    if field == "actor":
        a = schema.actors.c
        query = select(a.actor_id.label("value"), func.max(a.name).label("label"), func.count().label("count"))
        if q:
            query = query.where(or_(contains(a.actor_id, q), contains(a.name, q)))
        query = query.group_by(a.actor_id).order_by(func.count().desc(), a.actor_id).limit(limit)
        return fetch(store, query)
    if field == "outlet":
        d = schema.documents.c
        outlet = func.coalesce(d.outlet, d.domain)
        query = select(outlet.label("value"), outlet.label("label"), func.count().label("count"))
        query = query.where(outlet.is_not(None))
        if q:
            query = query.where(contains(outlet, q))
        return fetch(store, query.group_by(outlet).order_by(func.count().desc(), outlet).limit(limit))
    if field == "type":
        from tocsin.record import EVENT_TYPES

        return [{"value": t, "label": t, "count": None} for t in EVENT_TYPES if q.upper() in t][:limit]
    raise ValueError(f"no suggestions for {field!r}; choose from country, actor, outlet, type")
