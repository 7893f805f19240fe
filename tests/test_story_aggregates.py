"""A story's aggregate: what its members say, summed up, so that a report joining a story
updates it without reading the story's other members (``stories/aggregate.py``).

Whatever happened to a story — reports joined it in any order, copies joined it, a
document was re-analysed or deleted, another story was folded into it — its row and its
kept aggregate are those a recount from its members makes."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.invented_news import Art, Ev, record, repost
from tests.test_stories import APART, CLASH_REPORTS, GUARDS, TALIBAN
from tests.test_tallies import _open
from tocsin.knowledge.base import Knowledge
from tocsin.store import Store, schema
from tocsin.stories import aggregate, merge, reconcile
from tocsin.stories.incremental import remove, replace, save

# The clash of test_stories told in the order that makes two stories first, then folds them
# together: the courier names the sides the other way round, the digest is undated.
FOLDED = [CLASH_REPORTS[i] for i in (2, 3, 0, 1)]
MORE = [
    Art("tally", "Invented Herald", "2025-03-05", [Ev("ASSAULT", TALIBAN, GUARDS, "2025-03-03", "khorog", killed=3)]),
    Art("raid", "Invented Ledger", "2025-03-05", [Ev("ASSAULT", TALIBAN, ["TJK"], "2025-03-03", killed=5)]),
    Art("both", "Invented Wire", "2025-03-06", [Ev("ASSAULT", TALIBAN, GUARDS, "2025-03-03", mode="artillery"),
                                                Ev("ASSAULT", ["AFG"], GUARDS, "2025-03-03", mode="artillery")]),
]  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    opened = _open(request.param, tmp_path)
    yield opened
    opened.close()


def recounted(store: Store) -> dict[str, tuple[dict, dict, bool]]:
    """Each story: (its row as kept, its row as a recount from its members makes it, whether
    its kept aggregate is the recount's)."""
    s = schema.stories
    out = {}
    with store.engine.connect() as conn:
        knowledge = Knowledge.of(conn)
        for row in conn.execute(select(s)).mappings().all():
            members = merge._members(conn, row["id"])
            again = aggregate.of_members(members, merge._source_keys(members))
            kept = {k: v for k, v in row.items() if k not in ("id", "quad_class", "updated_at")}
            out[row["id"]] = (kept, again.columns(knowledge), aggregate.load(conn, row["id"]) == again)
    return out


def assert_as_recounted(store: Store) -> None:
    stories = recounted(store)
    assert stories
    for story_id, (kept, again, same_aggregate) in stories.items():
        assert kept == again, story_id
        assert same_aggregate, story_id


def test_reports_joining_a_story_make_what_a_recount_makes(store):
    for art in CLASH_REPORTS + APART + MORE:
        save(store, record(art))
    assert_as_recounted(store)
    clash = max(recounted(store).values(), key=lambda s: s[0]["n_events"])[0]
    assert (clash["n_events"], clash["n_articles"], clash["n_sources"]) == (8, 7, 5)  # "both" tells it twice
    assert (clash["killed"], clash["mode"], clash["place_name"]) == (5, "artillery", "Khorog")


def test_copies_add_articles_and_sources_not_what_the_story_says(store):
    for art in CLASH_REPORTS + APART:
        save(store, record(art))
        save(store, repost(art))
    assert_as_recounted(store)
    remove(store, "wire")  # a story whose original goes keeps its copy's report
    remove(store, "osh")
    assert_as_recounted(store)


def test_a_story_folded_into_another_makes_what_a_recount_makes(store, monkeypatch):
    folded = []
    absorbed = reconcile.story_absorbed
    monkeypatch.setattr(reconcile, "story_absorbed", lambda conn, drop, keep: (folded.append(drop),
                                                                            absorbed(conn, drop, keep)))  # fmt: skip
    for art in FOLDED + MORE:
        save(store, record(art))
        save(store, repost(art))
    assert folded  # the herald's report bridged the courier's story and the wire's
    assert_as_recounted(store)
    assert sum(kept["n_events"] for kept, _, _ in recounted(store).values()) == 8  # eight original reports


def test_a_document_reanalysed_or_deleted_leaves_what_a_recount_makes(store):
    for art in CLASH_REPORTS + MORE:
        save(store, record(art))
    corrected = record(CLASH_REPORTS[1])
    corrected.events[0].date = "2025-04-20"  # a later analysis dates it a month on
    replace(store, corrected)
    assert_as_recounted(store)
    remove(store, "raid")
    remove(store, "both")
    assert_as_recounted(store)


def test_the_order_of_arrival_gives_the_same_story_rows(tmp_path):
    rows = []
    for name, order in (("a.db", CLASH_REPORTS + MORE), ("b.db", list(reversed(FOLDED + MORE)))):
        with Store.open(str(tmp_path / name)) as store:
            for art in order:
                save(store, record(art))
            rows.append(sorted((kept for kept, _, _ in recounted(store).values()), key=lambda r: r["n_events"]))
    for kept in rows:
        for row in kept:
            row.pop("headline")  # the first report's sentence, which differs by article
    assert rows[0] == rows[1]


def test_ties_go_to_the_first_report_whatever_arrived_first(store):
    """Two actors named by both reports tie; the first report (by the day it was reported)
    names the border troops first, so they come first, though the later report arrived first."""
    early = Art("early", "Invented Wire", "2025-03-04", [Ev("ASSAULT", TALIBAN, [*GUARDS, "TJK"], "2025-03-03")])
    late = Art("late", "Invented Herald", "2025-03-05", [Ev("ASSAULT", TALIBAN, ["TJK", *GUARDS], "2025-03-03")])
    for art in (late, early):
        save(store, record(art))
    assert_as_recounted(store)
    [(story, _, _)] = recounted(store).values()
    assert story["target_ids"] == '["TJK-border-troops", "TJK"]' and story["headline"].startswith(
        "Invented report early"
    )


def test_a_store_made_before_the_aggregates_gains_them_when_opened(store):
    url = store.engine.url.render_as_string(hide_password=False)
    for art in CLASH_REPORTS + APART:
        save(store, record(art))
    before = recounted(store)
    with store.engine.begin() as conn:  # as a version-8 store was
        schema.story_aggregates.drop(conn)
        conn.execute(text("UPDATE tocsin_meta SET value = '8' WHERE key = 'schema_version'"))
    store.close()
    with Store.open(url) as again:
        assert recounted(again) == before
        assert_as_recounted(again)
        for art in MORE:  # and reports join the stories as in a new store
            save(again, record(art))
        assert_as_recounted(again)
