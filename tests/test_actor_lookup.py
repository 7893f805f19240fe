"""A filter by actor finds the same events through the kept lookup as by reading every event.

``store/actor_lookup.py`` keeps, for each distinct actor id and name the events' sides hold,
the events naming it, so that clicking an actor reads a few index entries. The events it
finds must be exactly those whose sides hold the word, in any case: here both are asked for
every word of a set chosen to probe the edges (parts of ids and names, names holding the
separators of the stored columns, quotes, ``%``, Cyrillic), on SQLite and PostgreSQL, after
documents are added, re-analysed with other actors and deleted, and in a store made before
the lookup was kept.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.test_tallies import _open  # a store of each kind, emptied
from tocsin.query import Filter, count_events, iter_events
from tocsin.query.events import event_clauses
from tocsin.query.filters import names_actor
from tocsin.record import Actor, DocumentRecord, Event, Evidence, Source
from tocsin.store import Store, actor_lookup, schema
from tocsin.stories.incremental import remove, replace, save

# Invented actors: (id, name). Some names hold what separates actors in the stored columns.
ACTORS = [
    ("actor:KGZ:7", "Kyrgyz border service"),
    ("actor:KGZ:70", "Border Service; Batken detachment"),
    ("actor:UZB:1500", "Uzbek customs, Andijan post"),
    ("actor:TJK:3", 'The "Sughd" volunteers'),
    ("actor:AFG:9", "100% Patriots"),
    ("actor:RUS:4", "Пограничная служба"),
    ("actor:x_y", "Ministry [of] Water"),
    ("country:TJK", "Tajikistan"),
]
WORDS = [
    "actor:KGZ:7", "actor:KGZ:70", "actor:KGZ", "KGZ:7", "actor", "border", "BORDER SERVICE", "service; batken",
    "Service;", "customs, andijan", ", Andijan", '"Sughd"', "Sughd", '"', "100%", "%", "_", "x_y", "[of]", "[", "]",
    "пограничная", "ПОГРАНИЧНАЯ", "служба", "Tajik", "country:TJK", "TJK", "Herat", ":", "1500", '["actor', '", "',
]  # fmt: skip


def article(n: int, pairs: list[tuple[int, int]], day: int = 1) -> DocumentRecord:
    """An invented report whose events pair the actors at these indexes (source, target)."""
    body = f"Report {n}: officials said several incidents happened along the border this week."
    used = sorted({i for pair in pairs for i in pair if i >= 0})
    return DocumentRecord(
        id=f"doc-{n}",
        source=Source(path=f"invented-{n}.txt"),
        published=f"2025-06-{day:02d}",
        language="en",
        text=body,
        actors=[Actor(id=ACTORS[i][0], name=ACTORS[i][1], kind="state", mentions=[(0, 6)]) for i in used],
        events=[
            Event(id=f"e{k}", type="ASSAULT", source=[ACTORS[s][0]] if s >= 0 else [],
                  target=[ACTORS[t][0]] if t >= 0 else [], date=f"2025-06-{day:02d}", confidence=0.7,
                  evidence=Evidence(sentence=body, start=0, end=len(body)))
            for k, (s, t) in enumerate(pairs)
        ],
    )  # fmt: skip


def by_reading_every_event(store: Store, word: str) -> list[str]:
    e = schema.events
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(e.c.id).where(names_actor(e, word))).scalars())


def by_lookup_alone(store: Store, word: str) -> list[str]:
    e = schema.events
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(e.c.id).where(*event_clauses(Filter(actor=word)))).scalars())


def assert_same_answers(store: Store) -> None:
    with store.engine.connect() as conn:
        assert actor_lookup.differences(conn) == []
    for word in WORDS:
        listed = sorted(row["id"] for row in iter_events(store, Filter(actor=word)))
        assert listed == by_reading_every_event(store, word) == by_lookup_alone(store, word), word
        assert count_events(store, Filter(actor=word)) == len(listed)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    opened = _open(request.param, tmp_path)
    yield opened
    opened.close()


def test_an_actor_is_found_through_the_lookup_as_in_every_event(store, monkeypatch):
    save(store, article(0, [(0, 1), (2, 3), (1, -1)], day=1))
    save(store, article(1, [(4, 5), (6, 7), (0, 7)], day=2))
    save(store, article(2, [(1, 2), (-1, 5), (3, 3)], day=3))
    assert [r["doc_id"] for r in iter_events(store, Filter(actor="actor:KGZ:70"))] == ["doc-2", "doc-0", "doc-0"]
    assert {r["doc_id"] for r in iter_events(store, Filter(actor="служба"))} == {"doc-1", "doc-2"}
    assert_same_answers(store)

    replace(store, article(1, [(2, 6)], day=2))  # re-analysed: other actors
    assert {r["doc_id"] for r in iter_events(store, Filter(actor="служба"))} == {"doc-2"}
    assert_same_answers(store)

    remove(store, "doc-2")
    assert list(iter_events(store, Filter(actor="служба"))) == []
    assert_same_answers(store)
    monkeypatch.setattr(actor_lookup, "MOST", 1)  # an actor in more events than are fetched by id
    assert_same_answers(store)
    with store.engine.connect() as conn:
        assert set(conn.execute(select(schema.event_actors.c.doc_id)).scalars()) == {"doc-0", "doc-1"}


def kept(store: Store) -> set[tuple[str, str]]:
    t, ea = schema.actor_terms.c, schema.event_actors.c
    with store.engine.connect() as conn:
        return set(conn.execute(select(t.term, ea.event_id).join_from(schema.event_actors, schema.actor_terms,
                                                                      ea.term_id == t.id)).all())  # fmt: skip


def test_a_store_made_before_the_lookup_gains_it_when_opened(store):
    url = store.engine.url.render_as_string(hide_password=False)
    for n in range(3):
        save(store, article(n, [(n, n + 1), (n + 2, -1)], day=n + 1))
    expected = kept(store)
    assert ("Border Service", "doc-0:e0") in expected  # a name cut at its semicolon
    with store.engine.begin() as conn:  # as a version-7 store was
        schema.event_actors.drop(conn)
        schema.actor_terms.drop(conn)
        conn.execute(text("UPDATE tocsin_meta SET value = '7' WHERE key = 'schema_version'"))
    store.close()
    with Store.open(url) as again:
        assert kept(again) == expected
        assert_same_answers(again)


def test_words_holding_a_separator_are_searched_in_the_sides():
    assert actor_lookup.words_found("actor:KGZ:7")
    assert actor_lookup.words_found("Пограничная служба")
    for word in ("a; b", "a, b", '"a', "[x", "x]"):
        assert not actor_lookup.words_found(word)
    row = {"source_ids": '["actor:KGZ:70", "country:TJK"]', "target_ids": "[]",
           "source_names": "Border Service; Batken detachment; Tajikistan", "target_names": None}  # fmt: skip
    assert actor_lookup.terms(row) == {"actor:KGZ:70", "country:TJK", "Border Service", "Batken detachment",
                                       "Tajikistan"}  # fmt: skip


def test_check_finds_a_lookup_out_of_step_and_makes_it_again(store):
    from tocsin.store.check import check

    save(store, article(0, [(0, 1), (2, 3)]))
    with store.engine.begin() as conn:
        conn.execute(schema.event_actors.delete().where(schema.event_actors.c.event_id == "doc-0:e1"))
    [problem] = [p for p in check(store) if p.item == "event_actors"]
    assert "doc-0:e1 names 'Sughd': not kept" in problem.detail  # a name cut at its quotes
    assert [p.item for p in check(store, repair=True) if p.item == "event_actors"] == ["event_actors"]
    assert [p for p in check(store) if p.item == "event_actors"] == []
    assert sorted(r["id"] for r in iter_events(store, Filter(actor="actor:UZB:1500"))) == ["doc-0:e1"]
