"""Indicators: series of stories (not articles) per day, week and month, by country,
directed pair, event type and threat kind, with the intensity scale mapped from Goldstein."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.invented_news import Art, Ev, record, repost
from tocsin.cli import app
from tocsin.indicators.scale import intensity, quad_class
from tocsin.indicators.series import series
from tocsin.record import EVENT_TYPES
from tocsin.store import Store
from tocsin.stories.incremental import save

T, A = ["TJK-border-troops"], ["AFG-taliban"]
# By construction: week of 3 March, one clash told by three outlets and one talk;
# nothing in the week of 10 March; week of 17 March, two clashes (one Kyrgyz-Uzbek).
ARTS = [
    Art("c1", "Wire", "2025-03-04", [Ev("ASSAULT", A, T, "2025-03-03", "khorog")]),
    Art("c1b", "Herald", "2025-03-04", [Ev("ASSAULT", A, T, "2025-03-03")]),
    Art("c1c", "Courier", "2025-03-05", [Ev("ASSAULT", A, T, "2025-03-03", "khorog")]),
    Art("t1", "Herald", "2025-03-06", [Ev("CONSULT", ["TJK"], ["AFG"], "2025-03-06", mode="visit")]),
    Art("c2", "Wire", "2025-03-18", [Ev("ASSAULT", T, A, "2025-03-17", "ishkashim")]),
    Art("c3", "Wire", "2025-03-20", [Ev("ASSAULT", ["KGZ"], ["UZB"], "2025-03-19", "osh")]),
    Art("w1", "Wire", "2025-03-05", threats=[(["TJK-border-troops"], "terrorism,border_incursion", "warning")]),
    Art("w1b", "Herald", "2025-03-05", threats=[(["TJK-border-troops"], "terrorism", "warning")]),
]


@pytest.fixture()
def store(tmp_path) -> Store:
    store = Store.open(str(tmp_path / "t.db"))
    for art in ARTS:
        save(store, record(art))
    save(store, repost(ARTS[0]))  # a syndicated copy counts nothing
    return store


def test_the_scale_follows_goldstein_by_type_mode_and_status():
    assert intensity("ASSAULT") == -10.0 and intensity("AID") == 7.0 and intensity("CONSULT") == 1.0
    assert intensity("CONSULT", "visit") == 1.9  # CAMEO 042 make a visit
    assert intensity("COERCE", "arrest") == -5.0  # CAMEO 173 arrest
    assert intensity("ASSAULT", "unknown-mode") == -10.0
    assert intensity("THREATEN", status="intended") == -3.0 and intensity("ASSAULT", status="negated") == 0.0
    assert all(-10 <= intensity(t) <= 10 for t in EVENT_TYPES)
    classes = {t: quad_class(t) for t in EVENT_TYPES}
    assert all((intensity(t) > 0) == classes[t].endswith("cooperation") for t in EVENT_TYPES)
    assert classes["ASSAULT"] == "material_conflict" and classes["CONSULT"] == "verbal_cooperation"


def test_weekly_counts_are_of_stories_with_quiet_weeks_present(store):
    rows = series(store, country="TJK", period="week")
    assert [(r["label"], r["count"]) for r in rows] == [("2025-W10", 2), ("2025-W11", 0), ("2025-W12", 1)]
    first = rows[0]
    assert first["conflict"] == 10.0 and first["cooperation"] == 1.9
    assert first["intensity"] == pytest.approx((-10 + 1.9) / 2)
    assert rows[1]["intensity"] == 0.0 and rows[1]["items"] == []


def test_days_months_types_and_directed_pairs(store):
    days = {r["period"]: r["count"] for r in series(store, type="ASSAULT", period="day") if r["count"]}
    assert days == {"2025-03-03": 1, "2025-03-17": 1, "2025-03-19": 1}
    assert [(r["label"], r["count"]) for r in series(store, period="month")] == [("2025-03", 4)]
    assert sum(r["count"] for r in series(store, pair="AFG-TJK", period="month")) == 1
    assert sum(r["count"] for r in series(store, pair="TJK-AFG", period="month")) == 2  # the visit, the raid
    assert sum(r["count"] for r in series(store, pair="tjk:afg", period="month")) == 2
    assert series(store, country="KAZ") == []
    bounded = series(store, country="KGZ", since="2025-03-01", until="2025-03-31", period="week")
    assert [r["label"] for r in bounded] == ["2025-W09", "2025-W10", "2025-W11", "2025-W12", "2025-W13", "2025-W14"]


def test_threat_kinds_count_one_warning_once(store):
    terror = series(store, kind="terrorism", period="day")
    assert [(r["period"], r["count"]) for r in terror] == [("2025-03-05", 1)]
    assert terror[0]["conflict"] == 4.4
    assert [r["count"] for r in series(store, kind="border_incursion", period="day")] == [1]
    assert series(store, kind="terrorism", country="UZB") == []


@pytest.mark.parametrize(
    "bad",
    [
        {"period": "year"},
        {"pair": "TJK"},
        {"kind": "weather"},
        {"country": "Atlantis"},
        {"type": "FIGHT"},
        {"since": "March"},
    ],
)
def test_bad_filters_are_refused(store, bad):
    with pytest.raises(ValueError):
        series(store, **bad)


def test_timeline_on_the_command_line(store, tmp_path):
    db = str(store.engine.url.database)
    result = CliRunner().invoke(app, ["timeline", "--country", "TJK", "--db", db, "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "label,period,count,intensity,conflict,cooperation",
        "2025-W10,2025-03-03,2,-4.05,10.0,1.9",
    ]
    table = CliRunner().invoke(app, ["timeline", "--country", "TJK", "--period", "month", "--db", db])
    assert table.exit_code == 0 and "2025-03" in table.stdout and "1 periods" in table.stdout
    assert CliRunner().invoke(app, ["timeline", "--pair", "nope", "--db", db]).exit_code == 2
