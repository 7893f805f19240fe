"""Alert tests kept as stories change agree with the same tests computed from the stories.

``list_alerts`` reads what ``indicators/upkeep.py`` keeps up to date in each write;
``scan_alerts`` recomputes every series from the stories. They must give the same alerts
after documents are added, and again after one is re-analysed with other facts.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.invented_news import Art, Ev, record
from tests.test_alerts import PLACES, A, T, _day, _escalation, _quiet_weeks
from tocsin.indicators import upkeep
from tocsin.indicators.alerts import _dimensions, list_alerts, scan_alerts
from tocsin.indicators.series import buckets, series
from tocsin.store import Store, schema
from tocsin.stories.incremental import remove, replace, save


def _seen(alerts: list[dict]) -> list[tuple]:
    return sorted(
        (
            a["series"],
            a["measure"],
            a["period"],
            a["value"],
            a["z"],
            tuple(a["baseline"]),
            sorted(s["id"] for s in a["stories"]),
        )
        for a in alerts
    )


def _same(store: Store) -> int:
    found = 0
    for period in ("day", "week", "month"):
        kept = list_alerts(store, period=period, history=True, limit=1000)
        scanned = scan_alerts(store, period=period, history=True, limit=1000)
        assert _seen(kept) == _seen(scanned), period
        found += len(kept)
    _same_series(store)
    _same_sources(store)
    return found


def _same_sources(store: Store) -> None:
    """The articles and outlets kept behind every tested period are those its stories have."""
    sc = schema.series_counts.c
    with store.engine.connect() as conn:
        periods = [tuple(r) for r in conn.execute(select(sc.series, sc.period, sc.start))]
        tested = [p for p in periods if upkeep.alerted(p[0]) and not p[0].startswith("kind:")]
        assert tested
        for key in tested:
            assert upkeep.behind(conn, *key) == upkeep.sources(conn, key[0], upkeep.items_of(conn, [key])), key


def _same_series(store: Store) -> None:
    """Every series of stories read from the kept counts equals the one counted from the stories."""
    dims = [{}] + [d for d in _dimensions(store) if "kind" not in d]
    assert len(dims) > 3
    for dim in dims:
        for period in ("day", "week", "month"):
            counted = [b.row(period) for b in buckets(store, period=period, **dim)]
            assert series(store, period=period, **dim) == counted, (dim, period)


@pytest.fixture
def store(tmp_path):
    with Store.open(str(tmp_path / "kept.db")) as store:
        yield store


def test_kept_alerts_are_the_alerts_computed_from_the_stories(store):
    arts = _quiet_weeks(14) + _escalation(9, 6) + _escalation(12, 4)
    arts += [
        Art(f"u{w}", "Courier", _day(w, 4), [Ev("CONSULT", ["UZB"], ["TJK"], _day(w, 3), "dushanbe")])
        for w in range(0, 14, 3)
    ]
    for art in arts:
        assert save(store, record(art))
    assert _same(store) > 0

    calm = Art("x9-0", "Wire", _day(9, 0), [Ev("CONSULT", ["KGZ"], ["UZB"], _day(9, 0), "osh")])
    replace(store, record(calm))  # one incident of the escalation turns out to be talks elsewhere
    _same(store)
    remove(store, "x9-1")  # and one is withdrawn
    _same(store)


def _kept(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(schema.alert_periods)))


def test_a_new_outlet_on_an_alerting_story_counts_behind_its_alert(store):
    """A report that joins a story without moving its counts changes no test, but the
    articles and outlets behind the alert it is in: they are the same as tested afresh."""
    arts = _quiet_weeks(14) + _escalation(9, 6)
    for art in arts:
        assert save(store, record(art))
    before = _kept(store)
    assert before
    again = Art("x9-2-again", "Invented Gazette", _day(9, 3), [Ev("ASSAULT", A, T, _day(9, 2), PLACES[2])])
    assert save(store, record(again))
    kept = _kept(store)
    assert kept != before  # one more article, one more outlet behind the week's alert
    with store.writing() as conn:
        upkeep.retest_all(conn)
    assert _kept(store) == kept
