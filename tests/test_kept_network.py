"""The actor network read from the kept counts is the network built from the stories.

``/api/network`` reads who acted on whom from ``network_tallies`` (store/network.py), kept
up to date as stories change; ``scanned_network`` builds it from the stories themselves.
Both are asked for the whole store, each country and each type, on a store built, added
to, with a document re-analysed and one deleted, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.invented_news import Art, Ev, record
from tests.store_corpus import GUARDS, TALIBAN, corpus
from tests.test_tallies import _open  # a store of each kind, emptied
from tocsin.query import Filter, story_network, tallied
from tocsin.query.stories import scanned_network
from tocsin.store import Store, network, schema
from tocsin.store.check import check
from tocsin.stories.incremental import remove, replace, save


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    opened = _open(request.param, tmp_path)
    yield opened
    opened.close()


def _filters(store: Store) -> list[Filter]:
    s = schema.stories.c
    with store.engine.connect() as conn:
        countries = set(conn.execute(select(s.source_country)).scalars()) | set(
            conn.execute(select(s.target_country)).scalars()
        )
        types = set(conn.execute(select(s.type)).scalars())
    return [
        Filter(),
        *(Filter(country=c) for c in sorted(countries - {None})),
        *(Filter(type=t) for t in sorted(types)),
    ]


def assert_kept_network_is_built_network(store: Store) -> None:
    with store.engine.connect() as conn:
        assert network.differences(conn) == []
    for flt in _filters(store):
        assert tallied.network_scope(flt) is not None  # read from the kept counts
        for limit in (1, 2, 150):
            assert story_network(store, flt, limit) == scanned_network(store, flt, limit), (flt, limit)


def test_the_kept_network_follows_new_reports_reanalysis_and_deletion(store):
    records = corpus(30)
    for rec in records[:20]:
        save(store, rec)
    assert store.count("stories") > 0
    assert story_network(store)["edges"]  # Taliban acting on the border troops, Kyrgyzstan on Uzbekistan...
    assert_kept_network_is_built_network(store)

    for rec in records[20:]:  # more reports join the stories already there
        save(store, rec)
    assert_kept_network_is_built_network(store)

    changed = records[3].model_copy(deep=True)  # re-analysed: the same article, the sides the other way round
    first = changed.events[0]
    first.source, first.target = first.target, first.source
    replace(store, changed)
    assert_kept_network_is_built_network(store)

    for rec in records[:8]:  # documents deleted with everything they brought
        remove(store, rec.id)
    assert_kept_network_is_built_network(store)


def test_an_edge_counts_stories_not_the_articles_that_report_them(store):
    for rec in corpus(30):
        save(store, rec)
    (edge,) = [e for e in story_network(store)["edges"] if (e["source"], e["target"]) == (*TALIBAN, *GUARDS)]
    s = schema.stories.c
    with store.engine.connect() as conn:
        told = (
            conn.execute(
                select(s.n_articles).where(s.source_ids.contains(TALIBAN[0]), s.target_ids.contains(GUARDS[0]))
            )
            .scalars()
            .all()
        )
    assert edge["stories"] == len(told)
    assert sum(told) > len(told)  # several articles tell the same clash; the edge counts it once
    nodes = {n["id"]: n for n in story_network(store)["nodes"]}
    assert nodes[TALIBAN[0]]["name"] == "Taliban" and nodes[GUARDS[0]]["country"] == "TJK"


def test_other_filters_are_built_from_the_stories(store):
    for rec in corpus(12):
        save(store, rec)
    both = Filter(country="TJK", type="ASSAULT")
    assert tallied.network_scope(both) is None
    assert story_network(store, both) == scanned_network(store, both)


def test_check_finds_a_network_that_drifted_and_repair_makes_it_again(tmp_path):
    with Store.open(str(tmp_path / "n.db")) as store:
        for rec in corpus(12):
            save(store, rec)
        assert check(store) == []
        t = network.network_tallies.c
        with store.writing() as conn:
            conn.execute(network.network_tallies.update().where(t.scope == "").values(stories=t.stories + 2))
        found = [p for p in check(store) if p.item == "network_tallies"]
        assert found and "stories" in found[0].detail
        assert all(p.repaired for p in check(store, repair=True) if p.kind == "tallies")
        assert check(store) == []
        assert_kept_network_is_built_network(store)


def test_a_store_made_before_the_network_was_kept_gets_it_when_opened(tmp_path):
    db = str(tmp_path / "old.db")
    with Store.open(db) as store:
        for rec in corpus(12):
            save(store, rec)
        expected = story_network(store)
        with store.writing() as conn:
            network.story_edges.drop(conn)
            network.network_tallies.drop(conn)
    with Store.open(db) as store:
        assert story_network(store) == expected
        assert_kept_network_is_built_network(store)


def _crowd() -> Art:
    """One clash whose report names more actors on each side than a story adds to the network."""
    sources = [f"X-band-{i:02d}" for i in range(network.SIDE + 5)]
    targets = [f"Y-post-{i:02d}" for i in range(network.SIDE + 3)]
    return Art("crowd", "Invented Wire", "2025-03-04", [Ev("ASSAULT", sources, targets, "2025-03-03", "khorog")])


def test_a_story_adds_its_first_actors_of_each_side_to_the_network(store):
    save(store, record(_crowd()))
    assert_kept_network_is_built_network(store)
    pairs = {(e["source"], e["target"]) for e in story_network(store, limit=10_000)["edges"]}
    assert len(pairs) == network.SIDE * network.SIDE
    assert ("X-band-00", "Y-post-00") in pairs
    assert not [p for p in pairs if p[0] >= f"X-band-{network.SIDE:02d}" or p[1] >= f"Y-post-{network.SIDE:02d}"]


def test_a_store_kept_before_the_bound_gets_it_when_opened(tmp_path, monkeypatch):
    db = str(tmp_path / "old.db")
    monkeypatch.setattr(network, "SIDE", 100)  # as version 6 kept it: every pair
    with Store.open(db) as store:
        save(store, record(_crowd()))
        with store.writing() as conn:
            conn.execute(schema.store_meta.update().values(value="6"))
    monkeypatch.undo()
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            kept = conn.execute(select(func.count()).select_from(network.story_edges)).scalar_one()
        assert kept == 2 * network.SIDE * network.SIDE  # every story, and its type
        assert_kept_network_is_built_network(store)
