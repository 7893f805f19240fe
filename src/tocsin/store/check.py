"""``tocsin check``: is a store whole, and what can be put right.

Checked, document by document (read in pages, so any size of store is checked in flat
memory):

* each stored record is valid against the contract (``DocumentRecord``), under its own id
  and with the document's text;
* every offset lies inside the text, and each evidence sentence is the text at its offsets;
* the flat rows (events, actors, places, quotes, claims, threats, search index) are the
  record's, no more and no fewer;
* every event that reports a happening is in a story — those of an original article
  always, a near-duplicate's when its original's story has it — and ``events.story_id``
  agrees with the story's members;
* no row anywhere points at a document, an event or a story that does not exist, and no
  story is left without members; documents are numbered in the order they were stored;
* the kept counts of facets, periods and places agree with the events (rebuilt on repair).

With ``repair``, what can be rebuilt from the stored records is rebuilt: flat rows are
rewritten from the record, stories re-joined, orphan rows and empty stories removed,
missing numbers given. A record that is not valid cannot be rebuilt from anything and
is only reported. Each repair runs in one write transaction, as ingest does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Connection, Table, and_, delete, func, not_, select, text, update

from tocsin.record import DocumentRecord
from tocsin.store import Store, schema
from tocsin.store.rows import row_sets

PAGE = 200
PROJECTIONS = ("events", "actors", "places", "quotes", "claims", "threats")


@dataclass
class Problem:
    """One thing wrong with a store: what kind, where, and whether it was repaired."""

    kind: str
    item: str
    detail: str
    repaired: bool = False

    def __str__(self) -> str:
        return f"{self.kind} {self.item}: {self.detail}" + (" (repaired)" if self.repaired else "")


def check(store: Store, repair: bool = False) -> list[Problem]:
    """Every problem found in ``store``; with ``repair``, those that can be are put right."""
    problems: list[Problem] = []
    for doc_id, raw, body in _documents(store):
        problems += _document(store, doc_id, raw, body, repair)
    problems += _orphans(store, repair)
    problems += _numbering(store, repair)
    problems += _tallies(store, repair)  # last: the repairs above may change what is counted
    return problems


def _documents(store: Store) -> Iterator[tuple[str, str, str]]:
    d = schema.documents.c
    last = ""
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(select(d.id, d.record, d.text).where(d.id > last).order_by(d.id).limit(PAGE)).all()
        if not rows:
            return
        for doc_id, raw, body in rows:
            last = doc_id
            yield doc_id, raw, body


def _document(store: Store, doc_id: str, raw: str, body: str, repair: bool) -> list[Problem]:
    try:
        record = DocumentRecord.model_validate_json(raw)
    except ValidationError as exc:
        return [Problem("record", doc_id, f"not valid against the contract: {str(exc).splitlines()[0]}")]
    problems = [Problem("offsets", doc_id, detail) for detail in offset_problems(record)]
    if record.id != doc_id:
        problems.append(Problem("record", doc_id, f"the record says its id is {record.id!r}"))
    if record.text != body:
        problems.append(Problem("record", doc_id, "the record's text differs from the stored text"))
    with store.engine.connect() as conn:
        rows = _rows_differ(store, conn, record)
        unjoined = _unjoined(conn, record)
    if rows:
        problems.append(Problem("rows", doc_id, f"{', '.join(rows)} rows are not the record's"))
    if unjoined:
        problems.append(Problem("stories", doc_id, f"{unjoined} event(s) are not in their stories"))
    if repair and (rows or unjoined) and record.id == doc_id and record.text == body:
        from tocsin.stories import incremental

        incremental.replace(store, record)
        for p in problems:
            p.repaired = p.kind in ("rows", "stories")
    return problems


def offset_problems(record: DocumentRecord) -> list[str]:
    """What in a record points outside its text, or cites a sentence that is not there."""
    n = len(record.text)
    out = []

    def span(what: str, start: int, end: int) -> None:
        if not 0 <= start <= end <= n:
            out.append(f"{what} [{start}, {end}) lies outside the text of {n} characters")

    for kind, items in (("actor", record.actors), ("place", record.places)):
        for item in items:
            for start, end in item.mentions:
                span(f"{kind} {item.id} mention", start, end)
    cited = [(f"event {e.id}", e.evidence) for e in record.events]
    cited += [(f"claim {i}", c.evidence) for i, c in enumerate(record.claims)]
    cited += [(f"threat {i}", t.evidence) for i, t in enumerate(record.threats)]
    for what, ev in cited:
        span(f"{what} evidence", ev.start, ev.end)
        if 0 <= ev.start <= ev.end <= n and record.text[ev.start : ev.end] != ev.sentence:
            out.append(f"{what} evidence is not the text at its offsets")
    for i, q in enumerate(record.quotes):
        span(f"quote {i}", q.start, q.end)
    return out


def _rows_differ(store: Store, conn: Connection, record: DocumentRecord) -> list[str]:
    """The projection tables whose rows for this document are not those the record makes."""
    out = []
    for table, rows in row_sets(record, store.knowledge):
        keys = [c.name for c in table.primary_key.columns]
        stored = {
            tuple(r) for r in conn.execute(select(*[table.c[k] for k in keys]).where(table.c.doc_id == record.id))
        }
        if stored != {tuple(row[k] for k in keys) for row in rows}:
            out.append(table.name)
    if store.sqlite:
        found = conn.execute(text("SELECT count(*) FROM documents_fts WHERE doc_id = :d"), {"d": record.id}).scalar()
        if found != 1:
            out.append("search index")
    return out


def _unjoined(conn: Connection, record: DocumentRecord) -> int:
    """Events that should be in a story and are not, or whose story id disagrees with it."""
    e, m = schema.events.c, schema.story_members.c
    rows = conn.execute(
        select(e.id, e.status, e.story_id, m.story_id.label("member_of"))
        .select_from(schema.events.outerjoin(schema.story_members, m.event_id == e.id))
        .where(e.doc_id == record.id)
    ).all()
    if record.duplicate_of:  # a copy's events join only its original's stories: only agreement is checked
        return sum(1 for r in rows if r.story_id != r.member_of)
    return sum(1 for r in rows if r.story_id != r.member_of or (r.status != "negated" and r.member_of is None))


def _orphans(store: Store, repair: bool) -> list[Problem]:
    """Rows that point at a document, event or story that does not exist; stories without members."""
    d, e, m, s = schema.documents, schema.events, schema.story_members, schema.stories
    checks: list[tuple[Table, str, ColumnElement[bool]]] = [
        (table, f"{table.name} rows of documents that are not stored", not_(table.c.doc_id.in_(select(d.c.id))))
        for table in (*(schema.metadata.tables[n] for n in PROJECTIONS), schema.minhashes, schema.minhash_bands, m)
    ]
    checks += [
        (m, "story members whose event is gone", not_(m.c.event_id.in_(select(e.c.id)))),
        (m, "story members whose story is gone", not_(m.c.story_id.in_(select(s.c.id)))),
        (s, "stories without members", not_(s.c.id.in_(select(m.c.story_id)))),
        (
            schema.disagreements,
            "disagreements citing documents that are not stored",
            not_(
                and_(
                    schema.disagreements.c.doc_a.in_(select(d.c.id)),
                    schema.disagreements.c.doc_b.in_(select(d.c.id)),
                )
            ),
        ),
    ]
    problems = []
    for table, what, where in checks:
        with store.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
        if not count:
            continue
        problem = Problem("orphans", table.name, f"{count} {what}")
        if repair:
            with store.writing() as conn:
                touched = set()
                if table is m:
                    touched = set(conn.execute(select(m.c.story_id).where(where)).scalars())
                if table is s:  # a story goes with what is kept about it
                    touched = set(conn.execute(select(s.c.id).where(where)).scalars())
                else:
                    conn.execute(delete(table).where(where))
                _refresh(conn, touched)
            problem.repaired = True
        problems.append(problem)
    if store.sqlite:
        with store.engine.connect() as conn:
            stray = conn.execute(
                text("SELECT count(*) FROM documents_fts WHERE doc_id NOT IN (SELECT id FROM documents)")
            ).scalar_one()
        if stray:
            problem = Problem("orphans", "documents_fts", f"{stray} search index rows of documents that are not stored")
            if repair:
                with store.writing() as conn:
                    conn.execute(text("DELETE FROM documents_fts WHERE doc_id NOT IN (SELECT id FROM documents)"))
                problem.repaired = True
            problems.append(problem)
    return problems


def _refresh(conn: Connection, story_ids: set[str]) -> None:
    from tocsin.stories.merge import drop_story, refresh

    m = schema.story_members
    for story_id in story_ids:
        if conn.execute(select(m.c.event_id).where(m.c.story_id == story_id).limit(1)).first():
            refresh(conn, story_id)
        else:
            drop_story(conn, story_id)


def _tallies(store: Store, repair: bool) -> list[Problem]:
    """The kept counts (store/tallies.py) agree with the events they count, the kept
    network (store/network.py) with the stories, and who each event names
    (store/actor_lookup.py) with the events."""
    from tocsin.store import actor_lookup, network, tallies

    problems = []
    kept_parts = ((tallies, "tallies", "events"), (network, "network_tallies", "stories"),
                  (actor_lookup, "event_actors", "events"))  # fmt: skip
    for kept, item, what in kept_parts:
        with store.engine.connect() as conn:
            found = kept.differences(conn)
        if not found:
            continue
        shown = "; ".join(found[:3]) + (f"; and {len(found) - 3} more" if len(found) > 3 else "")
        problem = Problem("tallies", item, f"{len(found)} kept counts differ from the {what}: {shown}")
        if repair:
            with store.writing() as conn:
                kept.rebuild(conn)
            problem.repaired = True
        problems.append(problem)
    return problems


def _numbering(store: Store, repair: bool) -> list[Problem]:
    d = schema.documents.c
    with store.engine.connect() as conn:
        missing = conn.execute(select(func.count()).select_from(schema.documents).where(d.seq.is_(None))).scalar_one()
    if not missing:
        return []
    problem = Problem("numbering", "documents", f"{missing} documents have no storing order (seq)")
    if repair:
        with store.writing() as conn:
            top = conn.execute(select(func.coalesce(func.max(d.seq), 0))).scalar_one()
            ids = conn.execute(select(d.id).where(d.seq.is_(None)).order_by(d.ingested_at, d.id)).scalars().all()
            for n, doc_id in enumerate(ids, start=top + 1):
                conn.execute(update(schema.documents).where(d.id == doc_id).values(seq=n))
        problem.repaired = True
    return [problem]
