"""Stories and disagreements found through indexed blocking keys are those a scan of
everything stored finds: blocking only spares reading what cannot match.

Each corpus is stored twice, record by record as ``tocsin ingest`` stores them: once as
Tocsin does, once with the story candidates replaced by every stored story of the report's
kind (the scan blocking replaced). Disagreements are checked against every pair of claims.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.store_corpus import corpus, tables
from tocsin.ingest import ingest
from tocsin.record import DocumentRecord
from tocsin.store import Store, schema
from tocsin.stories import blocking, incremental, reconcile

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
STORY_TABLES = ("stories", "story_members", "events", "disagreements")


def every_story_of_its_kind(conn, rep) -> set[str]:
    s = schema.stories.c
    return set(conn.execute(select(s.id).where(s.quad_class == rep.quad_class)).scalars())


def store_all(db: str, records: list[DocumentRecord]) -> dict[str, list[tuple]]:
    with Store.open(db) as store:
        for record in records:
            incremental.save(store, record.model_copy(deep=True))
        return tables(store)


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory, pipeline) -> list[DocumentRecord]:
    db = str(tmp_path_factory.mktemp("samples") / "samples.db")
    with Store.open(db) as store:
        assert ingest([str(SAMPLES)], store, pipeline).ok
        with store.engine.connect() as conn:
            d = schema.documents.c
            raws = conn.execute(select(d.record).order_by(d.seq)).scalars().all()
    return [DocumentRecord.model_validate_json(raw) for raw in raws]


@pytest.mark.parametrize("which", ["samples", "invented"])
def test_blocking_builds_the_stories_a_full_scan_builds(which, sample_records, tmp_path, monkeypatch):
    records = sample_records if which == "samples" else corpus(60, seed=5)
    blocked = store_all(str(tmp_path / "blocked.db"), records)
    monkeypatch.setattr(blocking, "candidates", every_story_of_its_kind)
    scanned = store_all(str(tmp_path / "scanned.db"), records)

    assert blocked["stories"] and blocked["story_members"]
    joined = Counter(row[1] for row in blocked["story_members"])  # (event_id, story_id, ...)
    assert max(joined.values()) > 1, "some reports should join a story"
    for name in STORY_TABLES:
        assert blocked[name] == scanned[name], name


@pytest.mark.parametrize("which", ["samples", "invented"])
def test_every_disagreeing_pair_of_claims_is_counted_once_under_its_stories(which, sample_records, tmp_path):
    records = sample_records if which == "samples" else corpus(60, seed=5)
    with Store.open(str(tmp_path / "claims.db")) as store:
        for record in records:
            incremental.save(store, record.model_copy(deep=True))
        with store.engine.connect() as conn:
            claims = reconcile._claims(conn, schema.claims.c.doc_id.is_not(None))
            spans: dict = {}
            story = {(c["doc_id"], c["idx"]): reconcile.claim_story(conn, c, spans) for c in claims}
            t = schema.disagreements.c
            stored = conn.execute(select(t.story_a, t.story_b, t.attribute, t.subject, t.pairs)).all()

    originals = [c for c in claims if not c["duplicate_of"]]
    expected: Counter = Counter()
    for a, b in combinations(originals, 2):
        if reconcile._independent(a, b):
            diff = reconcile.comparable(a, b)
            if diff is not None and diff > reconcile.TOLERANCE:
                stories = frozenset((story[(a["doc_id"], a["idx"])], story[(b["doc_id"], b["idx"])]))
                expected[(stories, a["attribute"])] += 1
    found: Counter = Counter()
    for a, b, attribute, _, pairs in stored:
        found[(frozenset((a, b)), attribute)] += pairs
    assert expected, "the corpus should hold figures that disagree"
    assert found == expected  # every disagreeing pair of claims, counted under its stories' row
    per_subject = [(frozenset((a, b)), attribute, reconcile.subject_key(s)) for a, b, attribute, s, _ in stored]
    assert len(per_subject) == len(set(per_subject))  # once per pair of stories, attribute and subject


def test_a_report_dated_only_to_a_year_reads_the_nearest_stories_of_its_keys(tmp_path, monkeypatch):
    """Ten clashes between two countries, ten days apart: a report of that year, published
    on 1 July, is compared with the three stories nearest its day on each side, not the
    year's every story; a report dated to a day still reads its whole window."""
    from tests.invented_news import Art, Ev, record
    from tocsin.stories.matching import Report

    monkeypatch.setattr(blocking, "NEAREST", 3)
    days = [f"2025-06-{d:02d}" for d in (1, 11, 21)] + [f"2025-07-{d:02d}" for d in (1, 11, 21, 31)]
    days += ["2025-08-10", "2025-08-20", "2025-08-30"]
    with Store.open(str(tmp_path / "year.db")) as store:
        for n, day in enumerate(days):
            assert incremental.save(
                store, record(Art(f"c{n}", "Invented Wire", day, [Ev("ASSAULT", ["KGZ"], ["UZB"], day, "osh")]))
            )
        with store.engine.connect() as conn:
            e = schema.events.c
            story = dict(conn.execute(select(e.doc_id, e.story_id)).all())
            assert len(set(story.values())) == len(days)  # ten happenings
            sides = {
                "source_ids": {"KGZ"},
                "target_ids": {"UZB"},
                "source_countries": {"KGZ"},
                "target_countries": {"UZB"},
            }
            year = Report(quad_class="material_conflict", reported="2025-07-01", date="2025", **sides)
            nearest = {story[f"c{n}"] for n in range(0, 7)} - {story["c0"]}  # 11 June to 31 July
            assert blocking.candidates(conn, year) == nearest
            day = Report(quad_class="material_conflict", reported="2025-07-12", date="2025-07-11", **sides)
            assert blocking.candidates(conn, day) == {story["c4"]}
