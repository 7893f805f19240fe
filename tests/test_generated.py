"""The generated store the API is timed on holds what a store filled by ingest holds: its
kept series, alert tests and tallies are those counted from its stories and events."""

from __future__ import annotations

import pytest

from tests.test_upkeep import _seen
from tocsin.indicators.alerts import list_alerts, scan_alerts
from tocsin.indicators.series import buckets, series
from tocsin.scale.generated import fill
from tocsin.store import Store, tallies


@pytest.mark.no_store_check  # its rows are invented straight into the tables: it has no records to check them by
def test_a_generated_store_keeps_what_ingest_would_keep(tmp_path):
    db = str(tmp_path / "generated.db")
    fill(db, 1200)
    with Store.open(db) as store:
        assert store.count("events") == 1200
        assert 0 < store.count("stories") < 1200  # reports of one happening share a story
        assert store.count_duplicates() > 0
        assert store.count("threats") > 0
        with store.engine.connect() as conn:
            assert tallies.differences(conn) == []
        kept = list_alerts(store, period="week", history=True, limit=1000)
        assert kept  # the escalations are found
        assert _seen(kept) == _seen(scan_alerts(store, period="week", history=True, limit=1000))
        for dim in ({}, {"country": "TJK"}, {"pair": "RUS-AFG"}, {"type": "ASSAULT"}):
            counted = [b.row("month") for b in buckets(store, period="month", **dim)]
            assert series(store, period="month", **dim) == counted
