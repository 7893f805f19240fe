"""Query parameters shared by the list endpoints, checked before anything reaches SQL.

A parameter that does not parse is the client's mistake: it becomes a 400 with a
sentence saying what was expected, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from tocsin.query import Filter
from tocsin.query.filters import parse_bbox
from tocsin.record import EventType
from tocsin.store import Store


def store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store)]
# The alerts' day is bounded to years 1000-2999 like every date filter (tocsin.query.filters).
DAY = r"^[12]\d{3}-\d{2}-\d{2}$"
NUMBER = r"\s*-?\d+(\.\d+)?\s*"

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Since = Annotated[
    str | None, Query(max_length=32, description="Earliest date, YYYY[-MM[-DD]].", examples=["2025-01-01"])
]
Until = Annotated[
    str | None, Query(max_length=32, description="Latest date, YYYY[-MM[-DD]]; a month or year includes all of it.")
]
Country = Annotated[
    str | None,
    Query(max_length=80, description="Country of source or target: an ISO 3166-1 alpha-3 code (TJK) or a name."),
]
Outlet = Annotated[str | None, Query(max_length=200, description="Only articles from this outlet (or web domain).")]
ActorParam = Annotated[str | None, Query(max_length=200, description="Actor id or part of its name.")]
TypeParam = Annotated[EventType | None, Query(description="PLOVER event type.")]
Bbox = Annotated[
    str | None,
    Query(alias="bbox", pattern=f"^({NUMBER}(,{NUMBER}){{3}})?$", description="min_lon,min_lat,max_lon,max_lat",
          examples=["60,29,75,45"]),
]  # fmt: skip
Words = Annotated[str | None, Query(max_length=500, description="Words to find (all of them).")]
Located = Annotated[bool | None, Query(description="Only events with (true) or without (false) a located place.")]
Cursor = Annotated[
    str | None, Query(pattern=r"^[A-Za-z0-9_-]*$", max_length=2000, description="The `next` of the previous page.")
]


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def text(value: str | None, name: str) -> str | None:
    """Free text: NUL and other control characters are refused, blank means absent."""
    if value is None:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise bad_request(f"{name} contains control characters")
    return value.strip() or None


def bbox(value: str | None) -> tuple[float, float, float, float] | None:
    try:
        return parse_bbox(text(value, "bbox"))
    except ValueError as exc:
        raise bad_request(str(exc)) from None


def event_filter(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    actor: ActorParam = None,
    type: TypeParam = None,
    bbox_: Bbox = None,
    outlet: Outlet = None,
    q: Words = None,
    located: Located = None,
) -> Filter:
    """The query layer's filter from the query string; a value that does not parse is a 400
    whose message says in words what was expected."""
    try:
        return Filter(
            since=text(since, "since"),
            until=text(until, "until"),
            country=text(country, "country"),
            actor=text(actor, "actor"),
            type=text(type, "type"),
            bbox=bbox(bbox_),
            outlet=text(outlet, "outlet"),
            q=text(q, "q"),
            located=located,
        )
    except ValueError as exc:
        raise bad_request(str(exc)) from None


FilterDep = Annotated[Filter, Depends(event_filter)]


CURSOR_KEYS = 4  # the most key columns a list pages by
CURSOR_TEXT = 512  # the longest key value (ids and dates are far shorter)


def decode_cursor(value: str | None) -> list | None:
    """The key a cursor carries: a short flat list of strings, 64-bit integers or nulls.
    Anything else (deep nesting, huge numbers, floats, long strings) is a 400."""
    if not value:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(value.encode("ascii") + b"=" * (-len(value) % 4)))
    except (ValueError, UnicodeError, binascii.Error, RecursionError):
        raise bad_request("cursor is not one this API handed out") from None
    if not isinstance(key, list) or not 1 <= len(key) <= CURSOR_KEYS or not all(_key_value(v) for v in key):
        raise bad_request("cursor is not one this API handed out")
    return key


def _key_value(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, str) and len(value) <= CURSOR_TEXT and "\x00" not in value


def encode_cursor(key: list | None) -> str | None:
    if key is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def page(run, *args, **kwargs) -> dict:
    """Run a page query; a cursor from another list is the client's mistake too."""
    try:
        items, key = run(*args, **kwargs)
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    return {"items": items, "next": encode_cursor(key)}
