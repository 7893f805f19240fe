"""What the API's lists carry, so that an answer stays small however large the store.

* An alert in a list carries its first five stories and ``n_stories``, how many there are;
  ``stories=all`` lists every one, and the downloads carry every story id.
* An indicator series carries each period's counts; the ids of the stories behind them
  come with ``stories=true``, for a range of at most 92 days.
* The network is read from the kept counts (see tests/test_kept_network.py).

The store holds invented news: one border incident every other week, then a week of seven.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.invented_news import record
from tests.test_alerts import _day, _escalation, _quiet_weeks
from tocsin.store import Store
from tocsin.stories.incremental import save
from tocsin.web.app import create_app

ESCALATION = 9  # the week of seven incidents
SEEN = ("country=TJK", _day(ESCALATION, 0), "count")  # the alert looked at: more stories involving Tajikistan


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = str(tmp_path_factory.mktemp("bounded") / "b.db")
    with Store.open(db) as store:
        for art in _quiet_weeks(14) + _escalation(ESCALATION, 7):
            assert save(store, record(art))
    return TestClient(create_app(db))


def _escalation_alert(alerts: list[dict]) -> dict:
    (alert,) = [a for a in alerts if (a["series"], a["period"], a["measure"]) == SEEN]
    return alert


def test_an_alert_in_a_list_carries_its_first_five_stories_and_how_many_there_are(client):
    alert = _escalation_alert(client.get("/api/alerts?history=true&period=week").json())
    assert alert["n_stories"] == 7
    assert len(alert["stories"]) == 5
    days = [(s["day"], s["id"]) for s in alert["stories"]]
    assert days == sorted(days)  # the first of the week, by day then id
    assert all(s["links"] for s in alert["stories"])  # each with the addresses of its reports


def test_every_story_of_an_alert_on_demand(client):
    one_week = f"/api/alerts?period=week&at={_day(ESCALATION, 3)}&country=TJK&stories=all"
    alert = _escalation_alert(client.get(one_week).json())
    assert alert["n_stories"] == len(alert["stories"]) == 7
    listed = _escalation_alert(client.get("/api/alerts?history=true&period=week").json())
    assert alert["stories"][:5] == listed["stories"]


def test_the_alerts_download_carries_every_story_id(client):
    rows = client.get("/api/alerts.json?history=true&period=week").json()
    (row,) = [r for r in rows if (r["series"], r["period"], r["measure"]) == SEEN]
    assert len(row["story_ids"]) == 7


def test_an_indicator_series_gives_counts_per_period_without_ids(client):
    rows = client.get("/api/indicators?country=TJK&period=week").json()
    week = next(r for r in rows if r["period"] == _day(ESCALATION, 0))
    assert week["count"] == 7 and week["intensity"] < 0 and week["conflict"] > 0
    assert all("items" not in r for r in rows)


def test_the_ids_behind_an_indicator_series_for_a_bounded_range(client):
    since, until = _day(ESCALATION, 0), _day(ESCALATION, 6)
    rows = client.get(f"/api/indicators?country=TJK&since={since}&until={until}&stories=true").json()
    (week,) = rows
    assert week["count"] == len(week["items"]) == 7
    alert = _escalation_alert(client.get(f"/api/alerts?period=week&at={since}&stories=all").json())
    assert sorted(week["items"]) == sorted(s["id"] for s in alert["stories"])


@pytest.mark.parametrize(
    "query",
    ["/api/indicators?country=TJK&stories=true", "/api/indicators?since=2024-01&stories=true",
     "/api/indicators?since=2024-01-01&until=2024-12-31&stories=true"],
)  # fmt: skip
def test_the_ids_of_an_unbounded_series_are_refused_with_a_reason(client, query):
    answer = client.get(query)
    assert answer.status_code == 400
    assert "since and until" in answer.json()["detail"]
