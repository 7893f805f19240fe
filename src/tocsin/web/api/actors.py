"""Actors (with their events and network) and places."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from tocsin import query
from tocsin.query.filters import country_code
from tocsin.web.models import BAD_REQUEST, ActorDetail, ActorSummary, Page, PlaceSummary, Problem
from tocsin.web.params import (
    Bbox,
    Country,
    Cursor,
    Limit,
    StoreDep,
    Words,
    bad_request,
    bbox,
    decode_cursor,
    page,
    text,
)

router = APIRouter(tags=["actors and places"], responses=BAD_REQUEST)
Kind = Annotated[
    Literal["person", "state", "government", "igo", "armed_group", "organization", "other"] | None, Query()
]


def _country(value: str | None) -> str | None:
    value = text(value, "country")
    try:
        return country_code(value) if value else None
    except ValueError as exc:
        raise bad_request(str(exc)) from None


@router.get("/api/actors", response_model=Page[ActorSummary])
def list_actors(
    store: StoreDep, country: Country = None, q: Words = None, kind: Kind = None, limit: Limit = 50,
    cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Actors across all documents, the most reported first."""
    return page(query.page_actors, store, _country(country), text(q, "q"), kind, limit, decode_cursor(cursor))


@router.get("/api/actors/{actor_id:path}", response_model=ActorDetail, responses={404: {"model": Problem}})
def get_actor(store: StoreDep, actor_id: Annotated[str, Path(max_length=200)]) -> dict:
    """One actor: its documents, its latest events and the actors it deals with."""
    found = query.actor_detail(store, actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id!r}")
    return found


@router.get("/api/places", response_model=Page[PlaceSummary])
def list_places(
    store: StoreDep, country: Country = None, q: Words = None, bbox_: Bbox = None, limit: Limit = 50,
    cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Places across all documents, the most reported first; `bbox` keeps those inside it."""
    box = bbox(bbox_)
    if box and not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
        raise bad_request("bbox must be min_lon,min_lat,max_lon,max_lat within the world")
    return page(query.page_places, store, _country(country), text(q, "q"), box, limit, decode_cursor(cursor))
