"""Across sources: stories, disagreements between sources, indicator series and alerts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from tocsin.indicators.alerts import list_alerts
from tocsin.indicators.series import series
from tocsin.store import queries
from tocsin.stories.queries import get_story, list_disagreements
from tocsin.web.downloads import CSV_RESPONSE, STORY_COLUMNS, csv_response
from tocsin.web.models import BAD_REQUEST, Alert, Disagreement, IndicatorRow, Page, Problem, StoryDetail, StoryRow
from tocsin.web.params import (
    DAY,
    Country,
    Cursor,
    Limit,
    Since,
    StoreDep,
    TypeParam,
    Until,
    bad_request,
    decode_cursor,
    encode_cursor,
    page,
    text,
)

router = APIRouter(tags=["stories and indicators"], responses=BAD_REQUEST)
Format = Annotated[Literal["json", "csv"], Query(description="csv downloads every matching story.")]
Period = Annotated[Literal["day", "week", "month"], Query()]


def _filters(since, until, country, type) -> dict:
    values = {"since": text(since, "since"), "until": text(until, "until"), "country": text(country, "country"),
              "type": text(type, "type")}  # fmt: skip
    try:
        queries.EventFilter(**values)  # the same checks as the event filters
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    return values


@router.get("/api/stories", response_model=Page[StoryRow], responses=CSV_RESPONSE)
def list_stories(
    store: StoreDep, since: Since = None, until: Until = None, country: Country = None, type: TypeParam = None,
    limit: Limit = 50, cursor: Cursor = None, format: Format = "json",
):  # fmt: skip
    """Stories, newest day first: one per happening, with how many articles and outlets report it."""
    filters = _filters(since, until, country, type)
    if format == "csv":
        return csv_response(queries.iter_stories(store, **filters), STORY_COLUMNS, "stories")
    return page(queries.page_stories, store, **filters, limit=limit, after=decode_cursor(cursor))


@router.get("/api/stories.csv", responses=CSV_RESPONSE)
def download_stories(
    store: StoreDep, since: Since = None, until: Until = None, country: Country = None, type: TypeParam = None
):
    """Every story matching the filters, as CSV."""
    return csv_response(queries.iter_stories(store, **_filters(since, until, country, type)), STORY_COLUMNS, "stories")


@router.get("/api/stories/{story_id}", response_model=StoryDetail, responses={404: {"model": Problem}})
def one_story(store: StoreDep, story_id: Annotated[str, Path(max_length=64)]) -> dict:
    """One story with its member events and a citation for each source."""
    found = get_story(store, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return found


@router.get("/api/disagreements", response_model=Page[Disagreement])
def disagreements(
    store: StoreDep, attribute: Annotated[str | None, Query(max_length=64)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    doc_id: Annotated[str | None, Query(max_length=64)] = None, limit: Limit = 50, cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Numbers on which sources disagree, the widest gap first, each side with its evidence."""
    start = _offset(decode_cursor(cursor))
    rows = list_disagreements(store, text(attribute, "attribute"), text(subject, "subject"), text(doc_id, "doc_id"),
                              start + limit + 1)  # fmt: skip
    more = len(rows) > start + limit
    return {"items": rows[start : start + limit], "next": encode_cursor([start + limit]) if more else None}


@router.get("/api/indicators", response_model=list[IndicatorRow])
def indicators(
    store: StoreDep, country: Country = None,
    pair: Annotated[str | None, Query(description="Directed country pair, e.g. TJK-AFG.", max_length=16)] = None,
    type: TypeParam = None, kind: Annotated[str | None, Query(description="A threat kind.", max_length=32)] = None,
    period: Period = "week", since: Since = None, until: Until = None,
) -> list[dict]:  # fmt: skip
    """An indicator series: stories (or threat statements) and their intensity per period."""
    filters = _filters(since, until, country, type)
    try:
        return series(store, filters["country"], text(pair, "pair"), filters["type"], text(kind, "kind"), period,
                      filters["since"], filters["until"])  # fmt: skip
    except ValueError as exc:
        raise bad_request(str(exc)) from None


@router.get("/api/alerts", response_model=list[Alert])
def alerts(
    store: StoreDep, country: Country = None, period: Period = "week",
    at: Annotated[str | None, Query(pattern=DAY, description="Test the period holding this day.")] = None,
    history: Annotated[bool, Query(description="Test every period, not only the latest.")] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:  # fmt: skip
    """Periods that depart from their series' recent past, strongest first, with the stories behind them."""
    filters = _filters(None, None, country, None)
    try:
        return list_alerts(store, period, at, filters["country"], history, limit)
    except ValueError as exc:
        raise bad_request(str(exc)) from None


def _offset(key: list | None) -> int:
    if key is None:
        return 0
    if len(key) != 1 or not isinstance(key[0], int) or key[0] < 0:
        raise bad_request("cursor does not belong to this list")
    return key[0]
