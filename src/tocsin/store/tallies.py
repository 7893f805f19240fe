"""Counts kept beside the events, so that reading a large store never counts its events.

Facets (events by country, actor, type, outlet and month), the timeline (events, stories,
documents, intensity and deaths by day and by month), the map (events by place, or by
country when they have no coordinates) and the summary's totals are read from the
``tallies`` table. Each row is one value of one facet within one scope: every event (scope
"") and the events with a country on either side (scope: that country's code), which are
what an unfiltered or a country-filtered request asks for.

The rows change in the transaction that changes what they count: ``Store.insert`` adds a
document's share, ``Store.delete`` takes it away, and a story's change (indicators/upkeep.py
calls ``story_touched``) moves its count between periods. Counts and sums are added and
taken away; a minimum, a latest date or a place's name can only be recomputed when rows go,
so a deletion recomputes those of the rows it touched from the events (through indexes).
``rebuild`` makes everything again from the events; ``tocsin check`` compares the two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, case, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tocsin.store import schema

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Table

    from tocsin.record import DocumentRecord

Key = tuple[str, str, str]  # scope, facet, value
TIMELINE = ("day", "month")  # the timeline's facets, by day and by month (the month is also a facet)
FACETS = ("country", "actor", "type", "outlet", "month")
EXTREMES = ("day", "month", "place", "region")  # rows with a minimum, a latest date or a name to recompute
LATEST = ("place", "region")  # the rows whose latest date is shown (the map's)
TOTALS = ("documents", "events", "quotes", "claims", "threats", "stories")
EVENT_COLUMNS = (
    "id", "doc_id", "type", "date", "intensity", "killed", "source_ids", "target_ids", "source_names",
    "target_names", "source_country", "target_country", "place_id", "place_name", "lat", "lon", "story_id",
)  # fmt: skip


@dataclass
class Tally:
    """What some events add to one row."""

    events: int = 0
    documents: int = 0
    stories: int = 0
    intensity_sum: float = 0.0
    intensity_n: int = 0
    intensity_min: float | None = None
    killed: int = 0
    killed_n: int = 0
    latest: str | None = None
    label: str | None = None
    last_doc: str | None = None

    def add_event(self, ev: Mapping[Any, Any], label: str | None, bigger_label: bool, facet: str) -> None:
        """Count one more event (a document's events come one after another); only the
        timeline keeps a minimum and only the map a latest date."""
        self.events += 1
        if ev["doc_id"] != self.last_doc:
            self.documents += 1
            self.last_doc = ev["doc_id"]
        if ev["intensity"] is not None:
            self.intensity_sum += ev["intensity"]
            self.intensity_n += 1
            low = self.intensity_min
            if facet in TIMELINE:
                self.intensity_min = ev["intensity"] if low is None else min(low, ev["intensity"])
        if ev["killed"] is not None:
            self.killed += ev["killed"]
            self.killed_n += 1
        if facet in LATEST and ev["date"] is not None and (self.latest is None or ev["date"] > self.latest):
            self.latest = ev["date"]
        if label is not None and (self.label is None or (bigger_label and label > self.label)):
            self.label = label


# -- which rows an event counts in --------------------------------------------------------
def event_keys(ev: Mapping[Any, Any], outlet: str | None) -> Iterator[tuple[Key, str | None, bool]]:
    """(row, label, whether the larger label wins) for every row the event counts in; the
    rules are those of the scanning queries in query/facets.py and query/events.py."""
    countries = sorted({c for c in (ev["source_country"], ev["target_country"]) if c})
    date = ev["date"] or ""
    for scope in ("", *countries):
        for c in countries:
            yield (scope, "country", c), None, False
        for actor, name in actor_names(ev).items():
            yield (scope, "actor", actor), name, False
        yield (scope, "type", ev["type"]), None, False
        if outlet is not None:
            yield (scope, "outlet", outlet), None, False
        if len(date) >= 7:
            yield (scope, "month", date[:7]), None, False
        if len(date) >= 10:
            yield (scope, "day", date[:10]), None, False
        if ev["lat"] is not None and ev["lon"] is not None:
            yield (scope, "place", place_value(ev["place_id"], ev["lat"], ev["lon"])), ev["place_name"], True
        elif (ev["target_country"] or ev["source_country"]) is not None:
            yield (scope, "region", ev["target_country"] or ev["source_country"]), None, False


def timeline_keys(ev: Mapping[Any, Any]) -> set[Key]:
    return {key for key, _, _ in event_keys(ev, None) if key[1] in TIMELINE}


def actor_names(ev: Mapping[Any, Any]) -> dict[str, str]:
    """Each actor the event names on either side, with its name (the id when it has none)."""
    names: dict[str, str] = {}
    for ids, labels in ((ev["source_ids"], ev["source_names"]), (ev["target_ids"], ev["target_names"])):
        parts = (labels or "").split("; ")
        for i, actor in enumerate(json.loads(ids or "[]")):
            names.setdefault(actor, parts[i] if i < len(parts) and parts[i] else actor)
    return names


def place_value(place_id: str | None, lat: float, lon: float) -> str:
    return json.dumps([place_id, lat, lon])


def gather(events: Iterable[Mapping[Any, Any]], outlets: dict[str, str | None]) -> dict[Key, Tally]:
    """What ``events`` add to each row (``outlets``: each document's outlet, or domain)."""
    out: dict[Key, Tally] = {}
    for ev in events:
        for key, label, bigger in event_keys(ev, outlets.get(ev["doc_id"])):
            out.setdefault(key, Tally()).add_event(ev, label, bigger, key[1])
    return out


def document_share(
    record: DocumentRecord, row_sets: Sequence[tuple[Table, Sequence[Mapping[Any, Any]]]]
) -> dict[Key, Tally]:
    """What a record being written adds, from its rows (``store/rows.py``): its events, its
    actors and places (by document, for the summary's distinct counts) and the totals."""
    sets = {table.name: rows for table, rows in row_sets}
    share = gather(sets["events"], {record.id: record.source.outlet or record.source.domain})
    for facet in ("actors", "places"):
        key_column = "actor_id" if facet == "actors" else "place_id"
        for row in sets[facet]:
            share[("", facet, row[key_column])] = Tally(events=1, documents=1)
    for name in TOTALS[:-1]:
        n = 1 if name == "documents" else len(sets[name])
        if n:
            share[("", "total", name)] = Tally(events=n)
    return share


def stored_share(conn: Connection, doc_id: str) -> dict[Key, Tally]:
    """What a stored document adds, read back from its rows (before it is deleted)."""
    e, d = schema.events, schema.documents.c
    outlet = conn.execute(select(func.coalesce(d.outlet, d.domain)).where(d.id == doc_id)).scalar()
    rows = conn.execute(select(*(e.c[c] for c in EVENT_COLUMNS)).where(e.c.doc_id == doc_id)).mappings().all()
    share = gather(rows, {doc_id: outlet})
    for facet, table, column in (("actors", schema.actors, "actor_id"), ("places", schema.places, "place_id")):
        for value in conn.execute(select(table.c[column]).where(table.c.doc_id == doc_id)).scalars():
            share[("", facet, value)] = Tally(events=1, documents=1)
    exists = conn.execute(select(d.id).where(d.id == doc_id)).first() is not None
    counts = {"documents": int(exists), "events": len(rows)}
    for name in ("quotes", "claims", "threats"):
        table = schema.metadata.tables[name]
        counts[name] = (
            conn.execute(select(func.count()).select_from(table).where(table.c.doc_id == doc_id)).scalar() or 0
        )
    for name, n in counts.items():
        if n:
            share[("", "total", name)] = Tally(events=n)
    return share


# -- writing -------------------------------------------------------------------------------
def _read(conn: Connection, keys: list[Key]) -> dict[Key, dict[str, Any]]:
    """The stored rows of ``keys``, looked up through the primary key (a row-value IN would
    scan the table on SQLite)."""
    t = schema.tallies.c
    groups: dict[tuple[str, str], list[str]] = {}
    for scope, facet, value in keys:
        groups.setdefault((scope, facet), []).append(value)
    out: dict[Key, dict[str, Any]] = {}
    for (scope, facet), values in groups.items():
        for i in range(0, len(values), 300):
            where = [t.scope == scope, t.facet == facet, t.value.in_(values[i : i + 300])]
            for row in conn.execute(select(schema.tallies).where(*where)).mappings():
                out[(row["scope"], row["facet"], row["value"])] = dict(row)
    return out


def add(conn: Connection, share: dict[Key, Tally]) -> None:
    """Add a document's share to the rows (inside its write transaction), in one statement:
    an insert that adds to the row when it is already there."""
    if not share:
        return
    upsert = sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert
    statement: sqlite.Insert | postgresql.Insert = upsert(schema.tallies)
    t = schema.tallies.c
    new = statement.excluded

    def summed(name: str) -> ColumnElement[Any]:
        return t[name] + new[name]

    def bigger(mine: ColumnElement[Any], theirs: ColumnElement[Any], smaller: bool = False) -> ColumnElement[Any]:
        beats = theirs < mine if smaller else theirs > mine
        return case((or_(mine.is_(None), beats), theirs), else_=mine)  # a NULL of theirs never beats

    statement = statement.on_conflict_do_update(
        index_elements=[t.scope, t.facet, t.value],
        set_={
            **{
                name: summed(name)
                for name in ("events", "documents", "intensity_sum", "intensity_n", "killed", "killed_n")
            },
            "intensity_min": bigger(t.intensity_min, new.intensity_min, smaller=True),
            "latest": bigger(t.latest, new.latest),
            "label": case((t.facet == "place", bigger(t.label, new.label)), else_=func.coalesce(t.label, new.label)),
        },
    )
    conn.execute(statement, [_row(key, tally) for key, tally in share.items()])


def _update(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    from sqlalchemy import bindparam

    t = schema.tallies
    values: dict[str, Any] = {name: bindparam("n_" + name) for name in rows[0] if not name.startswith("k_")}
    rows = [{(k if k.startswith("k_") else "n_" + k): v for k, v in row.items()} for row in rows]
    where = [t.c.scope == bindparam("k_scope"), t.c.facet == bindparam("k_facet"), t.c.value == bindparam("k_value")]
    conn.execute(update(t).where(*where).values(values), rows)


def _row(key: Key, tally: Tally) -> dict[str, Any]:
    return {
        "scope": key[0], "facet": key[1], "value": key[2], "events": tally.events, "documents": tally.documents,
        "stories": tally.stories, "intensity_sum": tally.intensity_sum, "intensity_n": tally.intensity_n,
        "intensity_min": tally.intensity_min, "killed": tally.killed, "killed_n": tally.killed_n,
        "latest": tally.latest, "label": tally.label,
    }  # fmt: skip


def take(conn: Connection, share: dict[Key, Tally]) -> None:
    """Take a deleted document's share away (after its rows are deleted): rows left with
    nothing are deleted, and the extremes of the rest recomputed from the events."""
    if not share:
        return
    t = schema.tallies
    stored = _read(conn, list(share))
    changed, emptied = [], []
    for key, tally in share.items():
        row = stored.get(key)
        if row is None:
            continue
        if row["events"] - tally.events <= 0:
            emptied.append(key)
            continue
        fresh = _extremes(conn, key) if key[1] in EXTREMES else {}
        changed.append(
            {
                "k_scope": key[0], "k_facet": key[1], "k_value": key[2],
                "events": row["events"] - tally.events, "documents": row["documents"] - tally.documents,
                "intensity_sum": row["intensity_sum"] - tally.intensity_sum,
                "intensity_n": row["intensity_n"] - tally.intensity_n,
                "killed": row["killed"] - tally.killed, "killed_n": row["killed_n"] - tally.killed_n,
                "intensity_min": fresh.get("intensity_min", row["intensity_min"]),
                "latest": fresh.get("latest", row["latest"]), "label": fresh.get("label", row["label"]),
            }
        )  # fmt: skip
        if row["intensity_n"] - tally.intensity_n == 0:
            changed[-1]["intensity_sum"] = 0.0  # no drift left behind once nothing is summed
    for key in emptied:
        conn.execute(delete(t).where(t.c.scope == key[0], t.c.facet == key[1], t.c.value == key[2]))
    _update(conn, changed)


def key_clauses(key: Key) -> list[ColumnElement[bool]]:
    """The events a row counts, as SQL (for the timeline's and the map's rows)."""
    e = schema.events.c
    scope, facet, value = key
    out = [or_(e.source_country == scope, e.target_country == scope)] if scope else []
    if facet == "day":
        out.append(e.date == value)
    elif facet == "month":
        out += [e.date >= value, e.date <= value + "~", func.length(e.date) >= 7]
    elif facet == "place":
        place_id, lat, lon = json.loads(value)
        out += [e.lat == lat, e.lon == lon, e.place_id.is_(None) if place_id is None else e.place_id == place_id]
    elif facet == "region":
        out += [
            or_(e.lat.is_(None), e.lon.is_(None)),
            or_(e.target_country == value, and_(e.target_country.is_(None), e.source_country == value)),
        ]
    return out


def _extremes(conn: Connection, key: Key) -> dict[str, Any]:
    e = schema.events.c
    row = conn.execute(
        select(func.min(e.intensity), func.max(e.date), func.max(e.place_name)).where(*key_clauses(key))
    ).one()
    facet = key[1]
    return {
        "intensity_min": row[0] if facet in TIMELINE else None,
        "latest": row[1] if facet in LATEST else None,
        "label": row[2] if facet == "place" else None,
    }


# -- stories ---------------------------------------------------------------------------
def story_touched(conn: Connection, story_id: str, gone: bool = False) -> None:
    """Count a story once in each timeline row its events are in now, and in the total of
    stories while it exists (``gone``: it is about to be deleted)."""
    sp, e = schema.story_periods, schema.events
    if gone:
        now: set[Key] = set()
    else:
        rows = conn.execute(select(*(e.c[c] for c in EVENT_COLUMNS)).where(e.c.story_id == story_id)).mappings()
        now = {key for row in rows for key in timeline_keys(row)}
        if conn.execute(select(schema.stories.c.id).where(schema.stories.c.id == story_id)).first():
            now.add(("", "total", "stories"))
    was = {
        (r.scope, r.facet, r.value)
        for r in conn.execute(select(sp.c.scope, sp.c.facet, sp.c.value).where(sp.c.story_id == story_id))
    }
    t = schema.tallies
    for key, step in [(k, -1) for k in was - now] + [(k, 1) for k in now - was]:
        where = [sp.c.story_id == story_id, sp.c.scope == key[0], sp.c.facet == key[1], sp.c.value == key[2]]
        if step < 0:
            conn.execute(delete(sp).where(*where))
        else:
            conn.execute(insert(sp).values(story_id=story_id, scope=key[0], facet=key[1], value=key[2]))
        column = t.c.events if key[1] == "total" else t.c.stories
        done = conn.execute(
            update(t)
            .where(t.c.scope == key[0], t.c.facet == key[1], t.c.value == key[2])
            .values({column.name: column + step})
        )
        if done.rowcount == 0 and step > 0 and key[1] == "total":
            conn.execute(insert(schema.tallies).values(_row(key, Tally(events=1))))
        if step < 0 and key[1] == "total":
            emptied = [t.c.scope == key[0], t.c.facet == key[1], t.c.value == key[2], t.c.events <= 0]
            conn.execute(delete(t).where(*emptied))


def document_removed(conn: Connection, share: dict[Key, Tally], stories: set[str]) -> None:
    """After a document's rows are deleted: its stories recounted, then its share taken away."""
    for story_id in sorted(stories):
        story_touched(conn, story_id)
    take(conn, share)


# -- making them again -------------------------------------------------------------------
def compute(conn: Connection, page: int = 20_000) -> dict[Key, dict[str, Any]]:
    """Every row, made from what is stored. Events are read in pages in the order of their
    ids, which begin with their document's id, so a document's events come together."""
    e, d = schema.events.c, schema.documents.c
    outlets = dict(conn.execute(select(d.id, func.coalesce(d.outlet, d.domain))).all())
    tallies: dict[Key, Tally] = {}
    stories: dict[Key, set[str]] = {}
    last = None
    while True:
        query = select(*(schema.events.c[c] for c in EVENT_COLUMNS)).order_by(e.id).limit(page)
        rows = conn.execute(query.where(e.id > last) if last is not None else query).mappings().all()
        if not rows:
            break
        last = rows[-1]["id"]
        for ev in rows:
            for key, label, bigger in event_keys(ev, outlets.get(ev["doc_id"])):
                tallies.setdefault(key, Tally()).add_event(ev, label, bigger, key[1])
                if ev["story_id"] is not None and key[1] in TIMELINE:
                    stories.setdefault(key, set()).add(ev["story_id"])
    out = {}
    for key, tally in tallies.items():
        tally.stories = len(stories.get(key, ()))
        out[key] = _row(key, tally)
    for facet, table, column in (("actors", schema.actors, "actor_id"), ("places", schema.places, "place_id")):
        for value, n in conn.execute(select(table.c[column], func.count()).group_by(table.c[column])):
            out[("", facet, value)] = _row(("", facet, value), Tally(events=n, documents=n))
    for name in TOTALS:
        n = conn.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar_one()
        if n:
            out[("", "total", name)] = _row(("", "total", name), Tally(events=n))
    return out


def story_rows(conn: Connection) -> list[dict[str, Any]]:
    e = schema.events.c
    rows = conn.execute(select(*(schema.events.c[c] for c in EVENT_COLUMNS)).where(e.story_id.is_not(None)))
    seen = {(ev["story_id"], *key) for ev in rows.mappings() for key in timeline_keys(ev)}
    seen |= {(s, "", "total", "stories") for s in conn.execute(select(schema.stories.c.id)).scalars()}
    return [dict(zip(("story_id", "scope", "facet", "value"), r, strict=True)) for r in sorted(seen)]


def rebuild(conn: Connection) -> None:
    """Make every row again from what is stored (a new or upgraded store, ``tocsin check --repair``)."""
    conn.execute(delete(schema.tallies))
    conn.execute(delete(schema.story_periods))
    rows = list(compute(conn).values())
    for i in range(0, len(rows), 5000):
        conn.execute(insert(schema.tallies), rows[i : i + 5000])
    kept = story_rows(conn)
    for i in range(0, len(kept), 5000):
        conn.execute(insert(schema.story_periods), kept[i : i + 5000])


def differences(conn: Connection) -> list[str]:
    """How the stored rows differ from those made again from the store (empty when they agree)."""
    want = compute(conn)
    have = {(r["scope"], r["facet"], r["value"]): dict(r) for r in conn.execute(select(schema.tallies)).mappings()}
    out = []
    for key in sorted(want.keys() | have.keys()):
        a, b = want.get(key), have.get(key)
        if a is None or b is None:
            out.append(f"{'/'.join(key)}: {'not kept' if b is None else 'kept but counts nothing'}")
        elif any(not _same(a[c], b[c]) for c in a):
            out.append(f"{'/'.join(key)}: kept {_brief(b)}, counted {_brief(a)}")
    stored = {tuple(r) for r in conn.execute(select(schema.story_periods))}
    if stored != {tuple(r.values()) for r in story_rows(conn)}:
        out.append("story periods: the stories counted in each period differ from the events' stories")
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and bool(abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b)))
    return bool(a == b)


def _brief(row: Mapping[Any, Any]) -> str:
    return f"{row['events']} events, {row['documents']} documents, {row['stories']} stories"
