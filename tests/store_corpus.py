"""An invented corpus for the crash and concurrency tests, and a way to compare stores.

The records are built directly (no spaCy) but exercise every step of a document's write:
several outlets reporting the same clashes (stories that merge, some only once a later
report bridges them), reposts (near-duplicates), numbers that disagree (reconciliation),
quotes-free texts and threats. Everything here is made up.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Select, inspect, select, text

from tests.invented_news import Art, Ev, record, repost
from tocsin.record import DocumentRecord
from tocsin.store import Store, schema

TALIBAN, GUARDS = ["AFG-taliban"], ["TJK-border-troops"]
OUTLETS = ["Invented Wire", "Invented Herald", "Invented Courier", "Invented Digest", "Invented Ledger"]
PLACES = ["khorog", "ishkashim", "kulob", "dushanbe", None]
# Columns that say when a row was written: they differ between any two runs.
CLOCK = {"ingested_at", "updated_at", "found_at"}


def corpus(n: int = 36, seed: int = 11) -> list[DocumentRecord]:
    """``n`` invented records over three weeks: clashes told by several outlets, talks,
    reposts and border-length claims that do not all agree."""
    rng = random.Random(seed)
    out: list[DocumentRecord] = []
    for i in range(n):
        day = 1 + rng.randrange(20)
        kind = rng.random()
        if kind < 0.55:
            sides = (TALIBAN, GUARDS) if rng.random() < 0.7 else (["TJK"], ["AFG"])
            ev = Ev("ASSAULT", *sides, f"2025-03-{day:02d}" if rng.random() < 0.8 else None, rng.choice(PLACES))
        elif kind < 0.8:
            ev = Ev("CONSULT", ["KGZ"], ["UZB"], f"2025-03-{day:02d}", "osh")
        else:
            ev = Ev("COERCE", ["UZB"], ["TJK"], f"2025-03-{day:02d}", rng.choice(PLACES), killed=rng.randrange(4))
        claims = []
        if rng.random() < 0.4:
            claims.append(("Tajik-Afghan border", "border_length", rng.choice([1344.0, 1357.0, 1206.0]), "km"))
        threats = [(GUARDS, "terrorism", "warning")] if rng.random() < 0.2 else []
        art = Art(f"art{i:03d}", rng.choice(OUTLETS), f"2025-03-{min(28, day + 1):02d}", [ev], claims, threats)
        out.append(record(art))
        if rng.random() < 0.2:
            copy = repost(art, outlet=rng.choice(OUTLETS))
            copy.id = f"art{i:03d}-copy"
            out.append(copy)
    return out


def _terms() -> Select:
    return select(schema.actor_terms.c.term)


def _named() -> Select:
    t, ea = schema.actor_terms.c, schema.event_actors.c
    return select(t.term, ea.event_id, ea.doc_id).join_from(schema.event_actors, schema.actor_terms, ea.term_id == t.id)


# Tables keyed by numbers a sequence hands out: on PostgreSQL a transaction rolled back (a
# killed run) has used some up, so a clean run numbers the same rows otherwise.
SURROGATE: dict[str, Callable[[], Select]] = {"actor_terms": _terms, "event_actors": _named}


def write_jsonl(records: list[DocumentRecord], path: Path) -> Path:
    path.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    return path


def tables(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, without the columns that hold the time of writing, sorted."""
    out: dict[str, list[tuple]] = {}
    with store.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        for name, table in schema.metadata.tables.items():
            if name not in names:
                continue
            cols = [c for c in table.c if c.name not in CLOCK]
            query = select(*cols)
            if name in SURROGATE:  # numbered by a sequence: compared through what the numbers stand for
                query = SURROGATE[name]()
            out[name] = sorted((tuple(r) for r in conn.execute(query)), key=repr)
        if store.sqlite:
            rows = conn.execute(text("SELECT doc_id, title, body FROM documents_fts"))
            out["documents_fts"] = sorted((tuple(r) for r in rows), key=repr)
    return out
