"""The story network kept beside the stories, so that drawing it never reads them.

The network (``query.story_network``) counts, for each directed pair of actors, the
stories in which the source acted on the target, and sums those stories' intensities.
``network_tallies`` holds those counts for every story (scope "") and, as the other kept
tallies do, for the stories a filter by one country or by one type keeps (scope: the
country's code, or ``type:`` and the type). ``story_edges`` says what each story adds, so
that a story's change takes away what it added and adds what it adds now, in the
transaction that changes the story (``indicators/upkeep.py`` calls ``story_changed`` and
``story_gone``). An actor's name and country are those of the first story that counted
the pair. ``rebuild`` makes both tables again from the stories; ``differences`` compares
the two (``tocsin check``, the tests).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import (
    BindParameter,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from tocsin.store import schema

Edge = tuple[str, str, str]  # scope, source actor, target actor
# The actors a story (or an event) adds to the network on each side: the first named. A story
# gathers its members' actors, and one that many loosely dated reports joined can name
# dozens a side; every pair of them in every scope made a row, all made again in memory when
# the story changed (in the growth benchmark one year-dated story of 93 actors a side held
# 162,564 edges, and making them took 171 MB). ``query.events.network`` applies the same
# bound, so the kept network is the one built from the stories.
SIDE = 12

network_tallies = Table(
    "network_tallies",
    schema.metadata,
    Column("scope", String(40), primary_key=True),
    Column("source", String(300), primary_key=True),
    Column("target", String(300), primary_key=True),
    Column("stories", Integer, nullable=False),
    Column("intensity_sum", Float, nullable=False),
    Column("source_name", Text),
    Column("target_name", Text),
    Column("source_country", String(3)),
    Column("target_country", String(3)),
)
Index("ix_network_tallies_top", network_tallies.c.scope, network_tallies.c.stories)

story_edges = Table(
    "story_edges",
    schema.metadata,
    Column("story_id", String(64), primary_key=True),
    Column("scope", String(40), primary_key=True),
    Column("source", String(300), primary_key=True),
    Column("target", String(300), primary_key=True),
    Column("intensity", Float, nullable=False),
)

COLUMNS = ("id", "type", "intensity", "source_ids", "target_ids", "source_names", "target_names",
           "source_country", "target_country", "source_countries", "target_countries")  # fmt: skip
NAMES = ("source_name", "target_name", "source_country", "target_country")


def scopes(story: Any) -> list[str]:
    """The scopes a story counts in: every story, each country on either side, its type."""
    countries = set(json.loads(story.source_countries or "[]")) | set(json.loads(story.target_countries or "[]"))
    return ["", *sorted(countries), f"type:{story.type}"]


def _labels(ids: str | None, names: str | None) -> list[tuple[str, str]]:
    parts = (names or "").split("; ")
    return [
        (actor, parts[i] if i < len(parts) and parts[i] else actor) for i, actor in enumerate(json.loads(ids or "[]"))
    ]


def edges(story: Any) -> dict[Edge, dict[str, Any]]:
    """What a story adds: each (scope, source, target) with the story's intensity and the
    two actors' names and countries, as ``query.events.network`` reads them."""
    sources = _labels(story.source_ids, story.source_names)[:SIDE]
    targets = _labels(story.target_ids, story.target_names)[:SIDE]
    pairs = [(s, t) for s in sources for t in targets if s[0] != t[0]]
    out: dict[Edge, dict[str, Any]] = {}
    for scope in scopes(story) if pairs else []:
        for (source, source_name), (target, target_name) in pairs:
            out[(scope, source, target)] = {
                "intensity": story.intensity or 0.0, "source_name": source_name, "target_name": target_name,
                "source_country": story.source_country, "target_country": story.target_country,
            }  # fmt: skip
    return out


# -- writing -------------------------------------------------------------------------------
def story_changed(conn: Connection, story: Any) -> None:
    """Make what ``story`` (a row of the stories table) adds to the network what it adds now."""
    _set(conn, story.id, edges(story))


def story_gone(conn: Connection, story_id: str) -> None:
    _set(conn, story_id, {})


def _set(conn: Connection, story_id: str, now: dict[Edge, dict[str, Any]]) -> None:
    se = story_edges.c
    was = {
        (r.scope, r.source, r.target): r.intensity
        for r in conn.execute(select(se.scope, se.source, se.target, se.intensity).where(se.story_id == story_id))
    }
    gone = [key for key in was if key not in now or now[key]["intensity"] != was[key]]
    added = [key for key in now if key not in was or now[key]["intensity"] != was[key]]
    if gone:
        conn.execute(
            delete(story_edges).where(se.story_id == story_id, se.scope == _bind("scope"), se.source == _bind("source"),
                                      se.target == _bind("target")),
            [{"b_scope": k[0], "b_source": k[1], "b_target": k[2]} for k in gone],
        )  # fmt: skip
        _take(conn, {key: was[key] for key in gone})
    if added:
        conn.execute(
            story_edges.insert(),
            [{"story_id": story_id, "scope": k[0], "source": k[1], "target": k[2],
              "intensity": now[k]["intensity"]} for k in added],
        )  # fmt: skip
        _add(conn, [_tally(key, now[key]) for key in added])


def _bind(name: str) -> BindParameter[Any]:
    return bindparam("b_" + name)


def _tally(key: Edge, edge: Mapping[str, Any]) -> dict[str, Any]:
    """A row of ``network_tallies`` counting one story."""
    return {"scope": key[0], "source": key[1], "target": key[2], "stories": 1, "intensity_sum": edge["intensity"],
            **{k: edge[k] for k in NAMES}}  # fmt: skip


def _add(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add to the rows (an insert that adds to a row already there; names stay the first)."""
    upsert = sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert
    statement = upsert(network_tallies)
    t, new = network_tallies.c, statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[t.scope, t.source, t.target],
        set_={
            "stories": t.stories + new.stories,
            "intensity_sum": t.intensity_sum + new.intensity_sum,
            **{c: func.coalesce(t[c], new[c]) for c in NAMES},
        },
    )
    conn.execute(statement, rows)


def _take(conn: Connection, gone: dict[Edge, float]) -> None:
    """Take one story away from each row (with its intensity); rows left with none go."""
    t = network_tallies.c
    where = [t.scope == _bind("scope"), t.source == _bind("source"), t.target == _bind("target")]
    keys = [{"b_scope": k[0], "b_source": k[1], "b_target": k[2]} for k in gone]
    less = (
        update(network_tallies).where(*where).values(stories=t.stories - 1, intensity_sum=t.intensity_sum - _bind("v"))
    )
    conn.execute(less, [key | {"b_v": value} for key, value in zip(keys, gone.values(), strict=True)])
    conn.execute(delete(network_tallies).where(*where, t.stories <= 0), keys)


# -- making them again -------------------------------------------------------------------
def bounded(conn: Connection) -> None:
    """Make again what each story naming more than ``SIDE`` actors on a side adds (a store
    kept before the bound: version 6)."""
    s = schema.stories.c

    def more(column: Any) -> Any:  # a JSON list of more than SIDE ids has SIDE commas or more
        return func.length(column) - func.length(func.replace(column, ",", "")) >= SIDE

    wide = select(*(s[c] for c in COLUMNS)).where(or_(more(s.source_ids), more(s.target_ids)))
    for story in conn.execute(wide).all():
        story_changed(conn, story)


def _stories(conn: Connection, page: int = 20_000) -> Iterator[Any]:
    """Every story, read in pages in the order of their ids."""
    s = schema.stories.c
    query = select(*(s[c] for c in COLUMNS)).order_by(s.id).limit(page)
    last = None
    while True:
        rows = conn.execute(query.where(s.id > last) if last is not None else query).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def compute(conn: Connection) -> tuple[dict[Edge, dict[str, Any]], list[dict[str, Any]]]:
    """Every row of both tables, made from the stories."""
    tallies: dict[Edge, dict[str, Any]] = {}
    kept: list[dict[str, Any]] = []
    for story in _stories(conn):
        for key, edge in edges(story).items():
            kept.append({"story_id": story.id, "scope": key[0], "source": key[1], "target": key[2],
                         "intensity": edge["intensity"]})  # fmt: skip
            row = tallies.get(key)
            if row is None:
                tallies[key] = _tally(key, edge)
            else:
                row["stories"] += 1
                row["intensity_sum"] += edge["intensity"]
    return tallies, kept


def rebuild(conn: Connection) -> None:
    """Make both tables again from the stories (a new or upgraded store, ``tocsin check --repair``)."""
    conn.execute(delete(network_tallies))
    conn.execute(delete(story_edges))
    tallies, kept = compute(conn)
    rows = list(tallies.values())
    for table, items in ((network_tallies, rows), (story_edges, kept)):
        for i in range(0, len(items), 5000):
            conn.execute(table.insert(), items[i : i + 5000])


def differences(conn: Connection) -> list[str]:
    """How the kept network differs from the one made again from the stories (empty when
    they agree; names are not compared, as the first story to name an actor may be gone)."""
    want, kept = compute(conn)
    t = network_tallies.c
    have = {
        (r.scope, r.source, r.target): (r.stories, r.intensity_sum)
        for r in conn.execute(select(t.scope, t.source, t.target, t.stories, t.intensity_sum))
    }
    out = []
    for key in sorted(want.keys() | have.keys()):
        a, b = want.get(key), have.get(key)
        if a is None or b is None:
            out.append(f"{'/'.join(key)}: {'not kept' if b is None else 'kept but counts nothing'}")
        elif a["stories"] != b[0] or abs(a["intensity_sum"] - b[1]) > 1e-6 * max(1.0, abs(b[1])):
            out.append(f"{'/'.join(key)}: kept {b[0]} stories, counted {a['stories']}")
    se = story_edges.c
    stored = {tuple(r) for r in conn.execute(select(se.story_id, se.scope, se.source, se.target))}
    if stored != {(r["story_id"], r["scope"], r["source"], r["target"]) for r in kept}:
        out.append("story edges: the pairs kept for each story differ from the stories' own")
    return out
