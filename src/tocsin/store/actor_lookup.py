"""Who each event names, kept beside the events: a filter by actor reads a few index entries.

A filter by actor keeps the events whose sides (``schema.SIDES``: the source's and
the target's ids as JSON lists, their names joined by ``"; "``) hold the word, in any
case. Searching those columns reads every event on SQLite, and on PostgreSQL a trigram
index whose commonest trigrams (those of ``actor:``) list nearly every event.

The side columns are cut into **terms** at the characters that only ever separate one
actor from the next (``SEPARATORS``: the JSON list's brackets, quotes and commas, the
names' semicolons), each trimmed of outer whitespace. ``actor_terms`` keeps each distinct
term once; ``event_actors`` says which events name it. A word holding none of those
characters (and no outer whitespace, which ``Filter`` trims) cannot run from one term
into the next, so it is inside an event's sides exactly when it is inside one of the
event's terms: the events are those of the terms that contain it, the same answer read
from a table of distinct actors instead of from every event. A word that does hold one
(``"a; b"``) is searched in the sides as before (``words_found``).

The terms of a document's events are written with its events and removed with them, in the
same transaction (``store.database.Store.insert``/``delete``); a term no event names any
more stays, naming nothing. ``rebuild`` makes both tables again from the events;
``differences`` compares the two (``tocsin check``, the tests).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, insert, select

from tocsin.store import schema
from tocsin.store.schema import SIDES

SEPARATORS = frozenset('[]",;')
_CUT = re.compile(r'[\[\]",;]')
_CHUNK = 500  # terms looked up in one statement
MOST = 2000  # events of one word fetched by id (see ``events_naming``)


def terms(row: Mapping[str, Any]) -> set[str]:
    """The terms of an events-shaped row: its side columns cut at ``SEPARATORS``, trimmed."""
    out: set[str] = set()
    for column in SIDES:
        for piece in _CUT.split(row.get(column) or ""):
            piece = piece.strip()
            if piece:
                out.add(piece)
    return out


def words_found(word: str) -> bool:
    """True when the terms answer a search for ``word`` (it holds no separator)."""
    return not SEPARATORS.intersection(word)


def _named(word: str) -> Select[Any]:
    from tocsin.query.filters import contains

    t, ea = schema.actor_terms.c, schema.event_actors.c
    return select(ea.event_id).where(ea.term_id.in_(select(t.id).where(contains(t.term, word))))


def naming(events_id: ColumnElement[Any], word: str) -> ColumnElement[bool]:
    """The events whose sides hold ``word`` (``words_found(word)`` must be true), as a subquery."""
    return events_id.in_(_named(word))


def events_naming(conn: Connection, word: str) -> set[str] | None:
    """The ids of the events whose sides hold ``word`` (``words_found(word)`` must be true),
    or None when there are more than ``MOST``: then walking the events newest first finds a
    page of them sooner than fetching each (an actor in 20,000 of a million events: 30 ms
    against 400 on PostgreSQL), and a count reads as many rows either way."""
    found = conn.execute(_named(word).limit(MOST + 1)).scalars().all()
    return None if len(found) > MOST else set(found)


def _known(conn: Connection, wanted: Iterable[str]) -> dict[str, int]:
    t = schema.actor_terms.c
    wanted = sorted(wanted)
    out: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        out.update((term, term_id) for term_id, term in conn.execute(select(t.id, t.term).where(t.term.in_(chunk))))
    return out


def add(conn: Connection, events: Sequence[Mapping[str, Any]]) -> None:
    """Keep the terms of these event rows (new events, inside the transaction writing them)."""
    named = {row["id"]: (row["doc_id"], terms(row)) for row in events}
    wanted = set().union(*(found for _, found in named.values()))
    if not wanted:
        return
    ids = _known(conn, wanted)
    missing = wanted - ids.keys()
    if missing:
        conn.execute(insert(schema.actor_terms), [{"term": term} for term in sorted(missing)])
        ids.update(_known(conn, missing))
    rows = [
        {"term_id": ids[term], "event_id": event_id, "doc_id": doc_id}
        for event_id, (doc_id, found) in named.items()
        for term in found
    ]
    conn.execute(insert(schema.event_actors), rows)


def remove(conn: Connection, doc_id: str) -> None:
    """Forget what a document's events name (before its events are deleted)."""
    conn.execute(delete(schema.event_actors).where(schema.event_actors.c.doc_id == doc_id))


def _events(conn: Connection, page: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """The stored events' ids, documents and sides, a page at a time."""
    e = schema.events.c
    columns = [e.id, e.doc_id, *(e[c] for c in SIDES)]
    last = None
    while True:
        query = select(*columns).order_by(e.id).limit(page)
        if last is not None:
            query = query.where(e.id > last)
        rows = [dict(r._mapping) for r in conn.execute(query)]
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def rebuild(conn: Connection) -> None:
    """Make both tables again from the stored events (a store made before they were kept)."""
    conn.execute(delete(schema.event_actors))
    conn.execute(delete(schema.actor_terms))
    for rows in _events(conn):
        add(conn, rows)


def differences(conn: Connection) -> list[str]:
    """How the kept lookup differs from the one made again from the events (empty when they agree)."""
    want = {(term, row["id"]) for rows in _events(conn) for row in rows for term in terms(row)}
    t, ea = schema.actor_terms.c, schema.event_actors.c
    have = set(conn.execute(select(t.term, ea.event_id).join_from(schema.event_actors, schema.actor_terms,
                                                                  ea.term_id == t.id)).all())  # fmt: skip
    return [f"{event_id} names {term!r}: not kept" for term, event_id in sorted(want - have)] + [
        f"{event_id} does not name {term!r}: kept" for term, event_id in sorted(have - want)
    ]
