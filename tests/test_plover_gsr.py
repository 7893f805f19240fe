"""The PLOVER peer-suite scorer on a handful of its records (skipped without the shared material)."""

from __future__ import annotations

import json

from rich.console import Console

from tocsin.evaluate.plover_gsr import gold_type, load_records, plover_reading, score_plover_gsr
from tocsin.record import Event, Evidence

from .shared import shared_or_skip


def test_scores_a_handful_of_records(pipeline, tmp_path):
    path = shared_or_skip("peer", "plover-gsr", "PLOVER_GSR_CAMEO.json")
    records = load_records(path)
    assert all(r["event"] != "DOCUMENT" for r in records)
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps(records[:: len(records) // 8][:8]))
    result = score_plover_gsr(sample, pipeline)
    assert result.records == 8
    assert sum(s.total for s in result.per_type.values()) == 8
    assert sum(result.confusion.values()) == 8
    assert 0.0 <= result.type_accuracy <= 1.0 and 0.0 <= result.source.accuracy <= 1.0
    console = Console(record=True, width=200)
    result.print(console)
    out = console.export_text()
    assert "accuracy per type" in out and "Confusion" in out


def test_old_names_map_to_todays_types():
    assert gold_type({"event": "DEMAND"}) == "REQUEST"
    assert gold_type({"event": "FIGHT"}) == "ASSAULT"
    assert gold_type({"event": "INVESTIGATE"}) == "ACCUSE"


def test_intentions_read_as_plover_codes_them():
    def event(type_: str, status: str = "occurred") -> Event:
        ev = Evidence(sentence="x", start=0, end=1)
        return Event(id="e1", type=type_, status=status, evidence=ev, confidence=0.5)

    assert plover_reading(event("AID", "intended")) == "AGREE"
    assert plover_reading(event("PROTEST", "conditional")) == "THREATEN"
    assert plover_reading(event("AGREE", "negated")) == "REJECT"
    assert plover_reading(event("ASSAULT")) == "ASSAULT"
