"""The Python API a notebook uses: ``tocsin.open(db)`` and a DataFrame per table, with the
documented columns and real types, the same filters as everywhere else, and clear errors."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

import tocsin
from tests.web_records import build
from tocsin.exports.tables import TABLES
from tocsin.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("dataset") / "notebook.db")
    with Store.open(path) as s:
        build(s)
    with tocsin.open(path) as opened:
        yield opened


def test_events_become_a_dataframe_with_real_types(store):
    frame = store.events(country="TJK", since="2025-05").to_pandas()
    assert list(frame.columns) == list(TABLES["events"].columns)
    assert len(frame) == 2 and set(frame.event_type) == {"ASSAULT"}
    assert str(frame.event_date.dtype).startswith("datetime64")
    assert str(frame.killed.dtype) == "Int64" and sorted(frame.killed) == [4, 9]
    assert frame.source_actor_ids[0] == ["gov:TJK:border-service"]


@pytest.mark.parametrize("table", ["stories", "actors", "quotes", "claims", "alerts", "threats", "disagreements",
                                   "network", "documents", "places"])  # fmt: skip
def test_every_table_has_its_documented_columns(store, table):
    frame = getattr(store, table)().to_pandas()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(TABLES[table].columns)


def test_the_filters_are_the_ones_everywhere_else(store):
    assert len(store.events(country="Tajikistan")) == len(store.events(country="tjk")) == 2
    assert [r["event_type"] for r in store.events(type="agree").to_list()] == ["AGREE"]
    assert len(store.stories(country="TJK")) == 1  # two reports, one story
    assert sorted(store.claims(attribute="killed").to_pandas().value) == [4.0, 9.0]
    assert store.counts(type="AGREE")["events"] == 1
    with pytest.raises(ValueError, match="not a day of the calendar"):
        store.events(since="2025-02-30")
    with pytest.raises(TypeError, match="unknown filter"):
        store.events(colour="red")


def test_files_and_records(store, tmp_path):
    assert store.events().to_csv(tmp_path / "events.csv") == 3
    written = store.stories().to_parquet(tmp_path / "stories.parquet")
    table = pq.read_table(tmp_path / "stories.parquet")
    assert table.num_rows == written and str(table.schema.field("outlets").type) == "list<element: string>"
    first = store.events().head(1).to_list()[0]
    record = store.record(first["doc_id"])
    assert record is not None and record.id == first["doc_id"]


def test_a_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="tocsin ingest"):
        tocsin.open(str(tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()
