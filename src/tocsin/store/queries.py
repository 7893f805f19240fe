"""Read queries shared by the CLI, the API and the exports. Every value from a user
reaches SQL as a bound parameter."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Integer, and_, func, literal_column, or_, select, text, true, tuple_

from tocsin.record import EVENT_TYPES
from tocsin.store import schema
from tocsin.store.database import Store

ISO_DATE = re.compile(r"^[12]\d{3}(-\d{2}(-\d{2})?)?$")  # years 1000-2999
ISO3 = re.compile(r"^[A-Z]{3}$")


def contains(column, word: str) -> ColumnElement:
    """Case-insensitive substring match; ``%`` and ``_`` in the word match themselves."""
    return column.icontains(word, autoescape=True)


def lists(column, item: str) -> ColumnElement:
    """A JSON-list column holds exactly this item."""
    return column.contains(json.dumps(item), autoescape=True)


@dataclass
class EventFilter:
    actor: str | None = None
    country: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    doc_id: str | None = None
    story_id: str | None = None
    q: str | None = None  # words to find in the evidence sentence

    def __post_init__(self) -> None:
        if self.type:
            self.type = self.type.upper()
            if self.type not in EVENT_TYPES:
                raise ValueError(f"unknown event type {self.type!r}; PLOVER types are {', '.join(EVENT_TYPES)}")
        if self.country:
            self.country = self.country.upper()
            if not ISO3.match(self.country):
                raise ValueError(f"country must be an ISO 3166-1 alpha-3 code, not {self.country!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not ISO_DATE.match(value):
                raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
        if self.bbox and not (
            -180 <= self.bbox[0] <= self.bbox[2] <= 180 and -90 <= self.bbox[1] <= self.bbox[3] <= 90
        ):
            raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within the world")

    def clauses(self) -> list:
        e = schema.events.c
        out = []
        if self.type:
            out.append(e.type == self.type)
        if self.country:
            out.append(or_(e.source_country == self.country, e.target_country == self.country))
        if self.actor:
            out.append(
                or_(
                    contains(e.source_ids, self.actor),
                    contains(e.target_ids, self.actor),
                    contains(e.source_names, self.actor),
                    contains(e.target_names, self.actor),
                )
            )
        if self.since:
            out.append(e.date >= self.since)
        if self.until:
            # "2025-03" as an upper bound includes every day of March
            out.append(e.date <= self.until + "~")
        if self.bbox:
            lon0, lat0, lon1, lat1 = self.bbox
            out.append(and_(e.lon >= lon0, e.lon <= lon1, e.lat >= lat0, e.lat <= lat1))
        if self.doc_id:
            out.append(e.doc_id == self.doc_id)
        if self.story_id:
            out.append(e.story_id == self.story_id)
        if self.q:
            out.extend(contains(e.evidence, word) for word in self.q.split())
        return out


def select_events(store: Store, flt: EventFilter, limit: int = 100, after: str | None = None) -> list[dict]:
    """Events matching the filter, newest date first; ``after`` is the last id of the previous page."""
    e = schema.events
    query = select(e).where(*flt.clauses())
    if after:
        query = query.where(e.c.id > after).order_by(e.c.id)
    else:
        query = query.order_by(e.c.date.desc().nulls_last(), e.c.id)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query.limit(limit)).mappings()]


# -- pages ----------------------------------------------------------------------------
# Lists are read in keyset pages: rows are ordered by key columns, newest first, and the
# next page starts strictly after the last row's key. The key travels to the client as an
# opaque cursor; a malformed key is a ValueError (the API answers 400).
Page = tuple[list[dict], list | None]


def _rows(store: Store, query) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def _keyset(store: Store, query, columns: list, limit: int, after: list | None, names: list[str]) -> Page:
    """Rows in the order ``columns`` descending (NULLs of the first column last), after ``after``.

    Only the first key column may be NULL. Rows with a value and rows without are read by two
    plain range queries, so each walks an index instead of sorting the whole match.
    """
    order = [c.desc().nulls_last() for c in columns]
    if after is None:
        rows = _rows(store, query.order_by(*order).limit(limit + 1))
    else:
        if len(after) != len(columns) or not all(
            _fits(v, c, nullable=i == 0) for i, (v, c) in enumerate(zip(after, columns, strict=True))
        ):
            raise ValueError("cursor does not belong to this list")
        head, rest = columns[0], columns[1:]
        rows = []
        if after[0] is not None:
            valued = query.where(head.is_not(None), tuple_(*columns) < tuple_(*after))
            rows = _rows(store, valued.order_by(*order).limit(limit + 1))
        if len(rows) <= limit:
            empty = query.where(head.is_(None))
            if after[0] is None:
                empty = empty.where(tuple_(*rest) < tuple_(*after[1:]))
            rows += _rows(store, empty.order_by(*order[1:]).limit(limit + 1 - len(rows)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, [rows[-1][n] for n in names]


INT64 = 2**63


def _fits(value, column, nullable: bool) -> bool:
    """A cursor's key value has the type of its column (an integer column takes a 64-bit integer)."""
    if value is None:
        return nullable
    if isinstance(column.type, Integer):
        return isinstance(value, int) and not isinstance(value, bool) and -INT64 <= value < INT64
    return isinstance(value, str) and "\x00" not in value


def _offset(store: Store, query, limit: int, after: list | None) -> Page:
    """Pages by position, for aggregated lists that have no stable row key."""
    if after is not None and not (len(after) == 1 and isinstance(after[0], int) and 0 <= after[0] < INT64):
        raise ValueError("cursor does not belong to this list")
    start = after[0] if after else 0
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query.offset(start).limit(limit + 1)).mappings()]
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], [start + limit]


WIDE_BOX = 4.0  # square degrees: a box wider than a district matches too much for the lat/lon index


def page_events(store: Store, flt: EventFilter, limit: int = 50, after: list | None = None) -> Page:
    """Events matching the filter, newest date first."""
    e = schema.events
    clauses = flt.clauses()
    if flt.bbox and (flt.bbox[2] - flt.bbox[0]) * (flt.bbox[3] - flt.bbox[1]) > WIDE_BOX:
        # A wide box keeps most rows: walking the date index and testing each row beats
        # fetching every row in the box and sorting them. ``+ 0`` hides lat/lon from the planner.
        wide = replace(flt, bbox=None)
        lon0, lat0, lon1, lat1 = flt.bbox
        lon, lat = e.c.lon + 0, e.c.lat + 0
        clauses = [*wide.clauses(), lon >= lon0, lon <= lon1, lat >= lat0, lat <= lat1]
    query = select(e).where(*clauses)
    return _keyset(store, query, [e.c.date, e.c.id], limit, after, ["date", "id"])


def iter_events(store: Store, flt: EventFilter, batch: int = 1000):
    """Every matching event, in pages, for downloads."""
    after = None
    while True:
        rows, after = page_events(store, flt, batch, after)
        yield from rows
        if after is None:
            return


def event_timeline(store: Store, flt: EventFilter, bucket: str = "day") -> list[dict]:
    """Event counts, distinct stories, and intensity per day or month."""
    e = schema.events.c
    period = func.substr(e.date, 1, 10 if bucket == "day" else 7).label("period")
    query = (
        select(
            period,
            func.count().label("events"),
            func.count(func.distinct(e.story_id)).label("stories"),
            func.count(func.distinct(e.doc_id)).label("documents"),
            func.avg(e.intensity).label("intensity_mean"),
            func.min(e.intensity).label("intensity_min"),
            func.sum(e.killed).label("killed"),
        )
        .where(func.length(e.date) >= (10 if bucket == "day" else 7), *flt.clauses())  # precise enough dates
        .group_by(period)
        .order_by(period)
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def event_places(store: Store, flt: EventFilter, limit: int = 500) -> list[dict]:
    """Geolocated events gathered by place, for the map."""
    e = schema.events.c
    query = (
        select(
            e.place_id,
            func.max(e.place_name).label("place_name"),
            e.lat,
            e.lon,
            func.count().label("events"),
            func.avg(e.intensity).label("intensity_mean"),
            func.max(e.date).label("latest"),
        )
        .where(e.lat.is_not(None), e.lon.is_not(None), *flt.clauses())
        .group_by(e.place_id, e.lat, e.lon)
        .order_by(func.count().desc(), e.place_id)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


# -- documents --------------------------------------------------------------------------
def _fts_words(query: str) -> str:
    """Each word as a quoted FTS5 string, so user input is never query syntax."""
    return " ".join(f'"{w}"' for w in query.replace('"', " ").replace("\x00", " ").split())


def full_text(store: Store, query: str) -> ColumnElement:
    d = schema.documents.c
    if store.sqlite:
        words = _fts_words(query)
        if not words:
            return true()
        hits = (
            select(literal_column("doc_id"))
            .select_from(text("documents_fts"))
            .where(text("documents_fts MATCH :fts").bindparams(fts=words))
        )
        return d.id.in_(hits)
    document = func.to_tsvector("simple", func.coalesce(d.title, "") + " " + d.text)
    return document.op("@@")(func.plainto_tsquery("simple", query))


def document_clauses(store: Store, flt: EventFilter) -> list:
    d, a, p, e = schema.documents.c, schema.actors.c, schema.places.c, schema.events.c
    out = []
    if flt.since:
        out.append(d.published >= flt.since)
    if flt.until:
        out.append(d.published <= flt.until + "~")
    if flt.country:
        out.append(
            or_(
                d.id.in_(select(a.doc_id).where(a.country == flt.country)),
                d.id.in_(select(p.doc_id).where(p.country == flt.country)),
            )
        )
    if flt.actor:
        out.append(d.id.in_(select(a.doc_id).where(or_(a.actor_id == flt.actor, contains(a.name, flt.actor)))))
    if flt.type:
        out.append(d.id.in_(select(e.doc_id).where(e.type == flt.type)))
    if flt.bbox:
        lon0, lat0, lon1, lat1 = flt.bbox
        out.append(d.id.in_(select(p.doc_id).where(p.lon >= lon0, p.lon <= lon1, p.lat >= lat0, p.lat <= lat1)))
    if flt.story_id:
        out.append(d.id.in_(select(e.doc_id).where(e.story_id == flt.story_id)))
    if flt.q:
        out.append(full_text(store, flt.q))
    return out


def page_documents(store: Store, flt: EventFilter, limit: int = 50, after: list | None = None) -> Page:
    """Document summaries (no text), newest publication first."""
    d, e, a = schema.documents, schema.events.c, schema.actors.c
    query = select(
        d.c.id, d.c.title, d.c.published, d.c.outlet, d.c.url, d.c.domain, d.c.language, d.c.duplicate_of,
        select(func.count()).where(e.doc_id == d.c.id).scalar_subquery().label("events"),
        select(func.count()).where(a.doc_id == d.c.id).scalar_subquery().label("actors"),
    ).where(*document_clauses(store, flt))  # fmt: skip
    return _keyset(store, query, [d.c.published, d.c.id], limit, after, ["published", "id"])


# -- actors and places ----------------------------------------------------------------------
def page_actors(
    store: Store, country: str | None = None, q: str | None = None, kind: str | None = None,
    limit: int = 50, after: list | None = None,
) -> Page:  # fmt: skip
    """Actors across documents, most-reported first."""
    a = schema.actors.c
    query = select(
        a.actor_id.label("id"), func.max(a.name).label("name"), func.max(a.kind).label("kind"),
        func.max(a.country).label("country"), func.max(a.sector).label("sector"),
        func.count().label("documents"), func.sum(a.mentions).label("mentions"),
    ).group_by(a.actor_id).order_by(func.count().desc(), a.actor_id)  # fmt: skip
    if country:
        query = query.where(a.country == country)
    if kind:
        query = query.where(a.kind == kind)
    if q:
        query = query.where(or_(a.actor_id == q, contains(a.name, q)))
    return _offset(store, query, limit, after)


def actor_events_clause(actor_id: str) -> ColumnElement:
    e = schema.events.c
    return or_(lists(e.source_ids, actor_id), lists(e.target_ids, actor_id))


def actor_detail(store: Store, actor_id: str, limit: int = 100) -> dict | None:
    """One actor: who it is, where it is reported, its latest events and its partners."""
    a, e = schema.actors.c, schema.events
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.actors).where(a.actor_id == actor_id)).mappings().all()
        if not rows:
            return None
        events = [
            dict(r)
            for r in conn.execute(
                select(e).where(actor_events_clause(actor_id)).order_by(e.c.date.desc().nulls_last(), e.c.id)
                .limit(limit)
            ).mappings()
        ]  # fmt: skip
    first = Counter(r["name"] for r in rows).most_common(1)[0][0]
    pick = next(r for r in rows if r["name"] == first)
    return {
        "id": actor_id, "name": first, "kind": pick["kind"], "country": pick["country"], "sector": pick["sector"],
        "role": next((r["role"] for r in rows if r["role"]), None),
        "documents": sorted({r["doc_id"] for r in rows}),
        "mentions": sum(r["mentions"] or 0 for r in rows),
        "events": events,
        "network": network(events),
    }  # fmt: skip


def network(events: list[dict], limit: int = 150) -> dict:
    """Actors as nodes and who-did-what-to-whom as weighted, directed edges."""
    names: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    weight: Counter = Counter()
    intensity: Counter = Counter()
    for ev in events:
        sources, targets = json.loads(ev["source_ids"] or "[]"), json.loads(ev["target_ids"] or "[]")
        snames = (ev["source_names"] or "").split("; ")
        tnames = (ev["target_names"] or "").split("; ")
        for ids, labels, country in ((sources, snames, ev["source_country"]), (targets, tnames, ev["target_country"])):
            for i, actor in enumerate(ids):
                names.setdefault(actor, labels[i] if i < len(labels) and labels[i] else actor)
                countries.setdefault(actor, country)
        for s in sources:
            for t in targets:
                if s != t:
                    weight[(s, t)] += 1
                    intensity[(s, t)] += ev["intensity"] or 0.0
    edges = [
        {"source": s, "target": t, "events": n, "intensity_mean": round(intensity[(s, t)] / n, 2)}
        for (s, t), n in weight.most_common(limit)
    ]
    used = {x for edge in edges for x in (edge["source"], edge["target"])}
    degree: Counter = Counter()
    for edge in edges:
        degree[edge["source"]] += edge["events"]
        degree[edge["target"]] += edge["events"]
    nodes = [{"id": i, "name": names[i], "country": countries[i], "events": degree[i]} for i in sorted(used)]
    return {"nodes": nodes, "edges": edges}


def event_network(store: Store, flt: EventFilter, limit: int = 3000) -> dict:
    rows, _ = page_events(store, flt, limit)
    return network(rows)


def page_places(
    store: Store, country: str | None = None, q: str | None = None,
    bbox: tuple[float, float, float, float] | None = None, limit: int = 50, after: list | None = None,
) -> Page:  # fmt: skip
    """Places across documents, most-reported first."""
    p = schema.places.c
    query = select(
        p.place_id.label("id"), func.max(p.name).label("name"), func.max(p.country).label("country"),
        func.max(p.admin1).label("admin1"), func.max(p.feature).label("feature"),
        func.max(p.lat).label("lat"), func.max(p.lon).label("lon"),
        func.count().label("documents"), func.sum(p.mentions).label("mentions"),
    ).group_by(p.place_id).order_by(func.count().desc(), p.place_id)  # fmt: skip
    if country:
        query = query.where(p.country == country)
    if q:
        query = query.where(or_(p.place_id == q, contains(p.name, q)))
    if bbox:
        lon0, lat0, lon1, lat1 = bbox
        query = query.where(p.lon >= lon0, p.lon <= lon1, p.lat >= lat0, p.lat <= lat1)
    return _offset(store, query, limit, after)


# -- quotes, claims, threats -------------------------------------------------------------------
def _published(table, since: str | None, until: str | None) -> list:
    d = schema.documents.c
    out = []
    if since:
        out.append(table.c.doc_id.in_(select(d.id).where(d.published >= since)))
    if until:
        out.append(table.c.doc_id.in_(select(d.id).where(d.published <= until + "~")))
    return out


def page_quotes(
    store: Store, actor: str | None = None, q: str | None = None, doc_id: str | None = None,
    since: str | None = None, until: str | None = None, limit: int = 50, after: list | None = None,
) -> Page:  # fmt: skip
    t = schema.quotes
    query = select(t).where(*_published(t, since, until))
    if actor:
        query = query.where(or_(t.c.speaker == actor, contains(t.c.speaker_name, actor)))
    if q:
        query = query.where(*(contains(t.c.text, w) for w in q.split()))
    if doc_id:
        query = query.where(t.c.doc_id == doc_id)
    return _keyset(store, query, [t.c.doc_id, t.c.idx], limit, after, ["doc_id", "idx"])


def page_claims(
    store: Store, attribute: str | None = None, q: str | None = None, doc_id: str | None = None,
    since: str | None = None, until: str | None = None, limit: int = 50, after: list | None = None,
) -> Page:  # fmt: skip
    t = schema.claims
    query = select(t).where(*_published(t, since, until))
    if attribute:
        query = query.where(t.c.attribute == attribute)
    if q:
        query = query.where(*(or_(contains(t.c.subject, w), contains(t.c.evidence, w)) for w in q.split()))
    if doc_id:
        query = query.where(t.c.doc_id == doc_id)
    return _keyset(store, query, [t.c.doc_id, t.c.idx], limit, after, ["doc_id", "idx"])


def page_threats(
    store: Store, actor: str | None = None, kind: str | None = None, level: str | None = None,
    q: str | None = None, doc_id: str | None = None, since: str | None = None, until: str | None = None,
    limit: int = 50, after: list | None = None,
) -> Page:  # fmt: skip
    t = schema.threats
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
    return _keyset(store, query, [t.c.date, t.c.doc_id, t.c.idx], limit, after, ["date", "doc_id", "idx"])


# -- stories -------------------------------------------------------------------------------
STORY_LISTS = ("source_ids", "target_ids", "source_countries", "target_countries", "outlets")


def _story_row(row: dict) -> dict:
    return row | {c: json.loads(row[c]) if row.get(c) else [] for c in STORY_LISTS if c in row}


def page_stories(
    store: Store, since: str | None = None, until: str | None = None, country: str | None = None,
    type: str | None = None, limit: int = 50, after: list | None = None,
) -> Page:  # fmt: skip
    """Stories (one per happening, however many articles report it), newest day first."""
    from tocsin.stories.queries import story_clauses

    s = schema.stories
    query = select(s).where(*story_clauses(since, until, country, type))
    rows, key = _keyset(store, query, [s.c.day, s.c.id], limit, after, ["day", "id"])
    return [_story_row(r) for r in rows], key


def iter_stories(store: Store, **filters):
    after = None
    while True:
        rows, after = page_stories(store, **filters, limit=1000, after=after)
        yield from rows
        if after is None:
            return
