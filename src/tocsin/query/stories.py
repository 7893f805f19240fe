"""Stories (one per happening, however many articles report it) and the numbers on which
sources disagree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, or_, select

from tocsin.query.filters import Filter, contains, lists, names_actor
from tocsin.query.paging import Key, Page, Row, every, fetch, keyset, offset
from tocsin.store import schema
from tocsin.store.database import Store

if TYPE_CHECKING:
    from tocsin.query.events import Network

STORY_LISTS = ("source_ids", "target_ids", "source_countries", "target_countries", "outlets")


def story_row(row: Row) -> Row:
    """A row of the stories table with its JSON lists decoded."""
    return row | {c: json.loads(row[c]) if row.get(c) else [] for c in STORY_LISTS if c in row}


def story_clauses(flt: Filter) -> list[ColumnElement[bool]]:
    """SQL conditions on the stories table."""
    s, m = schema.stories.c, schema.story_members.c
    out: list[ColumnElement[bool]] = []
    if flt.type:
        out.append(s.type == flt.type)
    if flt.country:
        out.append(or_(lists(s.source_countries, flt.country), lists(s.target_countries, flt.country)))
    if flt.actor:
        out.append(names_actor(schema.stories, flt.actor))
    if flt.since:
        out.append(s.day >= flt.since)
    if flt.until:
        out.append(s.day <= flt.until + "~")
    if flt.bbox:
        lon0, lat0, lon1, lat1 = flt.bbox
        out.append(s.lon.between(lon0, lon1) & s.lat.between(lat0, lat1))
    if flt.story_id:
        out.append(s.id == flt.story_id)
    if flt.doc_id:
        out.append(s.id.in_(select(m.story_id).where(m.doc_id == flt.doc_id)))
    if flt.outlet:
        out.append(lists(s.outlets, flt.outlet))
    if flt.q:
        out.extend(contains(s.headline, word) for word in flt.q.split())
    return out


def page_stories(store: Store, flt: Filter | None = None, limit: int = 50, after: Key | None = None) -> Page:
    """Stories matching the filter, newest day first."""
    s = schema.stories
    query = select(s).where(*story_clauses(flt or Filter()))
    rows, key = keyset(store, query, [s.c.day, s.c.id], limit, after, ["day", "id"])
    return [story_row(r) for r in rows], key


def iter_stories(store: Store, flt: Filter | None = None) -> Iterator[Row]:
    return every(page_stories, store, flt or Filter())


def count_stories(store: Store, flt: Filter) -> int:
    with store.engine.connect() as conn:
        query = select(func.count()).select_from(schema.stories).where(*story_clauses(flt))
        return conn.execute(query).scalar_one()


def list_stories(store: Store, limit: int = 100, **filters: Any) -> list[Row]:
    """The first ``limit`` stories matching ``filters`` (the fields of ``Filter``), newest day
    first. Raises ValueError on a malformed filter."""
    return page_stories(store, Filter(**filters), limit)[0]


def get_story(store: Store, story_id: str) -> Row | None:
    """One story with ``events`` (its member events, each with its document's outlet, url,
    published date and ``counted`` = 0 for a near-duplicate article) and ``citations``
    (doc id, url, outlet, evidence sentence and its offsets, one per member event)."""
    s, m, e, d = schema.stories, schema.story_members, schema.events, schema.documents
    found = fetch(store, select(s).where(s.c.id == story_id))
    if not found:
        return None
    members = fetch(
        store,
        select(e, m.c.counted, d.c.url, d.c.outlet, d.c.domain, d.c.published, d.c.title, d.c.duplicate_of)
        .join(m, m.c.event_id == e.c.id)
        .join(d, d.c.id == e.c.doc_id)
        .where(m.c.story_id == story_id)
        .order_by(d.c.published.nulls_last(), e.c.id),
    )
    story = story_row(found[0])
    story["events"] = members
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


# -- disagreements ------------------------------------------------------------------------
def page_disagreements(
    store: Store, flt: Filter | None = None, attribute: str | None = None, subject: str | None = None,
    limit: int = 50, after: Key | None = None,
) -> Page:  # fmt: skip
    """Flagged disagreements, the widest gap first: two stories (or one story's independent
    articles) give the same subject and attribute values that differ by more than the
    tolerance. Each dict has ``subject``, ``attribute``, ``unit``, ``relative_difference``,
    ``pairs`` (the pairs of claims behind it; the widest is shown) and ``a``/``b``: {doc_id,
    claim, value, evidence, start, end, story_id, url, outlet, published}. ``subject`` matches part of the subject; the
    filter keeps disagreements with a document it keeps on either side (``doc_id``: that one)."""
    from tocsin.query.documents import document_clauses

    t, d = schema.disagreements, schema.documents
    query = select(t)
    if attribute:
        query = query.where(t.c.attribute == attribute)
    if subject:
        query = query.where(contains(t.c.subject, subject))
    if flt is not None and flt.given():
        kept = select(d.c.id).where(*document_clauses(store, flt))
        query = query.where(or_(t.c.doc_a.in_(kept), t.c.doc_b.in_(kept)))
    rows, key = offset(store, query.order_by(t.c.relative_difference.desc(), t.c.id), limit, after)
    ids = {r["doc_a"] for r in rows} | {r["doc_b"] for r in rows}
    docs = {
        r["id"]: r
        for r in fetch(store, select(d.c.id, d.c.url, d.c.outlet, d.c.domain, d.c.published).where(d.c.id.in_(ids)))
    }
    out = []
    for r in rows:
        item = {k: r[k] for k in ("id", "subject", "attribute", "unit", "relative_difference", "pairs", "found_at")}
        for side in ("a", "b"):
            doc = docs.get(r[f"doc_{side}"], {})
            item[side] = {
                "doc_id": r[f"doc_{side}"],
                "claim": r[f"idx_{side}"],
                "value": r[f"value_{side}"],
                "evidence": r[f"evidence_{side}"],
                "start": r[f"start_{side}"],
                "end": r[f"end_{side}"],
                "story_id": r[f"story_{side}"],
                "url": doc.get("url"),
                "outlet": doc.get("outlet") or doc.get("domain"),
                "published": doc.get("published"),
            }
        out.append(item)
    return out, key


def list_disagreements(store: Store, attribute: str | None = None, subject: str | None = None,
                       doc_id: str | None = None, limit: int = 100) -> list[Row]:  # fmt: skip
    return page_disagreements(store, Filter(doc_id=doc_id), attribute, subject, limit)[0]


def flat_disagreement(item: Row) -> Row:
    """A disagreement as one flat row (for tables and CSV): ``doc_id_a``, ``value_a``,
    ``evidence_a``... beside the shared fields."""
    out = {k: v for k, v in item.items() if k not in ("a", "b")}
    for side in ("a", "b"):
        out.update({f"{k}_{side}": v for k, v in item[side].items()})
    return out


def story_network(store: Store, flt: Filter | None = None, limit: int = 150) -> Network:
    """Who acted on whom across the stories matching the filter: an edge counts stories (one
    happening, however many articles report it), as the GraphML export does. No filter, or a
    filter by one country or one type alone, is read from the kept network (store/network.py);
    any other is built from the first 20,000 matching stories."""
    from tocsin.query import tallied

    flt = flt or Filter()
    where_scope = tallied.network_scope(flt)
    if where_scope is not None:
        return tallied.network(store, where_scope, limit)
    return scanned_network(store, flt, limit)


def scanned_network(store: Store, flt: Filter, limit: int = 150, stories: int = 20_000) -> Network:
    """The story network built from the first ``stories`` stories matching the filter."""
    from tocsin.query.events import network

    s = schema.stories
    query = select(s.c.source_ids, s.c.target_ids, s.c.source_names, s.c.target_names, s.c.source_country,
                   s.c.target_country, s.c.intensity).where(*story_clauses(flt))  # fmt: skip
    return network(fetch(store, query.limit(stories)), limit, unit="stories")


def network_edges(store: Store, flt: Filter | None = None) -> list[Row]:
    """The story network as flat rows, one per directed actor pair, with both sides' names."""
    graph = story_network(store, flt, limit=10_000)
    nodes = {n["id"]: n for n in graph["nodes"]}
    return [
        {
            "source_id": e["source"],
            "source_name": nodes[e["source"]]["name"],
            "source_country": nodes[e["source"]]["country"],
            "target_id": e["target"],
            "target_name": nodes[e["target"]]["name"],
            "target_country": nodes[e["target"]]["country"],
            "stories": e["stories"],
            "intensity_mean": e["intensity_mean"],
        }
        for e in graph["edges"]
    ]
