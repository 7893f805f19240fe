"""Read queries over stories and disagreements, shared by the CLI, the API and the exports.
Every value from a user reaches SQL as a bound parameter."""

from __future__ import annotations

import json

from sqlalchemy import or_, select

from tocsin.store import Store, schema
from tocsin.store.queries import EventFilter

JSON_COLUMNS = ("source_ids", "target_ids", "source_countries", "target_countries", "outlets")


def _story(row) -> dict:
    out = dict(row)
    for col in JSON_COLUMNS:
        out[col] = json.loads(out[col]) if out.get(col) else []
    return out


def story_clauses(
    since: str | None = None, until: str | None = None, country: str | None = None, type: str | None = None
) -> list:  # noqa: A002 - the API's parameter name
    """SQL conditions on the stories table; the values are checked like the events filter's."""
    flt = EventFilter(country=country, type=type, since=since, until=until)
    s = schema.stories.c
    out = []
    if flt.type:
        out.append(s.type == flt.type)
    if flt.country:
        like = f'%"{flt.country}"%'
        out.append(or_(s.source_countries.like(like), s.target_countries.like(like)))
    if flt.since:
        out.append(s.day >= flt.since)
    if flt.until:
        out.append(s.day <= flt.until + "~")
    return out


def list_stories(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    type: str | None = None,  # noqa: A002
    limit: int = 100,
    after: str | None = None,
) -> list[dict]:
    """Stories (one per happening, however many articles report it), newest day first.

    ``since``/``until`` bound the story's day (YYYY[-MM[-DD]]); ``country`` (ISO-3) matches
    either side; ``type`` is a PLOVER type. ``after`` is the last id of the previous page
    (pages are then in id order). Raises ValueError on a malformed filter. Each dict has the
    columns of the ``stories`` table, with the JSON lists decoded.
    """
    s = schema.stories
    query = select(s).where(*story_clauses(since, until, country, type))
    if after:
        query = query.where(s.c.id > after).order_by(s.c.id)
    else:
        query = query.order_by(s.c.day.desc(), s.c.n_sources.desc(), s.c.id)
    with store.engine.connect() as conn:
        return [_story(r) for r in conn.execute(query.limit(max(1, min(limit, 10_000)))).mappings()]


def get_story(store: Store, story_id: str) -> dict | None:
    """One story with ``events`` (its member events, each with its document's outlet, url,
    published date and ``counted`` = 0 for a near-duplicate article) and ``citations``
    (doc id, url, outlet, evidence sentence and its offsets, one per member event)."""
    s, m, e, d = schema.stories, schema.story_members, schema.events, schema.documents
    with store.engine.connect() as conn:
        row = conn.execute(select(s).where(s.c.id == story_id)).mappings().first()
        if row is None:
            return None
        members = (
            conn.execute(
                select(e, m.c.counted, d.c.url, d.c.outlet, d.c.domain, d.c.published, d.c.title, d.c.duplicate_of)
                .join(m, m.c.event_id == e.c.id)
                .join(d, d.c.id == e.c.doc_id)
                .where(m.c.story_id == story_id)
                .order_by(d.c.published.nulls_last(), e.c.id)
            )
            .mappings()
            .all()
        )
    story = _story(row)
    story["events"] = [dict(r) for r in members]
    story["citations"] = [
        {
            "doc_id": r["doc_id"],
            "event_id": r["id"],
            "url": r["url"],
            "outlet": r["outlet"] or r["domain"],
            "published": r["published"],
            "evidence": r["evidence"],
            "start": r["start"],
            "end": r["end"],
            "duplicate_of": r["duplicate_of"],
        }
        for r in members
    ]
    return story


def list_disagreements(
    store: Store,
    attribute: str | None = None,
    subject: str | None = None,
    doc_id: str | None = None,
    limit: int = 100,
) -> list[dict]:
    """Flagged disagreements: two documents give the same subject and attribute values that
    differ by more than the tolerance. Each dict has ``subject``, ``attribute``, ``unit``,
    ``relative_difference`` and ``a``/``b``: {doc_id, value, evidence, start, end, url, outlet,
    published}. ``subject`` matches part of the subject; ``doc_id`` either side."""
    t, d = schema.disagreements, schema.documents
    query = select(t)
    if attribute:
        query = query.where(t.c.attribute == attribute)
    if subject:
        query = query.where(t.c.subject.like(f"%{subject}%"))
    if doc_id:
        query = query.where(or_(t.c.doc_a == doc_id, t.c.doc_b == doc_id))
    query = query.order_by(t.c.relative_difference.desc(), t.c.id).limit(max(1, min(limit, 10_000)))
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        ids = {r["doc_a"] for r in rows} | {r["doc_b"] for r in rows}
        docs = {
            r["id"]: dict(r)
            for r in conn.execute(
                select(d.c.id, d.c.url, d.c.outlet, d.c.domain, d.c.published).where(d.c.id.in_(ids))
            ).mappings()
        }
    out = []
    for r in rows:
        item = {k: r[k] for k in ("id", "subject", "attribute", "unit", "relative_difference", "found_at")}
        for side in ("a", "b"):
            doc = docs.get(r[f"doc_{side}"], {})
            item[side] = {
                "doc_id": r[f"doc_{side}"],
                "claim": r[f"idx_{side}"],
                "value": r[f"value_{side}"],
                "evidence": r[f"evidence_{side}"],
                "start": r[f"start_{side}"],
                "end": r[f"end_{side}"],
                "url": doc.get("url"),
                "outlet": doc.get("outlet") or doc.get("domain"),
                "published": doc.get("published"),
            }
        out.append(item)
    return out


def flat_disagreement(item: dict) -> dict:
    """A disagreement as one flat row (for tables and CSV): ``doc_a``, ``value_a``,
    ``evidence_a``... beside the shared fields."""
    out = {k: v for k, v in item.items() if k not in ("a", "b")}
    for side in ("a", "b"):
        out.update({f"{k}_{side}": v for k, v in item[side].items()})
    return out
