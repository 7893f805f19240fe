"""What the store holds, for the dashboard's header."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from tocsin.store import schema
from tocsin.web.models import BAD_REQUEST, Summary
from tocsin.web.params import StoreDep

router = APIRouter(tags=["meta"], responses=BAD_REQUEST)


@router.get("/api/summary", response_model=Summary)
def summary(store: StoreDep, request: Request) -> dict:
    """Counts of what is stored and the span of event dates."""
    counts = {name: store.count(name) for name in ("documents", "events", "quotes", "claims", "threats")}
    e = schema.events.c
    with store.engine.connect() as conn:
        counts["actors"] = conn.execute(select(func.count(func.distinct(schema.actors.c.actor_id)))).scalar_one()
        counts["places"] = conn.execute(select(func.count(func.distinct(schema.places.c.place_id)))).scalar_one()
        first, last = conn.execute(select(func.min(e.date), func.max(e.date))).one()
    return counts | {"first_date": first, "last_date": last, "writable": bool(request.app.state.write_token)}
