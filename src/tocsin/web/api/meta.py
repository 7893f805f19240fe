"""What the store holds (for the dashboard's header), facets beside a filtered list, and
suggestions for the filter fields."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from tocsin import query
from tocsin.query.summary import counts
from tocsin.web.models import BAD_REQUEST, Summary
from tocsin.web.params import FilterDep, StoreDep, bad_request, text

router = APIRouter(tags=["meta"], responses=BAD_REQUEST)


class FacetValue(BaseModel):
    value: str
    label: str | None = None
    count: int | None = None


@router.get("/api/summary", response_model=Summary)
def summary(store: StoreDep, flt: FilterDep, request: Request) -> dict:
    """Counts of what is stored (or of what the filters keep) and the span of event dates; the
    same counts `tocsin summary` prints."""
    return counts(store, flt) | {"writable": bool(request.app.state.write_token)}


@router.get("/api/facets", response_model=dict[str, list[FacetValue]])
def facets(store: StoreDep, flt: FilterDep, size: Annotated[int, Query(ge=1, le=50)] = 10) -> dict:
    """For the events matching the filters: the commonest countries, actors, types, outlets and
    months, with how many events each has. A facet's `value` is what its filter takes."""
    return query.facets(store, flt, size)


@router.get("/api/suggest", response_model=list[FacetValue])
def suggest(
    store: StoreDep,
    field: Annotated[Literal["country", "actor", "outlet", "type"], Query()],
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict]:
    """Values for a filter field that contain `q`, the most reported first: countries by name or
    code, actors by name or id, outlets, event types."""
    try:
        return query.suggest(store, field, text(q, "q") or "", limit)
    except ValueError as exc:
        raise bad_request(str(exc)) from None
