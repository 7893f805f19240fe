"""Events: the filtered list (JSON pages or CSV), the timeline, the map and the network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from tocsin.store import queries
from tocsin.web.downloads import CSV_RESPONSE, EVENT_COLUMNS, csv_response
from tocsin.web.models import BAD_REQUEST, EventRow, MapPlace, Network, Page, TimelineBucket
from tocsin.web.params import Cursor, Filter, Limit, StoreDep, decode_cursor, page

router = APIRouter(tags=["events"], responses=BAD_REQUEST)
Format = Annotated[Literal["json", "csv"], Query(description="csv downloads every matching event.")]


@router.get("/api/events", response_model=Page[EventRow], responses=CSV_RESPONSE)
def list_events(store: StoreDep, flt: Filter, limit: Limit = 50, cursor: Cursor = None, format: Format = "json"):
    """Coded events, newest first, with filters; `format=csv` downloads the whole list."""
    if format == "csv":
        return csv_response(queries.iter_events(store, flt), EVENT_COLUMNS, "events")
    return page(queries.page_events, store, flt, limit, decode_cursor(cursor))


@router.get("/api/events.csv", responses=CSV_RESPONSE)
def download_events(store: StoreDep, flt: Filter):
    """Every event matching the filters, as CSV."""
    return csv_response(queries.iter_events(store, flt), EVENT_COLUMNS, "events")


@router.get("/api/events/timeline", response_model=list[TimelineBucket])
def timeline(store: StoreDep, flt: Filter, bucket: Annotated[Literal["day", "month"], Query()] = "day") -> list[dict]:
    """Events, stories and intensity per day or month."""
    return queries.event_timeline(store, flt, bucket)


@router.get("/api/events/places", response_model=list[MapPlace])
def event_places(store: StoreDep, flt: Filter, limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[dict]:
    """Geolocated events gathered by place, for the map."""
    return queries.event_places(store, flt, limit)


@router.get("/api/network", response_model=Network)
def event_network(store: StoreDep, flt: Filter) -> dict:
    """Who did what to whom among the latest matching events."""
    return queries.event_network(store, flt)
