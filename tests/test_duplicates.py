"""Near-duplicate articles: a repost with other page furniture is linked to its original
and counted once; unrelated articles are not linked; the index survives a reopened store."""

from __future__ import annotations

from sqlalchemy import select

from tests.invented_news import Art, Ev, body, record, repost
from tocsin.query import list_stories
from tocsin.store import Store, schema
from tocsin.stories import duplicates
from tocsin.stories.incremental import save

CLASH = Art(
    "clash", "Invented Wire", "2025-03-04", [Ev("ASSAULT", ["AFG-taliban"], ["TJK-border-troops"], "2025-03-03")]
)
TALKS = Art("talks", "Invented Herald", "2025-03-05", [Ev("CONSULT", ["KGZ"], ["UZB"], "2025-03-05")])


def test_similarity_of_copies_and_of_unrelated_texts():
    original = record(CLASH).text
    copy = repost(CLASH).text
    a, b, c = duplicates.signature(original), duplicates.signature(copy), duplicates.signature(body(99))
    assert duplicates.similarity(a, a) == 1.0
    assert duplicates.similarity(a, b) >= duplicates.THRESHOLD
    assert duplicates.similarity(a, c) < 0.3
    assert duplicates.bands() == (14, 9)  # what datasketch picks for 0.8, 128 permutations, recall first


def test_a_repost_is_linked_to_its_original_and_counted_once(tmp_path):
    store = Store.open(str(tmp_path / "t.db"))
    assert save(store, record(CLASH)) and save(store, record(TALKS))
    copy = repost(CLASH)
    assert save(store, copy)
    assert copy.duplicate_of == "clash"
    assert store.get("clash-repost").duplicate_of == "clash"
    with store.engine.connect() as conn:
        linked = dict(conn.execute(select(schema.documents.c.id, schema.documents.c.duplicate_of)).all())
    assert linked == {"clash": None, "talks": None, "clash-repost": "clash"}
    clash = next(s for s in list_stories(store) if s["type"] == "ASSAULT")
    assert (clash["n_events"], clash["n_articles"], clash["n_original"], clash["n_sources"]) == (1, 2, 1, 2)
    assert len(list_stories(store)) == 2


def test_the_index_is_kept_in_the_store(tmp_path):
    db = str(tmp_path / "t.db")
    save(Store.open(db), record(CLASH))
    reopened = Store.open(db)  # a later ingest run
    copy = repost(CLASH, outlet="Second Mirror")
    save(reopened, copy)
    assert copy.duplicate_of == "clash"
    assert reopened.count("minhashes") == 2 and reopened.count("minhash_bands") == 2 * 14


def test_a_copy_of_a_copy_points_to_the_original(tmp_path):
    store = Store.open(str(tmp_path / "t.db"))
    save(store, record(CLASH))
    save(store, repost(CLASH))
    third = repost(CLASH, outlet="Third Mirror")
    third.id = "clash-third"
    third.text += "\nMore from our partners"
    save(store, third)
    assert third.duplicate_of == "clash"


def test_texts_without_words_are_never_linked(tmp_path):
    store = Store.open(str(tmp_path / "t.db"))
    for i, text in enumerate(["", "   ", "— … ‼", "\u200b\u200b"]):
        rec = record(Art(f"odd{i}", "Invented Wire", "2025-01-01"), text=text or " ")
        rec.text = text
        with store.writing() as conn:
            duplicates.link(conn, rec)
        assert rec.duplicate_of is None
