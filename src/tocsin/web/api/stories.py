"""Across sources: stories, disagreements between sources, indicator series and alerts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from tocsin import query
from tocsin.indicators.alerts import list_alerts
from tocsin.indicators.series import series
from tocsin.web.downloads import CSV_RESPONSE, table_response
from tocsin.web.models import BAD_REQUEST, Alert, Disagreement, IndicatorRow, Page, Problem, StoryDetail, StoryRow
from tocsin.web.params import DAY, Cursor, FilterDep, Limit, StoreDep, bad_request, decode_cursor, page, text

router = APIRouter(tags=["stories and indicators"], responses=BAD_REQUEST)
Format = Annotated[Literal["json", "csv"], Query(description="csv downloads every matching story.")]
Period = Annotated[Literal["day", "week", "month"], Query()]


@router.get("/api/stories", response_model=Page[StoryRow], responses=CSV_RESPONSE)
def list_stories(store: StoreDep, flt: FilterDep, limit: Limit = 50, cursor: Cursor = None, format: Format = "json"):
    """Stories, newest day first: one per happening, with how many articles and outlets report it."""
    if format == "csv":
        return table_response(store, "stories", "csv", flt)
    return page(query.page_stories, store, flt, limit, decode_cursor(cursor))


@router.get("/api/stories/{story_id}", response_model=StoryDetail, responses={404: {"model": Problem}})
def one_story(store: StoreDep, story_id: Annotated[str, Path(max_length=64)]) -> dict:
    """One story with its member events and a citation for each source."""
    found = query.get_story(store, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return found


@router.get("/api/disagreements", response_model=Page[Disagreement])
def disagreements(
    store: StoreDep, flt: FilterDep, attribute: Annotated[str | None, Query(max_length=64)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    doc_id: Annotated[str | None, Query(max_length=64)] = None, limit: Limit = 50, cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Numbers on which sources disagree, the widest gap first, each side with its evidence; the
    filters keep those with an article they keep on either side."""
    if doc_id:
        flt.doc_id = text(doc_id, "doc_id")
    return page(query.page_disagreements, store, flt, text(attribute, "attribute"), text(subject, "subject"), limit,
                decode_cursor(cursor))  # fmt: skip


@router.get("/api/indicators", response_model=list[IndicatorRow])
def indicators(
    store: StoreDep, flt: FilterDep,
    pair: Annotated[str | None, Query(description="Directed country pair, e.g. TJK-AFG.", max_length=16)] = None,
    kind: Annotated[str | None, Query(description="A threat kind.", max_length=32)] = None,
    period: Period = "week",
) -> list[dict]:  # fmt: skip
    """An indicator series: stories (or threat statements) and their intensity per period."""
    try:
        return series(store, flt.country, text(pair, "pair"), flt.type, text(kind, "kind"), period, flt.since,
                      flt.until)  # fmt: skip
    except ValueError as exc:
        raise bad_request(str(exc)) from None


@router.get("/api/alerts", response_model=list[Alert])
def alerts(
    store: StoreDep, flt: FilterDep, period: Period = "week",
    at: Annotated[str | None, Query(pattern=DAY, description="Test the period holding this day.")] = None,
    history: Annotated[bool, Query(description="Test every period, not only the latest.")] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:  # fmt: skip
    """Periods that depart from their series' recent past, strongest first, with the stories behind them."""
    try:
        found = list_alerts(store, period, at, flt.country, history, 100_000 if flt.since or flt.until else limit)
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    kept = [
        a for a in found if not (flt.since and a["period"] < flt.since or flt.until and a["period"] > flt.until + "~")
    ]
    return kept[:limit]
