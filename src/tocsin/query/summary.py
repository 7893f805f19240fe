"""What a store (or the part of it a filter keeps) holds: the counts the CLI's summary and the
dashboard's header both show, so the two always agree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, func, select

from tocsin.query import tallied
from tocsin.query.documents import document_clauses
from tocsin.query.events import event_clauses
from tocsin.query.filters import Filter
from tocsin.query.stories import story_clauses
from tocsin.store import schema
from tocsin.store.database import Store


def counts(store: Store, flt: Filter | None = None) -> dict[str, Any]:
    """Documents, events, stories, distinct actors and places, quotes, claims and threats, and
    the span of event dates. Documents, and what is counted across them, are those the filter
    keeps; events and stories are those matching it. A whole store's counts are kept, not
    counted (see store/tallies.py)."""
    flt = flt or Filter()
    if not flt.given():
        e = schema.events.c
        with store.engine.connect() as conn:  # apart, each is one step along the date index
            first = conn.execute(select(func.min(e.date))).scalar()
            last = conn.execute(select(func.max(e.date))).scalar()
        return tallied.totals(store) | {"first_date": first, "last_date": last}
    return counted(store, flt)


def counted(store: Store, flt: Filter) -> dict[str, Any]:
    """The counts of what ``flt`` keeps, counted."""
    d, e, a, p = schema.documents, schema.events, schema.actors, schema.places
    docs = select(d.c.id).where(*document_clauses(store, flt))
    filtered = bool(flt.given())

    def in_docs(table: Table) -> list[ColumnElement[bool]]:
        return [table.c.doc_id.in_(docs)] if filtered else []

    with store.engine.connect() as conn:
        scalar = conn.execute
        out = {
            "documents": scalar(select(func.count()).select_from(d).where(*document_clauses(store, flt))).scalar_one(),
            "events": scalar(select(func.count()).select_from(e).where(*event_clauses(flt, store))).scalar_one(),
            "stories": scalar(select(func.count()).select_from(schema.stories).where(*story_clauses(flt))).scalar_one(),
            "actors": scalar(select(func.count(func.distinct(a.c.actor_id))).where(*in_docs(a))).scalar_one(),
            "places": scalar(select(func.count(func.distinct(p.c.place_id))).where(*in_docs(p))).scalar_one(),
        }
        for name in ("quotes", "claims", "threats"):
            table = schema.metadata.tables[name]
            out[name] = scalar(select(func.count()).select_from(table).where(*in_docs(table))).scalar_one()
        first, last = scalar(select(func.min(e.c.date), func.max(e.c.date)).where(*event_clauses(flt, store))).one()
    return out | {"first_date": first, "last_date": last}


def top_outlets(store: Store, n: int = 8) -> list[tuple[str, int]]:
    """Outlets by number of articles; an article without an outlet name counts under its domain."""
    d = schema.documents.c
    outlet = func.coalesce(d.outlet, d.domain)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(outlet, func.count()).where(outlet.is_not(None)).group_by(outlet)
            .order_by(func.count().desc(), outlet).limit(n)
        ).all()  # fmt: skip
    return [(str(a), int(b)) for a, b in rows]
