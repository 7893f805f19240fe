"""The distinct documents the growth benchmark stores: made from a few analysed records,
each a document of its own (no repost unless meant as one), consistent with its text, and
stored through the real write path with stories, reposts and disagreements as ingest
would make them. The records varied here are invented (``tests/invented_news.py``)."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from tests.invented_news import Art, Ev, record
from tocsin.scale import derived
from tocsin.scale.derived import Deriver
from tocsin.store import Store, schema, tallies
from tocsin.stories import duplicates
from tocsin.stories.incremental import save

BASE = [
    Art(
        "clash",
        "Invented Wire",
        "2025-03-04",
        [Ev("ASSAULT", ["AFG-taliban"], ["TJK-border-troops"], "2025-03-03", "khorog", killed=2)],
        claims=[("Tajik-Afghan border", "border_length", 1340, "km")],
    ),  # fmt: skip
    Art(
        "talks",
        "Invented Herald",
        "2025-03-10",
        [Ev("CONSULT", ["KGZ"], ["UZB"], "2025-03", "osh")],
        claims=[("militants", "killed", 12, "")],
    ),  # fmt: skip
    Art(
        "drill",
        "Invented Courier",
        "2025-04-01",
        [Ev("MOBILIZE", ["TJK"], [], "2025-04-01", "dushanbe")],
        threats=[(["TJK"], "terrorism", "warning")],
    ),  # fmt: skip
]


def documents(n: int, seed: int = 5) -> list:
    return list(itertools.islice(Deriver([record(a) for a in BASE], per_day=10, seed=seed), n))


def test_derived_documents_are_distinct_and_match_their_text():
    docs = documents(120)
    assert len({d.id for d in docs}) == len(docs)
    days = [d.published for d in docs]
    assert days[0] < days[-1] and (days[-1] > "2024-01-10")  # ten a day, in date order give or take two days
    for d in docs:
        for item in [*d.events, *d.claims, *d.threats]:
            ev = item.evidence
            assert d.text[ev.start : ev.end] == ev.sentence
        assert {i for e in d.events for i in e.source + e.target} <= {a.id for a in d.actors}
    sigs = [duplicates.signature(d.text) for d in docs]
    base = duplicates.signature(record(BASE[0]).text)
    assert all(duplicates.similarity(base, s) < duplicates.THRESHOLD for s in sigs)
    countries = {a.country for d in docs for a in d.actors if a.kind == "state"}
    assert len(countries) >= 3  # the countries vary, within those the records name
    assert documents(50) == docs[:50]  # a short run is the start of a long one


def test_derived_documents_grow_a_store_as_ingest_would(tmp_path):
    store = Store.open(str(tmp_path / "growth.db"))
    docs = documents(80)
    for d in docs:
        assert save(store, d)
    with store.engine.connect() as conn:
        copies = conn.execute(select(schema.documents.c.id).where(schema.documents.c.duplicate_of.is_not(None))).all()
        n_stories = len(conn.execute(select(schema.stories.c.id)).all())
        n_events = len(conn.execute(select(schema.story_members.c.event_id)).all())
        assert tallies.differences(conn) == []
    assert 0 < len(copies) < len(docs) * derived.REPOST * 2  # reposts, and only they, are near-duplicates
    assert n_stories < n_events  # follow-ups join the stories of what they report again
    assert store.count("disagreements") > 0  # some figures differ
    store.close()
