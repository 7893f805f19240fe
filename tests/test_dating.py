"""Dates that series can trust: the ingest day never dates anything; a past event counts at
its own date; a month or a year is not news of any one week (see indicators/dating.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.invented_news import Art, Ev, record
from tests.shared import SHARED
from tocsin.indicators.alerts import list_alerts
from tocsin.indicators.dating import counts_in, story_day
from tocsin.indicators.series import series
from tocsin.pipeline import Config, Pipeline
from tocsin.query import list_stories
from tocsin.store import Store
from tocsin.stories.incremental import save

T, A = ["TJK-border-troops"], ["AFG-taliban"]


def _store(tmp_path, arts) -> Store:
    store = Store.open(str(tmp_path / "t.db"))
    for art in arts:
        rec = record(art)
        rec.published = art.published or None
        assert save(store, rec)
    return store


def _counts(store: Store, period: str, **dim) -> dict[str, int]:
    return {row["period"]: row["count"] for row in series(store, period=period, **dim) if row["count"]}


def test_the_rules_in_short():
    assert story_day("2025-03-18", ["2025-04-01"]) == "2025-03-18"
    assert story_day("2025-03", []) == "2025-03-01"
    assert story_day(None, [None, "2025-04-02T08:00:00", "2025-04-01"]) == "2025-04-01"
    assert story_day(None, [None, "2025-04", "2025"]) is None  # no day-precise publication date
    assert counts_in("2025-03-18", "week") and counts_in("2025-03", "month")
    assert not counts_in("2025-03", "week") and not counts_in("2025", "month") and not counts_in(None, "day")


def test_an_undated_article_is_never_counted_on_its_ingest_day(tmp_path):
    undated = [Art(f"u{i}", f"Outlet {i}", "", [Ev("ASSAULT", A, T, None, "khorog")]) for i in range(6)]
    store = _store(tmp_path, undated)
    stories = list_stories(store)
    assert stories and all(s["day"] is None for s in stories)  # shown as undated
    today = datetime.now(UTC).date().isoformat()
    for period in ("day", "week", "month"):
        assert _counts(store, period, country="TJK") == {}
        assert not [a for a in list_alerts(store, period=period, history=True) if a["period"] <= today]


def test_a_past_event_counts_at_its_own_date_not_the_week_it_was_retold(tmp_path):
    retold = Art("retold", "Invented Wire", "2025-03-19", [Ev("ASSAULT", A, T, "2021-05-03", "khorog")])
    fresh = Art("fresh", "Invented Herald", "2025-03-19", [Ev("ASSAULT", A, T, None, "kulob")])
    store = _store(tmp_path, [retold, fresh])
    weeks = _counts(store, "week", country="TJK")
    assert weeks == {"2021-05-03": 1, "2025-03-17": 1}


def test_a_month_or_a_year_is_not_news_of_one_week(tmp_path):
    arts = [
        Art("month", "Invented Wire", "2025-03-19", [Ev("ASSAULT", A, T, "2025-03", "khorog")]),
        Art("year", "Invented Herald", "2025-03-19", [Ev("ASSAULT", A, T, "2024", "kulob")]),
    ]
    store = _store(tmp_path, arts)
    assert _counts(store, "week", country="TJK") == {}
    assert _counts(store, "month", country="TJK") == {"2025-03-01": 1}


def test_a_threat_statement_without_any_date_counts_nowhere(tmp_path):
    arts = [
        Art("dated", "Invented Wire", "2025-03-19", threats=[(A, "terrorism", "alarm")]),
        Art("undated", "Invented Herald", "", threats=[(T, "terrorism", "alarm")]),
    ]
    store = _store(tmp_path, arts)
    assert _counts(store, "week", kind="terrorism") == {"2025-03-17": 1}


SEEDS = SHARED / "seeds"


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_no_alert_on_the_seeds_is_dated_on_their_ingest_day(tmp_path):
    from tocsin.ingest import ingest

    today = datetime.now(UTC).date()
    store = Store.open(str(tmp_path / "seeds.db"))
    report = ingest([str(SEEDS)], store, Pipeline(Config(today=today)))
    assert report.ok and len(report.stored) == 5
    for period in ("week", "month"):
        for alert in list_alerts(store, period=period, history=True):
            start = datetime.fromisoformat(alert["period"]).date()
            assert not (period == "week" and 0 <= (today - start).days < 7), alert["explanation"]
            assert not (period == "month" and (start.year, start.month) == (today.year, today.month)), alert


def test_a_store_made_before_undated_stories_is_upgraded_keeping_its_stories(tmp_path):
    import sqlite3

    old = _store(tmp_path, [Art("dated", "Invented Wire", "2025-03-19", [Ev("ASSAULT", A, T, None, "khorog")])])
    path = old.engine.url.database
    old.close()
    with sqlite3.connect(path) as conn:  # as the first release made it: day NOT NULL, no version recorded
        table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'stories'").fetchone()[0]
        query = "SELECT sql FROM sqlite_master WHERE tbl_name = 'stories' AND type = 'index' AND sql IS NOT NULL"
        indexes = [row[0] for row in conn.execute(query)]
        conn.execute("ALTER TABLE stories RENAME TO s_old")
        conn.execute(table.replace("day VARCHAR(10),", "day VARCHAR(10) NOT NULL,"))
        conn.execute("INSERT INTO stories SELECT * FROM s_old")
        conn.execute("DROP TABLE s_old")
        for index in indexes:
            conn.execute(index)
        conn.execute("DROP TABLE tocsin_meta")
        assert (
            "day VARCHAR(10) NOT NULL"
            in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'stories'").fetchone()[0]
        )
    upgraded = Store.open(path)
    assert [s["day"] for s in list_stories(upgraded)] == ["2025-03-19"]
    undated = record(Art("undated", "Invented Herald", "", [Ev("ASSAULT", A, T, None, "kulob")]))
    undated.published = None
    assert save(upgraded, undated)
    assert sorted(str(s["day"]) for s in list_stories(upgraded)) == ["2025-03-19", "None"]
