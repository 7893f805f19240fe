"""Stories: reports of the same happening from different outlets become one story, with
the most precise date and place any source gives and every citation; different
happenings stay apart; reposts change no count; claims that disagree are flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.invented_news import Art, Ev, record, repost
from tests.shared import SHARED, shared_or_skip
from tocsin.indicators.series import series
from tocsin.ingest import ingest
from tocsin.query import get_story, list_disagreements, list_stories
from tocsin.store import Store, schema
from tocsin.stories import reconcile
from tocsin.stories.incremental import replace, save

TALIBAN, GUARDS = ["AFG-taliban"], ["TJK-border-troops"]
# One clash on 3 March, told four ways; then happenings that must stay apart from it.
CLASH_REPORTS = [
    Art("wire", "Invented Wire", "2025-03-04", [Ev("ASSAULT", TALIBAN, GUARDS, "2025-03", "TJK")]),
    Art("herald", "Invented Herald", "2025-03-04", [Ev("ASSAULT", TALIBAN, GUARDS, "2025-03-03", "khorog")]),
    # the other way round, by country only, a day later, with a nearby place
    Art("courier", "Invented Courier", "2025-03-05", [Ev("ASSAULT", ["TJK"], ["AFG"], "2025-03-04", "ishkashim")]),
    # no date at all: matches by the same dyad and its publication day
    Art("digest", "Invented Digest", "2025-03-06", [Ev("COERCE", TALIBAN, GUARDS, None)]),
]
APART = [
    Art("later", "Invented Wire", "2025-03-21", [Ev("ASSAULT", TALIBAN, GUARDS, "2025-03-20", "khorog")]),
    Art("talks", "Invented Herald", "2025-03-04", [Ev("CONSULT", ["TJK"], ["AFG"], "2025-03-03", "khorog")]),
    Art("osh", "Invented Courier", "2025-03-04", [Ev("ASSAULT", ["KGZ"], ["UZB"], "2025-03-03", "osh")]),
    Art("denied", "Invented Digest", "2025-03-04", [Ev("ASSAULT", ["UZB"], ["TJK"], "2025-03-03", status="negated")]),
]


def _store(tmp_path: Path, arts, name: str = "t.db") -> Store:
    store = Store.open(str(tmp_path / name))
    for art in arts:
        assert save(store, record(art) if isinstance(art, Art) else art)
    return store


def key(story: dict) -> tuple:
    """What a story is, whatever its id: type, day, sides, place, number of reports."""
    return (
        story["type"],
        story["day"] or "",
        tuple(story["source_countries"]),
        tuple(story["target_countries"]),
        story["place_name"] or "",
        story["n_events"],
        story["n_original"],
    )


def test_four_reports_of_one_clash_make_one_story(tmp_path):
    store = _store(tmp_path, CLASH_REPORTS + APART)
    stories = list_stories(store)
    assert len(stories) == 4  # the clash, the later clash, the talks, the Osh clash; the denial none
    clash = get_story(store, next(s["id"] for s in stories if s["n_sources"] > 1))
    assert (clash["n_sources"], clash["n_articles"], clash["n_events"]) == (4, 4, 4)
    assert clash["type"] == "ASSAULT" and clash["quad_class"] == "material_conflict"
    assert clash["date"] == "2025-03-03"  # the most precise date (one source says only "March")
    assert clash["place_name"] == "Khorog" and clash["lat"] == pytest.approx(37.49)  # a city beats the country
    assert clash["source_ids"] == [*TALIBAN, "AFG"] and clash["target_ids"] == [*GUARDS, "TJK"]  # most cited first
    assert clash["source_countries"] == ["AFG"] and clash["target_countries"] == ["TJK"]
    assert (clash["first_reported"], clash["last_reported"]) == ("2025-03-04", "2025-03-06")
    assert {c["doc_id"] for c in clash["citations"]} == {"wire", "herald", "courier", "digest"}
    for c in clash["citations"]:
        text = store.get(c["doc_id"]).text
        assert text[c["start"] : c["end"]] == c["evidence"]
    assert clash["confidence"] > 0.6  # four outlets agree: more than any one report's 0.6


def test_every_event_knows_its_story(tmp_path):
    store = _store(tmp_path, CLASH_REPORTS + APART)
    with store.engine.connect() as conn:
        rows = dict(conn.execute(select(schema.events.c.id, schema.events.c.story_id)).all())
    assert rows.pop("denied:e0") is None
    assert all(rows.values()) and len(set(rows.values())) == 4


def test_the_order_of_arrival_does_not_change_the_stories(tmp_path):
    forward = list_stories(_store(tmp_path, CLASH_REPORTS + APART, "a.db"))
    backward = list_stories(_store(tmp_path, list(reversed(CLASH_REPORTS + APART)), "b.db"))
    assert sorted(map(key, forward)) == sorted(map(key, backward))


def test_reposts_change_no_story_and_no_count(tmp_path):
    arts = CLASH_REPORTS + APART
    alone = _store(tmp_path, arts, "alone.db")
    both = _store(tmp_path, [record(a) for a in arts] + [repost(a) for a in arts], "both.db")
    assert sorted(map(key, list_stories(both))) == sorted(map(key, list_stories(alone)))
    for kw in ({"country": "TJK"}, {"type": "ASSAULT"}, {"pair": "AFG-TJK"}):
        counts = [(r["period"], r["count"]) for r in series(both, period="day", **kw)]
        assert counts == [(r["period"], r["count"]) for r in series(alone, period="day", **kw)]
    clash = next(s for s in list_stories(both) if s["n_original"] == 4)
    assert clash["n_articles"] == 8 and clash["n_sources"] == 5  # four outlets and the mirror
    assert both.count("documents") == 16
    with both.engine.connect() as conn:
        dups = (
            conn.execute(select(schema.documents.c.duplicate_of).where(schema.documents.c.id.like("%-repost")))
            .scalars()
            .all()
        )
    assert len(dups) == 8 and all(dups)


def test_a_new_article_updates_its_story_alone(tmp_path):
    store = _store(tmp_path, CLASH_REPORTS[:2] + APART)
    before = {s["id"]: s for s in list_stories(store)}
    save(store, record(CLASH_REPORTS[2]))
    after = {s["id"]: s for s in list_stories(store)}
    assert after.keys() == before.keys()
    changed = [i for i in after if after[i] != before[i]]
    assert len(changed) == 1 and after[changed[0]]["n_sources"] == before[changed[0]]["n_sources"] + 1


# -- claims --------------------------------------------------------------------------------
BORDER_A = Art(
    "border-a",
    "Invented Wire",
    "2025-05-01",
    claims=[
        ("Tajikistan–Afghanistan border", "border_length", 1200, "km"),
        ("Uzbekistan–Afghanistan border", "border_length", 144, "km"),
    ],
)
BORDER_B = Art(
    "border-b",
    "Invented Herald",
    "2025-05-02",
    claims=[("the Tajik-Afghan border", "border_length", 1100, "kilometres")],
)
BORDER_C = Art(
    "border-c",
    "Invented Courier",
    "2025-05-03",
    claims=[("border between Afghanistan and Tajikistan", "border_length", 1205, "km")],
)


def test_subjects_are_compared_by_what_they_name():
    assert reconcile.same_subject("Tajikistan–Afghanistan border", "the Tajik-Afghan border")
    assert reconcile.same_subject("Tajik-Afghan border", "border between Afghanistan and Tajikistan")
    assert not reconcile.same_subject("Uzbekistan–Afghanistan border", "Tajikistan–Afghanistan border")
    assert reconcile.in_base_unit(1.2, "thousand km") == ("thousand km", 1.2)  # unknown units stay apart
    assert reconcile.in_base_unit(12, "miles")[1] == pytest.approx(19312.128)


def test_a_border_length_disagreement_is_flagged_with_both_citations(tmp_path):
    store = _store(tmp_path, [BORDER_A, BORDER_B, BORDER_C])
    found = list_disagreements(store)
    pairs = {(d["a"]["doc_id"], d["a"]["value"], d["b"]["doc_id"], d["b"]["value"]) for d in found}
    assert pairs == {("border-a", 1200, "border-b", 1100), ("border-b", 1100, "border-c", 1205)}
    first = next(d for d in found if d["a"]["doc_id"] == "border-a")
    assert first["attribute"] == "border_length" and first["relative_difference"] == pytest.approx(100 / 1200, 1e-3)
    for side in ("a", "b"):
        cited = first[side]
        assert store.get(cited["doc_id"]).text[cited["start"] : cited["end"]] == cited["evidence"]
        assert cited["url"].endswith(cited["doc_id"])
    # 1,200 and 1,205 km agree (0.4 %): no flag, and more confidence than a lone figure
    consensus = {(c["doc_id"], c["value"]): c for c in reconcile.consensus(store, "border_length")}
    assert consensus[("border-a", 1200)]["agreeing_sources"] == 2
    assert consensus[("border-a", 144)]["confidence"] == 0.5
    assert consensus[("border-b", 1100)]["confidence"] < consensus[("border-a", 1200)]["confidence"]


def test_a_repost_never_disagrees_with_its_original(tmp_path):
    store = _store(tmp_path, [record(BORDER_A), repost(BORDER_A)])
    assert list_disagreements(store) == []


def test_a_claim_is_compared_with_the_nearest_reports_of_its_subject(tmp_path):
    """A subject that recurs every day is compared with the figures reported nearest in
    time, a bounded number of them, not with every figure of the year; what was stored
    before stays."""
    n = reconcile.NEAREST + 5
    earlier = [
        Art(
            f"toll-{i:02d}",
            f"Invented Outlet {i}",
            f"2025-04-{i + 1:02d}",
            claims=[("militants", "killed", 10 + i, "")],
        )
        for i in range(n)
    ]
    store = _store(tmp_path, earlier)
    before = {(d["a"]["doc_id"], d["b"]["doc_id"]) for d in list_disagreements(store, limit=5000)}
    _store(tmp_path, [Art("toll-new", "Invented Wire", "2025-05-02", claims=[("militants", "killed", 99, "")])])
    found = list_disagreements(store, limit=5000)
    new = {d["a"]["doc_id"] for d in found if d["b"]["doc_id"] == "toll-new"}
    assert new == {f"toll-{i:02d}" for i in range(n - reconcile.NEAREST, n)}  # the latest reports, not the first
    assert before <= {(d["a"]["doc_id"], d["b"]["doc_id"]) for d in found}


def test_disagreements_are_kept_once_per_pair_of_stories(tmp_path):
    """Two clashes, each reported by two outlets with their own toll: one row for each
    clash's outlets that differ, one for the two clashes, however many of their articles
    give a figure; the row shows the widest pair and counts the pairs behind it."""
    clash, osh = (
        [Ev("ASSAULT", TALIBAN, GUARDS, "2025-03-03", "khorog")],
        [Ev("ASSAULT", ["KGZ"], ["UZB"], "2025-03-03", "osh")],
    )
    tolls = [("x1", clash, 10), ("x2", clash, 12), ("y1", osh, 30), ("y2", osh, 40)]
    store = _store(
        tmp_path,
        [
            Art(name, f"Invented Outlet {name}", "2025-03-04", ev, claims=[("militants", "killed", n, "")])
            for name, ev, n in tolls
        ],
    )
    with store.engine.connect() as conn:
        story = dict(conn.execute(select(schema.events.c.doc_id, schema.events.c.story_id)).all())
    assert story["x1"] == story["x2"] != story["y1"] == story["y2"]
    found = {(d["a"]["story_id"], d["b"]["story_id"]): d for d in list_disagreements(store)}
    x, y = story["x1"], story["y1"]
    assert set(found) == {(x, x), (y, y), (x, y)}
    across = found[(x, y)]
    assert across["pairs"] == 4  # 10 and 12 against 30 and 40
    assert (across["a"]["doc_id"], across["a"]["value"], across["b"]["doc_id"], across["b"]["value"]) == (
        "x1",
        10,
        "y2",
        40,
    )
    assert across["relative_difference"] == pytest.approx(0.75)
    assert found[(x, x)]["pairs"] == found[(y, y)]["pairs"] == 1
    replace(store, record(Art("y2", "Invented Outlet y2", "2025-03-04", osh, claims=[("militants", "killed", 31, "")])))
    widest = {(d["a"]["story_id"], d["b"]["story_id"]): d for d in list_disagreements(store)}[(x, y)]
    assert (widest["a"]["value"], widest["b"]["value"]) == (10, 31)  # the re-analysed figure replaces the old


# -- end to end, through the real pipeline -------------------------------------------------
ARTICLES = {
    "a.txt": "Khorog, 3 March 2025 (Invented Wire) - Afghan gunmen attacked Tajik border guards near Khorog on "
    "Monday, the Tajik border service said.\n\nThe service said the guards returned fire and the gunmen "
    "withdrew across the river. Officials in Dushanbe said the frontier stayed closed for the day while "
    "engineers inspected the damaged watchtower and the bridge approaches.\n\nLocal traders said the market "
    "on the riverbank, where families from both banks usually sell flour, dried fruit and cloth on weekends, "
    "would stay shut until the border service allowed crossings again. Drivers waiting with cargo for the "
    "Pamir highway were told to turn back to the regional centre and wait for further notice from the "
    "customs office.\n\nTajikistan shares a border of about 1,200 kilometres with Afghanistan, according to "
    "the border service, much of it along the river through steep mountain valleys that are hard to patrol "
    "in winter.",
    "b.txt": "Bishkek, 9 June 2025 (Invented Herald) - Kyrgyzstan and Uzbekistan signed an agreement on water "
    "sharing during talks in Bishkek on Monday.\n\nThe two ministers agreed to meet again in the autumn to "
    "review the reservoir schedules and the new canal maintenance plan for the Fergana valley farms. Farmers "
    "in the valley have complained for years that releases from the upstream reservoir arrive too late for "
    "the cotton and wheat fields, while villages upstream need the water for power in winter.\n\nUnder the "
    "agreement a joint commission will publish the release schedule every spring, and engineers from both "
    "countries will inspect the main canals together before the irrigation season begins. The ministers "
    "also discussed repairs to the shared pumping stations and the exchange of river gauge data.",
}


def _reposted(text: str, n: int) -> str:
    """A syndicated copy: other menus and footer (which cleaning drops), and a line of its own
    at the end (which it keeps), so the copy is a near-duplicate, not the same document."""
    header = "Menu\nHome | Region | Politics\nSign in\n\n"
    own = "\n\nAdditional reporting for this story came from our correspondent in the regional capital."
    footer = f"\n\nShare on social media\nRead more from our partners\n© Invented Mirror {n}"
    return header + text + own + footer


def _ingest_folder(tmp_path: Path, name: str, files: dict[str, str], pipeline) -> Store:
    folder = tmp_path / name
    folder.mkdir()
    for fname, text in files.items():
        (folder / fname).write_text(text, encoding="utf-8")
    store = Store.open(str(tmp_path / f"{name}.db"))
    report = ingest([str(folder)], store, pipeline)
    # a copy whose cleaned text is identical is the same document, skipped before analysis
    assert report.ok and len(report.stored) + len(report.duplicates) == len(files)
    return store


def _same_outcome(tmp_path: Path, originals: dict[str, str], pipeline) -> tuple[Store, Store]:
    reposts = {f"repost-{i}-{name}": _reposted(text, i) for i, (name, text) in enumerate(originals.items())}
    alone = _ingest_folder(tmp_path, "alone", originals, pipeline)
    both = _ingest_folder(tmp_path, "both", originals | reposts, pipeline)
    with both.engine.connect() as conn:
        linked = conn.execute(select(schema.documents.c.path, schema.documents.c.duplicate_of)).all()
    stored_reposts = [dup for path, dup in linked if "repost-" in path]
    assert stored_reposts and all(stored_reposts)  # every stored copy is linked to its original
    assert not any(dup for path, dup in linked if "repost-" not in path)
    assert sorted(map(key, list_stories(both, limit=10_000))) == sorted(map(key, list_stories(alone, limit=10_000)))
    for country in ("TJK", "AFG", "RUS", "KGZ"):
        for period in ("day", "month"):
            mine = [(r["period"], r["count"]) for r in series(both, country=country, period=period)]
            assert mine == [(r["period"], r["count"]) for r in series(alone, country=country, period=period)]
    return alone, both


def test_invented_articles_and_their_reposts_through_the_pipeline(tmp_path, pipeline):
    alone, both = _same_outcome(tmp_path, ARTICLES, pipeline)
    assert both.count("documents") == 4  # both copies stored, as near-duplicates
    assert list_stories(alone)  # the pipeline coded something to count
    assert all(s["n_articles"] == 2 * s["n_original"] for s in list_stories(both))


def _seeds() -> dict[str, str]:
    folder = shared_or_skip("seeds")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_seeds_and_their_reposts_give_the_same_stories(tmp_path, pipeline):
    alone, _ = _same_outcome(tmp_path, _seeds(), pipeline)
    assert len(list_stories(alone, limit=10_000)) > 5


def test_the_seeds_disagreement_on_the_tajik_afghan_border(tmp_path, pipeline):
    store = _ingest_folder(tmp_path, "seeds", _seeds(), pipeline)
    border = [
        c for c in reconcile.consensus(store, "border_length") if {"TJK", "AFG"} <= reconcile.subject_key(c["subject"])
    ]
    if len({c["doc_id"] for c in border}) < 2:
        subjects = [c["subject"] for c in reconcile.consensus(store, "border_length")]
        pytest.xfail(f"the claims stage gives the Tajik-Afghan border to fewer than two seeds: {subjects}")
    found = [
        d
        for d in list_disagreements(store, attribute="border_length")
        if {"TJK", "AFG"} <= reconcile.subject_key(d["subject"])
    ]
    assert found
    values = {frozenset((d["a"]["value"], d["b"]["value"])) for d in found}
    assert frozenset((1400.0, 1300.0)) in values
    for d in found:
        for side in ("a", "b"):
            assert store.get(d[side]["doc_id"]).text[d[side]["start"] : d[side]["end"]] == d[side]["evidence"]
    assert SHARED.exists()


def test_a_reanalysed_article_moves_to_its_new_story(tmp_path):
    store = _store(tmp_path, CLASH_REPORTS[:2])
    assert len(list_stories(store)) == 1
    corrected = record(CLASH_REPORTS[1])
    corrected.events[0].date = "2025-04-20"  # a later analysis dates it a month on
    replace(store, corrected)
    stories = sorted(list_stories(store), key=lambda s: s["day"])
    # the story left behind is dated only to March: it is placed on the month's first day
    assert [(s["day"], s["n_sources"]) for s in stories] == [("2025-03-01", 1), ("2025-04-20", 1)]
    assert store.count("story_members") == 2


def test_a_reanalysed_article_that_started_a_story_others_kept_starts_another(tmp_path):
    store = _store(tmp_path, CLASH_REPORTS[:2])
    first = record(CLASH_REPORTS[0])
    [kept] = list_stories(store)  # the first report started it; the second keeps it alive
    corrected = first.model_copy(deep=True)
    corrected.events[0].date = "2025-04-20"  # its own event now belongs elsewhere
    replace(store, corrected)
    stories = {s["id"]: s["n_sources"] for s in list_stories(store)}
    assert stories[kept["id"]] == 1 and len(stories) == 2
    assert store.count("story_members") == 2
