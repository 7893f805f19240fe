"""The store keeps one copy per document, writes atomically, searches text, and runs on
SQLite by default or PostgreSQL when given its URL."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tocsin.query import Filter, iter_events, search
from tocsin.record import Actor, DocumentRecord, Event, Evidence, Source
from tocsin.store import Store, database_url, schema

BODY = "Border guards reported a clash near the river crossing on Monday."


def sample_record(doc_id: str = "doc-1", body: str = BODY, title: str = "Invented clash") -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        source=Source(path="invented.txt", outlet="Sample Wire (invented)"),
        title=title,
        published="2025-05-05",
        language="en",
        text=body,
        actors=[Actor(id="TJK", name="Tajikistan", kind="state", country="TJK", mentions=[(0, 6)])],
        events=[
            Event(
                id="e1",
                type="ASSAULT",
                source=["TJK"],
                date="2025-05-05",
                confidence=0.7,
                evidence=Evidence(sentence=body, start=0, end=len(body)),
            )
        ],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store.open(str(tmp_path / "t.db"))
    else:
        url = os.environ.get("TOCSIN_TEST_PG")
        if not url:
            pytest.skip("no PostgreSQL server (TOCSIN_TEST_PG unset)")
        s = Store.open(url)
        schema.metadata.drop_all(s.engine)
        s = Store.open(url)
    yield s
    s.close()


def test_a_path_means_sqlite_and_a_url_is_kept():
    assert database_url("/tmp/x/tocsin.db").startswith("sqlite:///")
    assert database_url("postgresql+psycopg://u:p@127.0.0.1/db") == "postgresql+psycopg://u:p@127.0.0.1/db"


def test_saving_twice_stores_once(store):
    assert store.save(sample_record()) is True
    assert store.save(sample_record()) is False
    assert store.count() == 1
    assert store.count("events") == 1


def test_a_record_reads_back_unchanged(store):
    rec = sample_record()
    store.save(rec)
    assert store.get("doc-1") == rec
    assert [r.id for r in store.records()] == ["doc-1"]


def test_full_text_search_finds_words_not_sql(store):
    store.save(sample_record())
    store.save(sample_record("doc-2", "A delegation arrived for talks about trade.", "Invented talks"))
    assert [h["doc_id"] for h in search(store, "clash")] == ["doc-1"]
    assert search(store, "'; DROP TABLE documents; --") == []
    assert store.count() == 2


def test_a_failed_write_leaves_nothing_behind(store):
    store.save(sample_record())
    broken = sample_record("doc-2")
    broken.events.append(broken.events[0])  # the same event id twice violates the primary key
    with pytest.raises(IntegrityError):
        store.save(broken)
    assert store.count() == 1
    assert store.get("doc-2") is None
    with store.engine.connect() as conn:
        assert conn.execute(text("select count(*) from events where doc_id = 'doc-2'")).scalar_one() == 0


def test_event_filters(store):
    store.save(sample_record())
    assert len(list(iter_events(store, Filter(country="tjk")))) == 1
    assert list(iter_events(store, Filter(type="AID"))) == []
    assert len(list(iter_events(store, Filter(since="2025-05", until="2025-05")))) == 1
    assert list(iter_events(store, Filter(until="2025-04"))) == []
    with pytest.raises(ValueError):
        Filter(type="BOMB")
    with pytest.raises(ValueError):
        Filter(since="May 2025")


# -- an actor named by part of its name ----------------------------------------------------
SIDES = [
    ("Border Guard Service", "Khatlon militia"),
    ("Ministry of Defence", "Border guard post"),
    ("Herat police", "Unknown gunmen"),
    ("100% Volunteers", "Herat police"),
]


def dyad_record(n: int, source: str, target: str) -> DocumentRecord:
    body = f"{source} and {target} exchanged fire on Monday, officials said."
    ids = [f"actor:X{n}:{i}" for i in range(2)]
    return DocumentRecord(
        id=f"doc-{n}",
        source=Source(path=f"invented-{n}.txt"),
        published=f"2025-05-0{n + 1}",
        language="en",
        text=body,
        actors=[
            Actor(id=i, name=name, kind="armed_group", mentions=[(0, 4)])
            for i, name in zip(ids, (source, target), strict=True)
        ],
        events=[
            Event(id="e1", type="ASSAULT", source=[ids[0]], target=[ids[1]], date=f"2025-05-0{n + 1}", confidence=0.7,
                  evidence=Evidence(sentence=body, start=0, end=len(body)))
        ],
    )  # fmt: skip


def found(store: Store, part: str) -> list[str]:
    return sorted(e["doc_id"] for e in iter_events(store, Filter(actor=part)))


def test_an_actor_named_by_part_of_its_name_is_found_on_either_side(store):
    for n, (source, target) in enumerate(SIDES):
        store.save(dyad_record(n, source, target))
    assert found(store, "border guard") == ["doc-0", "doc-1"]  # any case, either side
    assert found(store, "HERAT") == ["doc-2", "doc-3"]
    assert found(store, "gunmen") == ["doc-2"]
    assert found(store, "100%") == ["doc-3"]  # "%" is itself, not a wildcard
    assert found(store, "actor:X1") == ["doc-1"]  # part of an id
    assert found(store, "Kabul") == []


def trigram_indexes(store: Store) -> set[str]:
    from sqlalchemy import inspect

    from tocsin.store.setup import SUBSTRING_SEARCHED

    with store.engine.connect() as conn:
        names = {i["name"] for t in SUBSTRING_SEARCHED for i in inspect(conn).get_indexes(t)}
    return {n for n in names if n.endswith("_trgm")}


@pytest.mark.postgres
def test_postgresql_searches_names_through_trigram_indexes_also_in_an_older_store():
    """A version-4 store gains the indexes when this version opens it, and finds the same."""
    from tocsin.store.setup import SIDES_SEARCHED, SUBSTRING_SEARCHED, VERSION

    url = os.environ.get("TOCSIN_TEST_PG")
    if not url:
        pytest.skip("no PostgreSQL server (TOCSIN_TEST_PG unset)")
    with Store.open(url) as old:
        schema.metadata.drop_all(old.engine)
    wanted = {f"ix_{t}_{c}_trgm" for t, columns in SUBSTRING_SEARCHED.items() for c in columns}
    wanted |= {f"ix_{t}_sides_trgm" for t in SIDES_SEARCHED}  # the four sides as one text (version 7)
    with Store.open(url) as store:
        for n, (source, target) in enumerate(SIDES):
            store.save(dyad_record(n, source, target))
        assert trigram_indexes(store) == wanted
        with store.engine.begin() as conn:  # as a version-4 store was
            for name in wanted:
                conn.execute(text(f"DROP INDEX {name}"))
            conn.execute(text("UPDATE tocsin_meta SET value = '4' WHERE key = 'schema_version'"))
    with Store.open(url) as store:
        with store.engine.connect() as conn:
            version = conn.execute(text("SELECT value FROM tocsin_meta WHERE key = 'schema_version'")).scalar()
        assert version == str(VERSION)
        assert trigram_indexes(store) == wanted
        assert found(store, "border guard") == ["doc-0", "doc-1"]
        assert found(store, "100%") == ["doc-3"]
