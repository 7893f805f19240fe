"""What sources said: quotes, numeric claims and threat assessments."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from tocsin import query
from tocsin.query.filters import check_date
from tocsin.record import ThreatKind
from tocsin.web.models import BAD_REQUEST, ClaimRow, Page, QuoteRow, ThreatRow
from tocsin.web.params import (
    ActorParam,
    Cursor,
    Limit,
    Since,
    StoreDep,
    Until,
    Words,
    bad_request,
    decode_cursor,
    page,
    text,
)

router = APIRouter(tags=["quotes, claims and threats"], responses=BAD_REQUEST)
DocParam = Annotated[str | None, Query(max_length=64, description="Only this document.")]


def _dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    try:
        return check_date(text(since, "since"), "since"), check_date(text(until, "until"), "until")
    except ValueError as exc:
        raise bad_request(str(exc)) from None


@router.get("/api/quotes", response_model=Page[QuoteRow])
def list_quotes(
    store: StoreDep, actor: ActorParam = None, q: Words = None, doc_id: DocParam = None, since: Since = None,
    until: Until = None, limit: Limit = 50, cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Direct and reported speech, with the speaker when known."""
    since, until = _dates(since, until)
    return page(query.page_quotes, store, text(actor, "actor"), text(q, "q"), text(doc_id, "doc_id"), since, until,
                limit, decode_cursor(cursor))  # fmt: skip


@router.get("/api/claims", response_model=Page[ClaimRow])
def list_claims(
    store: StoreDep, attribute: Annotated[str | None, Query(description="e.g. killed, troops")] = None,
    q: Words = None, doc_id: DocParam = None, since: Since = None, until: Until = None, limit: Limit = 50,
    cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Numeric claims (how many killed, how many troops...) with their evidence."""
    since, until = _dates(since, until)
    return page(query.page_claims, store, text(attribute, "attribute"), text(q, "q"), text(doc_id, "doc_id"),
                since, until, limit, decode_cursor(cursor))  # fmt: skip


@router.get("/api/threats", response_model=Page[ThreatRow])
def list_threats(
    store: StoreDep, actor: ActorParam = None, kind: Annotated[ThreatKind | None, Query()] = None,
    level: Annotated[Literal["concern", "warning", "alarm"] | None, Query()] = None, q: Words = None,
    doc_id: DocParam = None, since: Since = None, until: Until = None, limit: Limit = 50, cursor: Cursor = None,
) -> dict:  # fmt: skip
    """Threat assessments: who holds them, about whom, of what kind and level."""
    since, until = _dates(since, until)
    return page(query.page_threats, store, text(actor, "actor"), kind, level, text(q, "q"), text(doc_id, "doc_id"),
                since, until, limit, decode_cursor(cursor))  # fmt: skip
