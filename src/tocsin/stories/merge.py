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
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection, Row

from tocsin.indicators import upkeep
from tocsin.indicators.scale import quad_class
from tocsin.knowledge.base import Knowledge
from tocsin.record import DocumentRecord, Event
from tocsin.store import schema
from tocsin.stories import aggregate, blocking, reconcile
from tocsin.stories.aggregate import Aggregate
from tocsin.stories.matching import Report, match_score


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
    # by id alone: with the quad class beside it SQLite reads every story of the class
    for row in conn.execute(select(*MATCHED).where(s.c.id.in_(sorted(ids)))):
        if row.quad_class != rep.quad_class:
            continue
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
        joined(conn, story_id, event_id)
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
        folded = _folded(conn, keep, drop, flip)
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
        if folded is None:
            refresh(conn, keep)
        else:
            _write(conn, keep, folded)
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
    aggregate.save(conn, story_id, Aggregate())


def _members(conn: Connection, story_id: str, event_id: str | None = None) -> list[dict[str, Any]]:
    """A story's members, oriented as the story, in the order ties are broken by
    (``aggregate.member_key``); ``event_id``: that member alone."""
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
        .where(m.c.story_id == story_id, *([m.c.event_id == event_id] if event_id else []))
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


def _source_key(conn: Connection, story_id: str, member: dict[str, Any]) -> str:
    """A joining member's source, as ``_source_keys`` names it among the story's members."""
    own = member["outlet"] or member["domain"]
    if own:
        return str(own)
    original = member["duplicate_of"]
    if original:
        d, m = schema.documents.c, schema.story_members.c
        row = conn.execute(
            select(d.outlet, d.domain)
            .join(schema.story_members, m.doc_id == d.id)
            .where(m.story_id == story_id, m.doc_id == original)
            .limit(1)
        ).first()
        if row and (row.outlet or row.domain):
            return str(row.outlet or row.domain)
    return f"doc:{original or member['doc_id']}"


def joined(conn: Connection, story_id: str, event_id: str) -> None:
    """A member joined a story: add it to the story's aggregate and write the story, without
    reading the story's other members (a story of copies alone is recounted)."""
    agg = aggregate.load(conn, story_id)
    member = _members(conn, story_id, event_id)[0]
    if agg is None or agg.over_copies or (not agg.n_articles and not member["counted"]):
        refresh(conn, story_id)
        return
    m = schema.story_members.c
    # the article's other members, read by article (a story may have hundreds of members)
    mine = conn.execute(select(m.story_id, m.counted).where(m.doc_id == member["doc_id"], m.event_id != event_id))
    counted = [row.counted for row in mine if row.story_id == story_id]
    new_original = bool(member["counted"]) and not any(counted)
    agg.add(member, _source_key(conn, story_id, member), new_doc=not counted, new_original=new_original)
    _write(conn, story_id, agg)


def _folded(conn: Connection, keep: str, drop: str, flip: bool) -> Aggregate | None:
    """The aggregate of ``keep`` with ``drop``'s added (read before ``drop``'s members move),
    or None when either must be recounted from its members."""
    kept, dropped = aggregate.load(conn, keep), aggregate.load(conn, drop)
    if kept is None or dropped is None or not kept.n_events or not dropped.n_events:
        return None
    m = schema.story_members.c
    theirs = {doc: counted for doc, counted in conn.execute(select(m.doc_id, m.counted).where(m.story_id == drop))}
    shared = set(
        conn.execute(select(m.doc_id).where(m.story_id == keep, m.doc_id.in_(sorted(theirs))).distinct()).scalars()
    )
    kept.merge(dropped.flipped() if flip else dropped, len(shared), len([d for d in shared if theirs[d]]))
    return kept


def refresh(conn: Connection, story_id: str) -> None:
    """Recount a story from its members: its aggregate and its row (a member gone, a store
    checked). What the story says comes from original articles; copies add articles,
    outlets, reports."""
    rows = _members(conn, story_id)
    if rows:
        _write(conn, story_id, aggregate.of_members(rows, _source_keys(rows)), whole=True)


def _write(conn: Connection, story_id: str, agg: Aggregate, whole: bool = False) -> None:
    """Keep a story's aggregate and write its row from it (``whole``: and index it again
    whole, not only the blocking keys it gained or lost)."""
    aggregate.save(conn, story_id, agg)
    before = None if whole else conn.execute(select(*MATCHED).where(schema.stories.c.id == story_id)).first()
    conn.execute(
        update(schema.stories)
        .where(schema.stories.c.id == story_id)
        .values(**agg.columns(Knowledge.of(conn)), updated_at=datetime.now(UTC).isoformat(timespec="seconds"))
    )
    story_changed(conn, story_id, story_report(before) if before else None)


def rebuild_aggregates(conn: Connection) -> None:
    """Every story's aggregate, counted from its members (a store made before they were
    kept); the stories' rows are what those aggregates make, so they are left as they are."""
    conn.execute(delete(schema.story_aggregates))
    for story_id in conn.execute(select(schema.stories.c.id).order_by(schema.stories.c.id)).scalars().all():
        rows = _members(conn, story_id)
        if rows:
            aggregate.save(conn, story_id, aggregate.of_members(rows, _source_keys(rows)))


def remove_document(conn: Connection, doc_id: str) -> list[str]:
    """Take a document's events out of their stories (before it is re-analysed or deleted);
    a story left without members goes. Returns the ids of the stories touched: those of its
    members and those its events name (a store whose memberships were lost, as ``tocsin
    check`` repairs it: their aggregates still count the document)."""
    m, e = schema.story_members, schema.events.c
    touched = sorted(
        set(conn.execute(select(m.c.story_id).where(m.c.doc_id == doc_id)).scalars())
        | set(conn.execute(select(e.story_id).where(e.doc_id == doc_id, e.story_id.is_not(None))).scalars())
    )
    conn.execute(delete(m).where(m.c.doc_id == doc_id))
    conn.execute(update(schema.events).where(schema.events.c.doc_id == doc_id).values(story_id=None))
    for story_id in touched:
        if conn.execute(select(m.c.event_id).where(m.c.story_id == story_id).limit(1)).first():
            refresh(conn, story_id)
        else:
            drop_story(conn, story_id)
    return touched


def drop_story(conn: Connection, story_id: str) -> None:
    """Delete a story with what is kept about it: its aggregate, its blocking keys and its
    share of the series."""
    aggregate.forget(conn, story_id)
    blocking.forget(conn, story_id)
    upkeep.story_gone(conn, story_id)
    conn.execute(delete(schema.stories).where(schema.stories.c.id == story_id))


def story_changed(conn: Connection, story_id: str, before: Report | None = None) -> None:
    """Bring what is kept about a story up to date after its row changed (``before``: what
    matching read of it before, whose blocking keys are stored)."""
    row = conn.execute(select(schema.stories).where(schema.stories.c.id == story_id)).first()
    if row is None:
        return
    blocking.index(conn, story_id, story_report(row), before)
    upkeep.story_changed(conn, row)
