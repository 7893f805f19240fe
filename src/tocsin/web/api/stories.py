"""Across sources: stories, disagreements between sources, indicator series and alerts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from tocsin import query
from tocsin.indicators.alerts import LISTED, list_alerts
from tocsin.indicators.series import series, span_days
from tocsin.web.downloads import CSV_RESPONSE, table_response
from tocsin.web.models import BAD_REQUEST, Alert, Disagreement, IndicatorRow, Page, Problem, StoryDetail, StoryRow
from tocsin.web.params import DAY, Cursor, FilterDep, Limit, StoreDep, bad_request, decode_cursor, page, text

router = APIRouter(tags=["stories and indicators"], responses=BAD_REQUEST)
Format = Annotated[Literal["json", "csv"], Query(description="csv downloads every matching story.")]
Period = Annotated[Literal["day", "week", "month"], Query()]
LISTED_DAYS = 92  # the longest range whose story ids /api/indicators lists (a quarter)


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


@router.get("/api/indicators", response_model=list[IndicatorRow], response_model_exclude_none=True)
def indicators(
    store: StoreDep, flt: FilterDep,
    pair: Annotated[str | None, Query(description="Directed country pair, e.g. TJK-AFG.", max_length=16)] = None,
    kind: Annotated[str | None, Query(description="A threat kind.", max_length=32)] = None,
    period: Period = "week",
    stories: Annotated[bool, Query(description=(
        f"List the ids of what each period counts (`items`); needs since and until, at most {LISTED_DAYS} days "
        "apart.")
    )] = False,
) -> list[dict]:  # fmt: skip
    """An indicator series: stories (or threat statements) and their intensity per period.

    Each row gives its counts; `stories=true` adds `items`, the ids of the stories (for a
    threat kind, the threat statements' keys) the period counts, for a bounded range:
    `/api/indicators?country=TJK&since=2025-03-01&until=2025-03-31&stories=true`."""
    if stories and not (flt.since and flt.until and span_days(flt.since, flt.until) <= LISTED_DAYS):
        raise bad_request(f"stories=true lists the stories of a range: give since and until at most {LISTED_DAYS} "
                          "days apart")  # fmt: skip
    try:
        return series(store, flt.country, text(pair, "pair"), flt.type, text(kind, "kind"), period, flt.since,
                      flt.until, items=stories)  # fmt: skip
    except ValueError as exc:
        raise bad_request(str(exc)) from None


@router.get("/api/alerts", response_model=list[Alert])
def alerts(
    store: StoreDep, flt: FilterDep, period: Period = "week",
    at: Annotated[str | None, Query(pattern=DAY, description="Test the period holding this day.")] = None,
    history: Annotated[bool, Query(description="Test every period, not only the latest.")] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    stories: Annotated[Literal["sample", "all"], Query(description=(
        f"sample: each alert lists its first {LISTED} stories; all: every one.")
    )] = "sample",
) -> list[dict[str, Any]]:  # fmt: skip
    """Periods that depart from their series' recent past, strongest first, with the stories behind them.

    Each alert lists the first stories of its period (by day, then id; for a threat kind, the
    threat statements) and says in `n_stories` how many there are. `stories=all` lists every
    one: ask for one alert's period with `at` (a day in it), `period` and `country`, e.g.
    `/api/alerts?period=week&at=2025-03-17&country=TJK&stories=all`. The downloads
    (`/api/alerts.csv`, `/api/alerts.json`) list every story id of each alert."""
    shown = None if stories == "all" else LISTED
    try:
        found = list_alerts(store, period, at, flt.country, history, 100_000 if flt.since or flt.until else limit,
                            shown=shown)  # fmt: skip
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    kept = [
        a for a in found if not (flt.since and a["period"] < flt.since or flt.until and a["period"] > flt.until + "~")
    ]
    return kept[:limit]
