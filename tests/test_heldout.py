"""The held-out evaluation set: six invented articles annotated before the system saw them.

The score floors below are regression floors, not targets: each sits about 0.1 under what
the pipeline measured when the set was written (see evaluation/README.md), so that a change
which makes event, threat, quote or claim coding worse on unseen articles shows here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.evaluate.gold import run_articles, score_records

HELDOUT = Path(__file__).resolve().parents[1] / "evaluation" / "heldout"
GOLD = HELDOUT / "gold"

FLOORS = {
    "body": 0.9,
    "actorsF1": 0.67,
    "placesF1": 0.62,
    "eventsF1": 0.16,
    "coreR": 0.19,
    "quotesR": 0.82,
    "claimsR": 0.51,
    "threatsR": 0.4,
}


@pytest.fixture(scope="module")
def records(pipeline) -> dict[str, dict]:
    return run_articles(HELDOUT, pipeline)


def test_every_article_has_a_gold_file_in_the_gold_format():
    articles = sorted(p.name for p in HELDOUT.glob("*.txt"))
    assert len(articles) == 6
    for name in articles:
        gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        assert gold["doc"] == name
        assert {"meta", "body", "actors", "places", "events", "quotes", "claims", "threats"} <= gold.keys()
        text = " ".join((HELDOUT / name).read_text(encoding="utf-8").split())
        for event in gold["events"]:
            assert event["evidence"] in text, event["evidence"]


def test_every_article_gives_a_record(records):
    assert sorted(records) == sorted(p.stem for p in HELDOUT.glob("*.txt"))


def test_evidence_and_quote_spans_point_into_the_text(records):
    for key, rec in records.items():
        text = rec["text"]
        for item in rec["events"] + rec["claims"] + rec["threats"]:
            ev = item["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["sentence"], key
        for quote in rec["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"], key


def test_events_and_threats_reference_known_actors_and_places(records):
    for key, rec in records.items():
        ids = {a["id"] for a in rec["actors"]} | {p["id"] for p in rec["places"]}
        for event in rec["events"]:
            assert set(event["source"]) | set(event["target"]) <= ids, key
        for threat in rec["threats"]:
            assert set(threat["holder"]) | set(threat["source"]) | set(threat["target"]) <= ids, key


@pytest.fixture(scope="module")
def scores(records) -> dict[str, float]:
    return score_records(records, GOLD)


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_heldout_scores_stay_above_their_floors(scores, figure):
    assert scores["missing"] == 0
    assert scores[figure] >= FLOORS[figure], f"{figure} = {scores[figure]:.3f}"
