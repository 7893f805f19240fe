"""What sources said: quotes, numeric claims and threat assessments."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, or_, select

from tocsin.query.filters import check_date, contains, lists
from tocsin.query.paging import Key, Page, keyset
from tocsin.store import schema
from tocsin.store.database import Store


def _published(table: Table, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    d = schema.documents.c
    since, until = check_date(since, "since"), check_date(until, "until")
    out: list[ColumnElement[bool]] = []
    if since:
        out.append(table.c.doc_id.in_(select(d.id).where(d.published >= since)))
    if until:
        out.append(table.c.doc_id.in_(select(d.id).where(d.published <= until + "~")))
    return out


def page_quotes(
    store: Store, actor: str | None = None, q: str | None = None, doc_id: str | None = None,
    since: str | None = None, until: str | None = None, limit: int = 50, after: Key | None = None,
) -> Page:  # fmt: skip
    t = schema.quotes
    query = select(t).where(*_published(t, since, until))
    if actor:
        query = query.where(or_(t.c.speaker == actor, contains(t.c.speaker_name, actor)))
    if q:
        query = query.where(*(contains(t.c.text, w) for w in q.split()))
    if doc_id:
        query = query.where(t.c.doc_id == doc_id)
    return keyset(store, query, [t.c.doc_id, t.c.idx], limit, after, ["doc_id", "idx"])


def page_claims(
    store: Store, attribute: str | None = None, q: str | None = None, doc_id: str | None = None,
    since: str | None = None, until: str | None = None, limit: int = 50, after: Key | None = None,
) -> Page:  # fmt: skip
    t = schema.claims
    query = select(t).where(*_published(t, since, until))
    if attribute:
        query = query.where(t.c.attribute == attribute)
    if q:
        query = query.where(*(or_(contains(t.c.subject, w), contains(t.c.evidence, w)) for w in q.split()))
    if doc_id:
        query = query.where(t.c.doc_id == doc_id)
    return keyset(store, query, [t.c.doc_id, t.c.idx], limit, after, ["doc_id", "idx"])


def page_threats(
    store: Store, actor: str | None = None, kind: str | None = None, level: str | None = None,
    q: str | None = None, doc_id: str | None = None, since: str | None = None, until: str | None = None,
    limit: int = 50, after: Key | None = None,
) -> Page:  # fmt: skip
    t = schema.threats
    since, until = check_date(since, "since"), check_date(until, "until")
    query = select(t)
    if since:
        query = query.where(t.c.date >= since)
    if until:
        query = query.where(t.c.date <= until + "~")
    if actor:
        query = query.where(
            or_(lists(t.c.holder_ids, actor), lists(t.c.source_ids, actor), lists(t.c.target_ids, actor),
                contains(t.c.holder_names, actor), contains(t.c.source_names, actor))
        )  # fmt: skip
    if kind:
        query = query.where(lists(t.c.kinds, kind))
    if level:
        query = query.where(t.c.level == level)
    if q:
        query = query.where(*(contains(t.c.evidence, w) for w in q.split()))
    if doc_id:
        query = query.where(t.c.doc_id == doc_id)
    return keyset(store, query, [t.c.date, t.c.doc_id, t.c.idx], limit, after, ["date", "doc_id", "idx"])
