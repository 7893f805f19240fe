"""The first stories an alert lists are its period's first by day, then id, on both backends.

An alert in a list carries its first few stories (``alerts.LISTED``); they are read from
the day kept beside each story in the series (``series_items.day``), not from the stories,
so these tests check that what is read equals what the stories say: after documents are
added, after one is re-analysed so that its story moves to another day of the same week or
to another week, after one is deleted, and in a store of the previous version once it is
opened. The store holds invented news: one border incident every other week, then a week
of seven.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tests.invented_news import record
from tests.test_alerts import _day, _escalation, _quiet_weeks
from tests.test_tallies import _open
from tocsin.indicators.alerts import LISTED, list_alerts, scan_alerts
from tocsin.store import Store, schema
from tocsin.stories.incremental import remove, replace, save

ESCALATION = 9


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    store = _open(request.param, tmp_path)
    try:
        for art in _quiet_weeks(14) + _escalation(ESCALATION, 7):
            assert save(store, record(art))
        yield store
    finally:
        store.close()


def _firsts_are_the_periods_first(store: Store) -> int:
    """Every alert's listed stories are the first ``LISTED`` of those computed from the
    stories, by day then id, and ``n_stories`` counts them all; returns how many alerts."""
    seen = 0
    for period in ("day", "week", "month"):
        listed = list_alerts(store, period=period, history=True, limit=1000, shown=LISTED)
        scanned = {
            (a["series"], a["measure"], a["period"]): a["stories"]
            for a in scan_alerts(store, period=period, history=True, limit=1000)
        }
        assert len(listed) == len(scanned)
        for alert in listed:
            every = scanned[(alert["series"], alert["measure"], alert["period"])]
            first = sorted(every, key=lambda s: (s["day"], s["id"]))[:LISTED]
            assert [s["id"] for s in alert["stories"]] == [s["id"] for s in first], alert["series"]
            assert alert["n_stories"] == len(every)
        seen += len(listed)
    return seen


def _kept_days_are_the_stories(store: Store) -> None:
    si, s = schema.series_items.c, schema.stories.c
    with store.engine.connect() as conn:
        stories = select(si.item, si.day, s.day.label("story_day")).join(schema.stories, s.id == si.item)
        rows = conn.execute(stories).all()
        threats = conn.execute(select(func.count()).where(si.series.like("kind:%"), si.day.is_not(None))).scalar()
    assert rows and all(r.day == r.story_day for r in rows)
    assert threats == 0


def _escalating(number: int):
    (art,) = [a for a in _escalation(ESCALATION, 7) if a.id == f"x{ESCALATION}-{number}"]
    return art


def test_listed_stories_follow_additions_reanalysis_and_deletion(store):
    assert _firsts_are_the_periods_first(store) > 0
    _kept_days_are_the_stories(store)

    moved = record(_escalating(5))  # re-analysed: the incident happened on the week's first day
    moved.events[0].date = _day(ESCALATION, 0)
    replace(store, moved)
    _kept_days_are_the_stories(store)
    assert _firsts_are_the_periods_first(store) > 0
    m = schema.story_members.c
    with store.engine.connect() as conn:
        story = conn.execute(select(m.story_id).where(m.doc_id == moved.id)).scalar_one()
    (alert,) = [
        a
        for a in list_alerts(store, history=True, limit=1000, shown=LISTED)
        if (a["series"], a["period"], a["measure"]) == ("country=TJK", _day(ESCALATION, 0), "count")
    ]
    assert story in [s["id"] for s in alert["stories"]]  # listed now: it happened on the week's first day

    earlier = record(_escalating(6))  # re-analysed into the week before
    earlier.events[0].date = _day(ESCALATION - 1, 3)
    replace(store, earlier)
    _kept_days_are_the_stories(store)
    _firsts_are_the_periods_first(store)

    remove(store, record(_escalating(0)).id)
    _kept_days_are_the_stories(store)
    _firsts_are_the_periods_first(store)


def test_a_store_of_the_previous_version_gets_the_kept_days_when_opened(store):
    before = {
        period: list_alerts(store, period=period, history=True, limit=1000, shown=LISTED)
        for period in ("day", "week", "month")
    }
    with store.writing() as conn:  # what a version 6 store looks like
        conn.execute(text("DROP INDEX ix_series_items_first"))
        conn.execute(text("ALTER TABLE series_items DROP COLUMN day"))
        conn.execute(text("CREATE INDEX ix_series_items_bucket ON series_items (series, period, start)"))
        conn.execute(schema.store_meta.update().values(value="6"))
    url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    reopened = Store.open(url.removeprefix("sqlite:///"))
    try:
        from tocsin.store.setup import VERSION

        with reopened.engine.connect() as conn:
            assert conn.execute(select(schema.store_meta.c.value)).scalar_one() == str(VERSION)
        _kept_days_are_the_stories(reopened)
        for period, alerts in before.items():
            assert list_alerts(reopened, period=period, history=True, limit=1000, shown=LISTED) == alerts
    finally:
        reopened.close()
