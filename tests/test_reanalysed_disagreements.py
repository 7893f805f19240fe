"""Disagreements after a stored document is re-analysed or deleted, on both backends.

A disagreement row stands for every disagreeing pair of claims between two stories
(``stories/reconcile.py``). When one article behind it is re-analysed, its pairs must leave
the row and its new figures come in, while the pairs of the other articles stay: the rows
after ``replace`` (or ``remove``) must be those of a store that was given the re-analysed
article (or never had the deleted one) in the first place — no pair lost, none counted twice.

The invented news: two clashes on one day, far apart, each reported by two outlets that
give their own death toll.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.invented_news import Art, Ev, record
from tests.test_tallies import _open
from tocsin.store import Store, schema
from tocsin.stories.incremental import remove, replace, save

CLASH = [Ev("ASSAULT", ["AFG-taliban"], ["TJK-border-troops"], "2025-03-03", "khorog")]
OSH = [Ev("ASSAULT", ["KGZ"], ["UZB"], "2025-03-03", "osh")]
TOLLS = {"x1": (CLASH, 10), "x2": (CLASH, 12), "y1": (OSH, 30), "y2": (OSH, 40)}


def _art(name: str, toll: float | None = None) -> Art:
    events, told = TOLLS[name]
    claims = [("militants", "killed", toll or told, "")]
    return Art(name, f"Invented Outlet {name}", "2025-03-04", events, claims=claims)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    store = _open(request.param, tmp_path)
    try:
        for name in TOLLS:
            assert save(store, record(_art(name)))
        yield store
    finally:
        store.close()


def _rows(store: Store) -> list[tuple]:
    """Each row as what a reader checks, whatever the stories' ids: the articles of its two
    stories, how many pairs of claims are behind it and how far apart its widest pair is."""
    t, m = schema.disagreements.c, schema.story_members.c
    with store.engine.connect() as conn:
        members: dict[str, set[str]] = {}
        for story, doc in conn.execute(select(m.story_id, m.doc_id)):
            members.setdefault(story, set()).add(doc)
        rows = conn.execute(select(t.story_a, t.story_b, t.attribute, t.pairs, t.relative_difference)).all()
    out = []
    for a, b, attribute, pairs, diff in rows:
        sides = sorted("+".join(sorted(members.get(s, {s}))) for s in (a, b))
        out.append((*sides, attribute, pairs, round(diff, 4)))
    return sorted(out)


def _fresh(tmp_path, arts: list[Art]) -> list[tuple]:
    with Store.open(str(tmp_path / "fresh.db")) as fresh:
        for art in arts:
            save(fresh, record(art))
        return _rows(fresh)


def test_the_rows_before_any_change(store):
    assert _rows(store) == [
        ("x1+x2", "x1+x2", "killed", 1, 0.1667),  # 10 against 12
        ("x1+x2", "y1+y2", "killed", 4, 0.75),  # 10 and 12 against 30 and 40: the widest 10 and 40
        ("y1+y2", "y1+y2", "killed", 1, 0.25),  # 30 against 40
    ]


def test_an_article_reanalysed_unchanged_leaves_every_row_as_it_was(store):
    before = _rows(store)
    for name in ("x2", "y2"):  # one behind the widest pair of the clashes' row, one not
        replace(store, record(_art(name)))
        assert _rows(store) == before, name


def test_a_reanalysed_figure_replaces_the_old_one_and_keeps_the_other_pairs(store, tmp_path):
    replace(store, record(_art("y2", 31)))  # the widest pair's article now says 31
    assert _rows(store) == _fresh(tmp_path, [_art("x1"), _art("x2"), _art("y1"), _art("y2", 31)])
    clashes = [r for r in _rows(store) if r[:2] == ("x1+x2", "y1+y2")]
    assert [(r[3], r[4]) for r in clashes] == [(4, round(21 / 31, 4))]


def test_a_reanalysed_figure_that_now_agrees_takes_its_row_away(store, tmp_path):
    replace(store, record(_art("y2", 30)))  # 30 against 30: the second clash's outlets agree
    rows = _rows(store)
    assert rows == _fresh(tmp_path, [_art("x1"), _art("x2"), _art("y1"), _art("y2", 30)])
    assert not [r for r in rows if r[:2] == ("y1+y2", "y1+y2")]


def test_a_deleted_article_takes_only_its_own_pairs_away(store, tmp_path):
    remove(store, record(_art("x1")).id)
    assert _rows(store) == _fresh(tmp_path, [_art("x2"), _art("y1"), _art("y2")])
    assert [r[3] for r in _rows(store) if r[:2] == ("x2", "y1+y2")] == [2]
