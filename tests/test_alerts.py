"""Alerts: an invented escalation must raise an alert that names the stories behind it;
a quiet period, or a rise of too few stories, must not."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from tests.invented_news import Art, Ev, record
from tocsin.cli import app
from tocsin.indicators.alerts import MIN_STORIES, THRESHOLD, list_alerts, robust_z
from tocsin.query import list_stories
from tocsin.store import Store
from tocsin.stories.incremental import save

T, A = ["TJK-border-troops"], ["AFG-taliban"]
START = date(2025, 1, 6)  # a Monday
PLACES = ["khorog", "dushanbe", "kulob"]  # far enough apart to be separate happenings


def _day(week: int, weekday: int) -> str:
    return (START + timedelta(weeks=week, days=weekday)).isoformat()


def _quiet_weeks(weeks: int = 10) -> list[Art]:
    """One border incident every other week: the baseline."""
    return [Art(f"q{w}", "Wire", _day(w, 2), [Ev("ASSAULT", A, T, _day(w, 1), "khorog")]) for w in range(0, weeks, 2)]


def _escalation(week: int, n: int) -> list[Art]:
    """``n`` separate incidents in one week: a day apart and at places far apart."""
    return [
        Art(
            f"x{week}-{i}",
            ["Wire", "Herald", "Courier"][i % 3],
            _day(week, min(i, 6)),
            [Ev("ASSAULT", A, T, _day(week, i), PLACES[i % 3])],
        )
        for i in range(n)
    ]


def _store(tmp_path, arts) -> Store:
    store = Store.open(str(tmp_path / "t.db"))
    for art in arts:
        assert save(store, record(art))
    return store


def test_robust_z_score():
    assert robust_z(6, [0, 1, 0, 1, 0, 1, 0, 1]).z == pytest.approx((6 - 0.5) / 1.5**0.5, abs=0.01)
    flat = robust_z(1, [1] * 8)  # MAD 0: the Poisson floor keeps one story from alarming anyone
    assert flat.mad == 0 and flat.z == 0
    assert robust_z(12, [10, 11, 9, 10, 12, 8, 10, 10]).z < THRESHOLD


def test_an_escalation_raises_an_alert_naming_its_stories(tmp_path):
    store = _store(tmp_path, _quiet_weeks() + _escalation(10, 6))
    alerts = list_alerts(store)
    series = {(a["series"], a["measure"]) for a in alerts}
    assert {
        ("country=TJK", "count"),
        ("country=AFG", "count"),
        ("pair=AFG-TJK", "count"),
        ("type=ASSAULT", "count"),
        ("country=TJK", "conflict"),
    } <= series
    tjk = next(a for a in alerts if a["series"] == "country=TJK" and a["measure"] == "count")
    assert tjk["label"] == "2025-W12" and tjk["value"] == 6 and tjk["z"] >= THRESHOLD
    assert tjk["baseline"] == [1, 0] * 4 and tjk["baseline_median"] == 0.5
    assert len(tjk["stories"]) == 6 and {s["place_name"] for s in tjk["stories"]} == {"Khorog", "Dushanbe", "Kulob"}
    assert tjk["explanation"] == (
        "6 stories involving Tajikistan in the week of 17 March 2025, from 6 articles in 3 outlets; "
        "usually 0–1 a week (previous 8 weeks)"
    )
    assert "robust z" in tjk["statistics"] and "median of 0.5" in tjk["statistics"]
    assert all(s["links"] == [f"https://invented.example/x10-{i}"] for i, s in enumerate(tjk["stories"]))
    pair = next(a for a in alerts if a["series"] == "pair=AFG-TJK" and a["measure"] == "count")
    assert pair["explanation"].startswith("6 stories of Afghanistan acting towards Tajikistan in the week of")
    assert not [a for a in alerts if a["series"] == "pair=TJK-AFG"]  # the direction nobody escalated


def test_a_quiet_period_raises_none(tmp_path):
    store = _store(tmp_path, _quiet_weeks(12) + _escalation(12, 1))
    assert list_alerts(store) == []
    assert list_alerts(store, history=True) == []


def test_too_few_stories_raise_none_even_after_silence(tmp_path):
    silent_then_two = [Art("first", "Wire", _day(0, 1), [Ev("CONSULT", ["KGZ"], ["UZB"], _day(0, 1))])]
    store = _store(tmp_path, silent_then_two + _escalation(9, MIN_STORIES - 1))
    assert list_alerts(store) == []


def test_history_finds_the_escalation_week_and_only_it(tmp_path):
    store = _store(tmp_path, _quiet_weeks(16) + _escalation(10, 6))
    found = list_alerts(store, history=True, country="TJK")
    assert found and {a["label"] for a in found} == {"2025-W12"}
    assert list_alerts(store, at=_day(10, 3), country="TJK") == found
    assert list_alerts(store) == []  # the latest week is quiet again


def test_alerts_on_the_command_line(tmp_path):
    store = _store(tmp_path, _quiet_weeks() + _escalation(10, 6))
    db = str(store.engine.url.database)
    out = CliRunner().invoke(app, ["alerts", "--db", db, "--format", "json"])
    assert out.exit_code == 0
    alerts = json.loads(out.stdout)
    assert alerts and all(len(a["story_ids"]) == 6 for a in alerts if a["series"] == "country=TJK")
    table = CliRunner().invoke(app, ["alerts", "--db", db])
    assert table.exit_code == 0 and f"{len(alerts)} alerts" in table.stdout
    csv = CliRunner().invoke(app, ["alerts", "--db", db, "--format", "csv", "--country", "AFG"])
    from tocsin.exports.tables import ALERT_COLUMNS

    assert csv.stdout.splitlines()[0].split(",") == list(ALERT_COLUMNS)  # the documented alert table


def test_one_article_recounting_many_incidents_raises_none(tmp_path):
    roundup = Art("roundup", "Wire", _day(10, 6), [Ev("ASSAULT", A, T, _day(10, i), PLACES[i % 3]) for i in range(6)])
    store = _store(tmp_path, _quiet_weeks() + [roundup])
    assert len(list_stories(store, since=_day(10, 0))) == 6  # six stories, all from one article
    assert list_alerts(store, history=True) == []
