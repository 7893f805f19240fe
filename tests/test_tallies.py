"""Facets, the timeline, the map and the summary read from the kept tallies give what
counting the events gives.

The tallies change in each document's write and each story's change; the scanning queries
count the same things from the events. Both are asked the same questions on stores built
from the sample corpus (through the real pipeline) and from the invented corpus (stories
that merge, reposts, re-analysed and deleted documents), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.store_corpus import corpus
from tocsin.ingest import ingest
from tocsin.query import tallied
from tocsin.query.events import count_events, event_places, event_timeline, page_events
from tocsin.query.facets import facets, scanned_facets
from tocsin.query.filters import Filter
from tocsin.query.summary import counted, counts
from tocsin.store import Store, schema, tallies
from tocsin.store.check import check
from tocsin.stories.incremental import remove, replace, save

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _open(kind: str, tmp_path) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "t.db"))
    url = os.environ.get("TOCSIN_TEST_PG")
    if not url:
        pytest.skip("no PostgreSQL server (TOCSIN_TEST_PG unset)")
    store = Store.open(url)
    schema.metadata.drop_all(store.engine)
    store.close()
    return Store.open(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def kind(request):
    return request.param


def _rounded(rows: list[dict]) -> list[dict]:
    return [{k: round(v, 6) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def _by_place(rows: list[dict]) -> list[dict]:
    return sorted(_rounded(rows), key=lambda r: (r["place_id"] or "", r["lat"], r["lon"]))


def assert_kept_equals_counted(store: Store) -> None:
    """Every fast answer equals the one counted from the events, for the whole store and
    for each country in it."""
    from tocsin.query.events import scanned_places, scanned_timeline

    with store.engine.connect() as conn:
        assert tallies.differences(conn) == []
    e = schema.events.c
    with store.engine.connect() as conn:
        codes = set(conn.execute(select(e.source_country).where(e.source_country.is_not(None))).scalars())
        codes |= set(conn.execute(select(e.target_country).where(e.target_country.is_not(None))).scalars())
    for flt in [Filter(), *(Filter(country=c) for c in sorted(codes))]:
        assert tallied.scope(flt) is not None
        assert facets(store, flt, size=1000) == scanned_facets(store, flt, size=1000), flt
        for bucket in ("day", "month"):
            assert _rounded(event_timeline(store, flt, bucket)) == _rounded(scanned_timeline(store, flt, bucket))
        placed, regions = tallied.places(store, tallied.scope(flt), limit=10_000)
        scanned_placed, scanned_regions = scanned_places(store, flt, limit=10_000)
        assert _by_place(placed) == _by_place(scanned_placed)
        assert sorted(_rounded(regions), key=str) == sorted(_rounded(scanned_regions), key=str)
    assert counts(store) == counted(store, Filter())


def test_the_sample_corpus_answers_the_same_from_tallies_as_from_counting(kind, tmp_path, pipeline):
    store = _open(kind, tmp_path)
    try:
        assert ingest([str(SAMPLES)], store, pipeline).ok
        assert store.count("events") > 0
        assert_kept_equals_counted(store)
        top = facets(store, Filter(), size=3)
        assert [r["count"] for r in top["type"]] == sorted((r["count"] for r in top["type"]), reverse=True)
        summary = counts(store)
        assert summary["documents"] == store.count() and summary["events"] == store.count("events")
    finally:
        store.close()


def test_tallies_follow_stories_reanalysis_and_deletion(kind, tmp_path):
    store = _open(kind, tmp_path)
    try:
        records = corpus(30)
        for rec in records:
            save(store, rec)
        assert store.count("stories") > 0
        assert counts(store)["stories"] == store.count("stories")
        assert_kept_equals_counted(store)

        changed = records[3].model_copy(deep=True)  # re-analysed with another date and place
        changed.events[0].date = "2025-04-02"
        changed.events[0].place = None
        replace(store, changed)
        assert_kept_equals_counted(store)

        remove(store, records[5].id)  # a document deleted with everything it brought
        assert_kept_equals_counted(store)
    finally:
        store.close()


def test_a_filter_that_matches_nothing_is_answered_without_reading_events(tmp_path):
    with Store.open(str(tmp_path / "t.db")) as store:
        for rec in corpus(12):
            save(store, rec)
        nowhere = Filter(country="NZL")
        assert tallied.matches_nothing(store, nowhere)
        assert page_events(store, nowhere) == ([], None)
        assert count_events(store, nowhere) == 0
        assert facets(store, nowhere) == {name: [] for name in ("country", "actor", "type", "outlet", "month")}
        assert event_timeline(store, nowhere) == [] and event_places(store, nowhere) == []
        unknown_here = Filter(country="TJK", type="MOBILIZE")
        assert tallied.matches_nothing(store, unknown_here) and count_events(store, unknown_here) == 0
        assert not tallied.matches_nothing(store, Filter(country="TJK", type="ASSAULT"))
        assert count_events(store, Filter(country="TJK")) > 0


def test_check_finds_tallies_that_drifted_and_repair_rebuilds_them(tmp_path):
    with Store.open(str(tmp_path / "t.db")) as store:
        for rec in corpus(12):
            save(store, rec)
        assert check(store) == []
        t = schema.tallies.c
        with store.writing() as conn:
            conn.execute(schema.tallies.update().where(t.facet == "type").values(events=t.events + 5))
        found = [p for p in check(store) if p.kind == "tallies"]
        assert found and "events" in found[0].detail
        assert all(p.repaired for p in check(store, repair=True) if p.kind == "tallies")
        assert check(store) == []
        assert_kept_equals_counted(store)


def test_a_store_of_the_previous_version_gets_its_tallies_when_opened(tmp_path):
    from tocsin.store.setup import VERSION

    db = str(tmp_path / "old.db")
    with Store.open(db) as store:
        for rec in corpus(12):
            save(store, rec)
        with store.writing() as conn:  # what a version 3 store looks like
            for table in (schema.tallies, schema.story_periods):
                table.drop(conn)
            conn.execute(schema.store_meta.update().values(value="3"))
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            version = conn.execute(select(schema.store_meta.c.value)).scalar_one()
            kept = conn.execute(select(func.count()).select_from(schema.tallies)).scalar_one()
        assert version == str(VERSION) and kept > 0
        assert_kept_equals_counted(store)
