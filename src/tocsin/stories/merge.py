"""Stories: each new article's events join the story of the happening they report, or
start one. Only the stories a new article touches are recomputed, so ingest stays
incremental whatever the size of the store.

An event of a near-duplicate article may only join a story its original already reports
(and adds an article and perhaps an outlet to it); it never starts a story, and it is a
member with ``counted = 0``. Denied events (status ``negated``) report no happening and
join no story.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection, Row

from tocsin.indicators import upkeep
from tocsin.indicators.dating import story_day
from tocsin.indicators.scale import intensity, quad_class
from tocsin.knowledge.base import Knowledge
from tocsin.record import DocumentRecord, Event
from tocsin.store import schema
from tocsin.stories import blocking, reconcile
from tocsin.stories.matching import Report, match_score, place_rank

MAX_CONFIDENCE = 0.99


def reported_day(published: str | None, ingested_at: str) -> str:
    """The day an article reported, for matching its events with stories: its publication
    date when known (the first day of its month or year when only those are known), else its
    ingest day. Series never count a story on an ingest day (see ``indicators/dating.py``)."""
    if published and len(published) in (4, 7, 10):
        try:
            return date.fromisoformat(
                (published + "-01-01")[:10] if len(published) == 4 else (published + "-01")[:10]
            ).isoformat()
        except ValueError:
            pass
    return ingested_at[:10]


def _countries(record: DocumentRecord, ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        ref = record.actor(i) or record.place(i)
        if ref and ref.country and ref.country not in out:
            out.append(ref.country)
    return out


def event_report(record: DocumentRecord, ev: Event, reported: str, knowledge: Knowledge | None = None) -> Report:
    place = record.place(ev.place) if ev.place else None
    return Report(
        quad_class=quad_class(ev.type, knowledge),
        reported=reported,
        date=ev.date,
        source_ids=set(ev.source),
        target_ids=set(ev.target),
        source_countries=set(_countries(record, ev.source)),
        target_countries=set(_countries(record, ev.target)),
        place_id=ev.place,
        place_feature=place.feature if place else None,
        place_country=place.country if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
    )


MATCHED = [
    schema.stories.c[name]
    for name in (
        "id", "quad_class", "first_reported", "date", "source_ids", "target_ids", "source_countries",
        "target_countries", "place_id", "place_feature", "place_country", "lat", "lon",
    )
]  # fmt: skip


def story_report(row: Row[Any]) -> Report:
    return Report(
        quad_class=row.quad_class,
        reported=row.first_reported[:10],
        date=row.date,
        source_ids=set(json.loads(row.source_ids or "[]")),
        target_ids=set(json.loads(row.target_ids or "[]")),
        source_countries=set(json.loads(row.source_countries or "[]")),
        target_countries=set(json.loads(row.target_countries or "[]")),
        place_id=row.place_id,
        place_feature=row.place_feature,
        place_country=row.place_country,
        lat=row.lat,
        lon=row.lon,
    )


def best_story(
    conn: Connection, rep: Report, within: set[str] | None = None, exclude: str | None = None
) -> tuple[str | None, bool]:
    """The story this report joins (the best-agreeing compatible one, the earliest on ties),
    and whether the report names the story's sides the other way round. Only the stories
    ``blocking.candidates`` finds are read (``within``: only those)."""
    s = schema.stories
    ids = set(within) if within is not None else blocking.candidates(conn, rep)
    ids.discard(exclude)
    if not ids:
        return None, False
    best: tuple[int, str, str, bool] | None = None
    # only what matching reads: a story's outlets, names and headline grow with its reports
    for row in conn.execute(select(*MATCHED).where(s.c.id.in_(sorted(ids)), s.c.quad_class == rep.quad_class)):
        score, swapped = match_score(rep, story_report(row))
        if score < 0:
            continue
        key = (-score, row.first_reported, row.id, swapped)
        if best is None or key < best:
            best = key
    return (best[2], best[3]) if best else (None, False)


def add_document(conn: Connection, record: DocumentRecord) -> list[str]:
    """Put a stored document's events into stories; returns the ids of the stories touched.
    Runs inside the document's write transaction, after its rows are written."""
    doc_id = record.id
    d, m = schema.documents.c, schema.story_members
    touched: list[str] = []
    doc = conn.execute(select(d.published, d.ingested_at, d.duplicate_of).where(d.id == doc_id)).first()
    if doc is None or conn.execute(select(m.c.event_id).where(m.c.doc_id == doc_id).limit(1)).first():
        return []  # not stored, or already in its stories
    reported = reported_day(doc.published, doc.ingested_at)
    within = _stories_of(conn, doc.duplicate_of) if doc.duplicate_of else None
    for ev in record.events:
        if ev.status == "negated":
            continue
        rep = event_report(record, ev, reported, Knowledge.of(conn))
        story_id, swapped = best_story(conn, rep, within)
        if story_id is None and within is not None:
            continue
        event_id = f"{doc_id}:{ev.id}"
        if story_id is None:
            story_id = _new_story_id(conn, event_id)
            _placeholder(conn, story_id, rep)
        src, tgt = sorted(rep.source_countries), sorted(rep.target_countries)
        conn.execute(
            insert(m).values(
                event_id=event_id,
                story_id=story_id,
                doc_id=doc_id,
                counted=0 if doc.duplicate_of else 1,
                source_countries=json.dumps(tgt if swapped else src),
                target_countries=json.dumps(src if swapped else tgt),
                swapped=int(swapped),
            )
        )
        conn.execute(update(schema.events).where(schema.events.c.id == event_id).values(story_id=story_id))
        refresh(conn, story_id)
        if within is None:  # a copy's reports change no story's content, so bridge nothing
            story_id = absorb(conn, story_id, via=rep)
        if story_id not in touched:
            touched.append(story_id)
    return touched


def absorb(conn: Connection, story_id: str, via: Report | None = None) -> str:
    """A story that grew may now agree with another one that arrived before the report
    bridging them: fold them into the earlier story, so the order in which articles
    arrive does not decide what the stories are. Returns the surviving story's id.

    ``via``: the report that just joined it. A bridge is made of what that report brought,
    so the stories looked at are those sharing one of its actors or countries (within the
    story's dates); a story that gathered hundreds of reports and their actors over months
    is not searched by every one of them each time another report joins it."""
    s, m = schema.stories, schema.story_members
    while True:
        row = conn.execute(select(s).where(s.c.id == story_id)).one()
        story = story_report(row)
        within = blocking.candidates(conn, _narrowed(story, blocking.keys(via))) if via is not None else None
        other_id, swapped = best_story(conn, story, within=within, exclude=story_id)
        if other_id is None:
            return story_id
        other = conn.execute(select(s.c.first_reported).where(s.c.id == other_id)).scalar_one()
        earlier, later = sorted([(row.first_reported, story_id), (other, other_id)])
        keep, drop = earlier[1], later[1]
        flip = swapped  # the two stories name their sides the other way round (symmetric)
        for member in conn.execute(select(m).where(m.c.story_id == drop)).mappings().all():
            conn.execute(
                update(m)
                .where(m.c.event_id == member["event_id"])
                .values(
                    story_id=keep,
                    swapped=int(bool(member["swapped"]) != flip),
                    source_countries=member["target_countries"] if flip else member["source_countries"],
                    target_countries=member["source_countries"] if flip else member["target_countries"],
                )
            )
            conn.execute(update(schema.events).where(schema.events.c.id == member["event_id"]).values(story_id=keep))
        drop_story(conn, drop)
        reconcile.story_absorbed(conn, drop, keep)
        refresh(conn, keep)
        story_id = keep


def _narrowed(story: Report, wanted: set[str]) -> Report:
    """The story's report with only the actors and countries in ``wanted`` (for blocking)."""
    return replace(
        story,
        source_ids=story.source_ids & wanted,
        target_ids=story.target_ids & wanted,
        source_countries=story.source_countries & wanted,
        target_countries=story.target_countries & wanted,
    )


def _stories_of(conn: Connection, doc_id: str) -> set[str]:
    m = schema.story_members.c
    return set(conn.execute(select(m.story_id).where(m.doc_id == doc_id)).scalars())


def _new_story_id(conn: Connection, event_id: str) -> str:
    """The id of a story a report starts: made from its event's id, so that the same
    articles make the same stories. A re-analysed document's event may find its id still
    taken, by the story it started that other reports kept alive: then the next free one."""
    s = schema.stories.c
    for n in itertools.count():
        seed = event_id if n == 0 else f"{event_id}#{n}"
        story_id = "s" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:15]
        if conn.execute(select(s.id).where(s.id == story_id)).first() is None:
            return story_id
    raise AssertionError("unreachable")


def _placeholder(conn: Connection, story_id: str, rep: Report) -> None:
    conn.execute(
        insert(schema.stories).values(
            id=story_id,
            quad_class=rep.quad_class,
            type="",
            day=rep.reported,
            first_reported=rep.reported,
            n_events=0,
            n_articles=0,
            n_original=0,
            n_sources=0,
        )
    )


def _members(conn: Connection, story_id: str) -> list[dict[str, Any]]:
    e, m, d, p = schema.events, schema.story_members, schema.documents, schema.places
    query = (
        select(
            e,
            m.c.counted,
            m.c.swapped,
            m.c.source_countries.label("src_countries"),
            m.c.target_countries.label("tgt_countries"),
            d.c.published,
            d.c.ingested_at,
            d.c.outlet,
            d.c.domain,
            d.c.duplicate_of,
            p.c.feature.label("place_feature"),
            p.c.country.label("place_country"),
        )
        .join(m, m.c.event_id == e.c.id)
        .join(d, d.c.id == e.c.doc_id)
        .outerjoin(p, and_(p.c.doc_id == e.c.doc_id, p.c.place_id == e.c.place_id))
        .where(m.c.story_id == story_id)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    for r in rows:
        r["reported"] = reported_day(r["published"], r["ingested_at"])
        if r["swapped"]:  # orient every member as the story is oriented
            for a, b in (
                ("source_ids", "target_ids"),
                ("source_names", "target_names"),
                ("source_sector", "target_sector"),
            ):
                r[a], r[b] = r[b], r[a]
    return sorted(rows, key=lambda r: (r["reported"], r["counted"] == 0, r["id"]))


def _union(rows: list[dict[str, Any]], column: str, as_json: bool = True) -> list[str]:
    counts: Counter[str] = Counter()
    for r in rows:
        values = json.loads(r[column] or "[]") if as_json else [v for v in (r[column] or "").split("; ") if v]
        counts.update(dict.fromkeys(values, 1))
    return [v for v, _ in counts.most_common()]  # most reported first, then first seen


def _best_date(rows: list[dict[str, Any]]) -> str | None:
    dates = [r["date"] for r in rows if r["date"]]
    if not dates:
        return None
    longest = max(len(x) for x in dates)
    best: str = Counter(x for x in dates if len(x) == longest).most_common(1)[0][0]
    return best


def _source_keys(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Each member document's source: its outlet, else its domain; a copy that names neither
    is its original's source, and an original that names neither is a source of its own."""
    known = {r["doc_id"]: r["outlet"] or r["domain"] for r in rows if r["outlet"] or r["domain"]}
    return {
        r["doc_id"]: known.get(r["doc_id"])
        or known.get(r["duplicate_of"] or "")
        or f"doc:{r['duplicate_of'] or r['doc_id']}"
        for r in rows
    }


def refresh(conn: Connection, story_id: str) -> None:
    """Recompute a story from its members: most precise date and place, sides, counts.
    What the story says comes from original articles; copies add articles, outlets, reports."""
    rows = _members(conn, story_id)
    if not rows:
        return
    counted = [r for r in rows if r["counted"]] or rows
    type_ = Counter(r["type"] for r in counted).most_common(1)[0][0]
    same_type = [r for r in counted if r["type"] == type_]
    modes = Counter(r["mode"] for r in same_type if r["mode"])
    mode = modes.most_common(1)[0][0] if modes else None
    cameo = max((r["cameo"] for r in same_type if r["cameo"]), key=len, default=None)
    status = "occurred" if any(r["status"] == "occurred" for r in counted) else counted[0]["status"]
    place = max(counted, key=lambda r: (place_rank(r["place_feature"], r["lat"]), -counted.index(r)))
    story_date = _best_date(counted)
    first, last = rows[0]["reported"], max(r["reported"] for r in rows)
    sources = _source_keys(rows)
    best_by_source: dict[str, float] = {}
    for r in counted:
        key = sources[r["doc_id"]]
        best_by_source[key] = max(best_by_source.get(key, 0.0), r["confidence"] or 0.0)
    doubt = 1.0
    for value in best_by_source.values():
        doubt *= 1.0 - value
    src, tgt = _union(counted, "src_countries"), _union(counted, "tgt_countries")
    outlets = list(dict.fromkeys(r["outlet"] or r["domain"] for r in rows if r["outlet"] or r["domain"]))
    conn.execute(
        update(schema.stories)
        .where(schema.stories.c.id == story_id)
        .values(
            type=type_,
            mode=mode,
            cameo=cameo,
            status=status,
            date=story_date,
            day=story_day(story_date, [r["published"] for r in counted]),  # see indicators/dating.py
            source_ids=json.dumps(_union(counted, "source_ids")),
            target_ids=json.dumps(_union(counted, "target_ids")),
            source_names="; ".join(_union(counted, "source_names", as_json=False)),
            target_names="; ".join(_union(counted, "target_names", as_json=False)),
            source_countries=json.dumps(src),
            target_countries=json.dumps(tgt),
            source_country=src[0] if src else None,
            target_country=tgt[0] if tgt else None,
            source_sector=next((r["source_sector"] for r in counted if r["source_sector"]), None),
            target_sector=next((r["target_sector"] for r in counted if r["target_sector"]), None),
            place_id=place["place_id"],
            place_name=place["place_name"],
            place_feature=place["place_feature"],
            place_country=place["place_country"],
            lat=place["lat"],
            lon=place["lon"],
            killed=max((r["killed"] for r in counted if r["killed"] is not None), default=None),
            injured=max((r["injured"] for r in counted if r["injured"] is not None), default=None),
            intensity=intensity(type_, mode, status, knowledge=Knowledge.of(conn)),
            confidence=round(min(MAX_CONFIDENCE, 1.0 - doubt), 3),
            headline=counted[0]["evidence"],
            n_events=len([r for r in rows if r["counted"]]),  # duplicates' reports not counted
            n_articles=len({r["doc_id"] for r in rows}),
            n_original=len({r["doc_id"] for r in rows if r["counted"]}),
            n_sources=len(set(sources.values())),
            outlets=json.dumps(outlets),
            first_reported=first,
            last_reported=last,
            updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )
    story_changed(conn, story_id)


def remove_document(conn: Connection, doc_id: str) -> list[str]:
    """Take a document's events out of their stories (before it is re-analysed or deleted);
    a story left without members goes. Returns the ids of the stories touched."""
    m = schema.story_members
    touched = sorted(set(conn.execute(select(m.c.story_id).where(m.c.doc_id == doc_id)).scalars()))
    conn.execute(delete(m).where(m.c.doc_id == doc_id))
    conn.execute(update(schema.events).where(schema.events.c.doc_id == doc_id).values(story_id=None))
    for story_id in touched:
        if conn.execute(select(m.c.event_id).where(m.c.story_id == story_id).limit(1)).first():
            refresh(conn, story_id)
        else:
            drop_story(conn, story_id)
    return touched


def drop_story(conn: Connection, story_id: str) -> None:
    """Delete a story with what is kept about it: its blocking keys and its share of the series."""
    blocking.forget(conn, story_id)
    upkeep.story_gone(conn, story_id)
    conn.execute(delete(schema.stories).where(schema.stories.c.id == story_id))


def story_changed(conn: Connection, story_id: str) -> None:
    """Bring what is kept about a story up to date after its row changed."""
    row = conn.execute(select(schema.stories).where(schema.stories.c.id == story_id)).first()
    if row is None:
        return
    blocking.index(conn, story_id, story_report(row))
    upkeep.story_changed(conn, row)
