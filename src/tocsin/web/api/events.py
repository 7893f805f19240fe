"""Events: the filtered list (JSON pages or CSV), the timeline, the map and the network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from tocsin import query
from tocsin.web.downloads import CSV_RESPONSE, table_response
from tocsin.web.models import BAD_REQUEST, EventRow, MapPlace, Page, StoryNetwork, TimelineBucket
from tocsin.web.params import Cursor, FilterDep, Limit, StoreDep, decode_cursor, page

router = APIRouter(tags=["events"], responses=BAD_REQUEST)
Format = Annotated[Literal["json", "csv"], Query(description="csv downloads every matching event.")]


@router.get("/api/events", response_model=Page[EventRow], responses=CSV_RESPONSE)
def list_events(store: StoreDep, flt: FilterDep, limit: Limit = 50, cursor: Cursor = None, format: Format = "json"):
    """Coded events, newest first, with filters; `format=csv` downloads the whole list (as /api/events.csv)."""
    if format == "csv":
        return table_response(store, "events", "csv", flt)
    return page(query.page_events, store, flt, limit, decode_cursor(cursor))


@router.get("/api/events/timeline", response_model=list[TimelineBucket])
def timeline(
    store: StoreDep, flt: FilterDep, bucket: Annotated[Literal["day", "month"], Query()] = "day"
) -> list[dict]:
    """Events, stories and intensity per day or month."""
    return query.event_timeline(store, flt, bucket)


@router.get("/api/events/places", response_model=list[MapPlace])
def event_places(store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[dict]:
    """Events gathered by place for the map; events without a located place are gathered at
    the country they concern, with `precision` = `country`."""
    return query.event_places(store, flt, limit)


@router.get("/api/network", response_model=StoryNetwork)
def event_network(store: StoreDep, flt: FilterDep) -> dict:
    """Who acted on whom across the matching stories: edges and nodes count stories."""
    return query.story_network(store, flt)
