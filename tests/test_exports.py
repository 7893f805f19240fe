"""Exports: the flat event and story tables open in pandas and pyarrow with their documented
columns, the GeoJSON is valid points, and the actor network opens in networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tests.invented_news import Art, Ev, record, repost
from tocsin.cli import app
from tocsin.exports.tables import EVENT_COLUMNS, STORY_COLUMNS
from tocsin.store import Store
from tocsin.stories.incremental import save

T, A = ["TJK-border-troops"], ["AFG-taliban"]
ARTS = [
    Art(
        "raid", "Invented Wire", "2025-03-04", [Ev("ASSAULT", A, T, "2025-03-03", "khorog", mode="firearms", killed=2)]
    ),
    Art("raid2", "Invented Herald", "2025-03-04", [Ev("ASSAULT", A, T, "2025-03", "TJK")]),
    Art(
        "visit",
        "Invented Wire",
        "2025-03-06",
        [
            Ev("CONSULT", ["TJK"], ["AFG"], "2025-03-06", "dushanbe", mode="visit"),
            Ev("ACCUSE", ["TJK"], ["AFG"], "2025-03-06"),
        ],
    ),
]


@pytest.fixture()
def db(tmp_path: Path) -> str:
    store = Store.open(str(tmp_path / "t.db"))
    for art in ARTS:
        save(store, record(art))
    save(store, repost(ARTS[0]))
    return str(tmp_path / "t.db")


def _export(db: str, fmt: str, out: Path) -> Path:
    result = CliRunner().invoke(app, ["export", "--format", fmt, "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    return out


def test_event_tables_in_csv_and_parquet(db, tmp_path):
    csv = pd.read_csv(_export(db, "events-csv", tmp_path / "events.csv"))
    parquet = pq.read_table(_export(db, "events-parquet", tmp_path / "events.parquet"))
    assert list(csv.columns) == list(EVENT_COLUMNS) == parquet.column_names
    assert len(csv) == parquet.num_rows == 5  # four events and the repost's copy of the raid
    raid = csv.set_index("event_id").loc["raid:e0"]
    assert (raid.event_type, raid.event_mode, raid.quad_class, raid.intensity) == (
        "ASSAULT",
        "firearms",
        "material_conflict",
        -10.0,
    )
    assert (raid.source_country, raid.target_country, raid.source_sector, raid.target_sector) == (
        "AFG",
        "TJK",
        "REB",
        "MIL",
    )
    assert (raid.place_name, raid.latitude, raid.longitude, raid.killed) == ("Khorog", 37.49, 71.55, 2)
    assert (raid.story_num_articles, raid.story_num_sources) == (3, 3)
    assert raid.source_url == "https://invented.example/raid" and raid.date_precision == "day"
    copy = csv.set_index("event_id").loc["raid-repost:e0"]
    assert copy.duplicate_of == "raid" and copy.story_id == raid.story_id
    frame = parquet.to_pandas()
    assert frame["killed"].dropna().tolist() == [2, 2]


def test_story_tables_in_csv_and_parquet(db, tmp_path):
    csv = pd.read_csv(_export(db, "stories-csv", tmp_path / "stories.csv"))
    table = pq.read_table(_export(db, "stories-parquet", tmp_path / "stories.parquet"))
    assert list(csv.columns) == list(STORY_COLUMNS) == table.column_names
    assert len(csv) == table.num_rows == 3  # the raid (three articles), the visit, the accusation
    raid = csv[csv.event_type == "ASSAULT"].iloc[0]
    assert (raid.story_date, raid.date_precision, raid.place_name) == ("2025-03-03", "day", "Khorog")
    assert (raid.num_events, raid.num_articles, raid.num_original_articles, raid.num_sources) == (2, 3, 2, 3)
    assert raid.doc_ids.split(";") == ["raid", "raid-repost", "raid2"]
    assert len(raid.urls.split(";")) == 3


def test_geojson_events_and_places(db, tmp_path):
    data = json.loads(_export(db, "geojson", tmp_path / "map.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds.count("event") == 4 and kinds.count("place") == 3  # the accusation has no place
    for f in data["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
    places = {f["properties"]["place_id"]: f for f in data["features"] if f["properties"]["kind"] == "place"}
    khorog = places["khorog"]
    assert khorog["geometry"]["coordinates"] == [71.55, 37.49]
    assert khorog["properties"]["num_articles"] == 2 and khorog["properties"]["num_stories"] == 1


def test_graphml_actor_network(db, tmp_path):
    graph = nx.read_graphml(_export(db, "graphml", tmp_path / "actors.graphml"))
    assert graph.is_directed()
    edge = graph.edges["AFG-taliban", "TJK-border-troops"]
    assert edge["weight"] == 1 and edge["material_conflict"] == 1  # one story, however many articles
    assert edge["intensity"] == -10.0
    tjk = graph.edges["TJK", "AFG"]
    assert (tjk["weight"], tjk["verbal_cooperation"], tjk["verbal_conflict"]) == (2, 1, 1)
    assert graph.nodes["AFG-taliban"]["name"] == "Taliban" and graph.nodes["TJK"]["country"] == "TJK"


def test_unknown_and_binary_formats_are_explained(db):
    bad = CliRunner().invoke(app, ["export", "--format", "shapefile", "--db", db])
    assert bad.exit_code == 2 and "events-parquet" in bad.output
    binary = CliRunner().invoke(app, ["export", "--format", "stories-parquet", "--db", db])
    assert binary.exit_code == 2 and "-o FILE" in binary.output


def test_stories_and_disagreements_on_the_command_line(db):
    out = CliRunner().invoke(app, ["stories", "--db", db, "--format", "json"])
    stories = json.loads(out.stdout)
    assert len(stories) == 3 and {s["num_articles"] for s in stories} == {3, 1}
    csv = CliRunner().invoke(app, ["stories", "--db", db, "--format", "csv", "--type", "ASSAULT"])
    assert len(csv.stdout.splitlines()) == 2
    assert CliRunner().invoke(app, ["stories", "--db", db, "--country", "nowhere"]).exit_code == 2
    none = CliRunner().invoke(app, ["disagreements", "--db", db, "--format", "json"])
    assert none.exit_code == 0 and json.loads(none.stdout) == []


def test_parquet_keeps_dates_lists_and_integers(db, tmp_path):
    table = pq.read_table(_export(db, "events-parquet", tmp_path / "events.parquet"))
    types = {f.name: str(f.type) for f in table.schema}
    assert types["event_date"] == types["published"] == "date32[day]"
    assert types["date_added"].startswith("timestamp")
    assert types["source_actor_ids"] == "list<element: string>"
    assert types["killed"] == types["story_num_articles"] == "int64"
    month = [r for r in table.to_pylist() if r["date_precision"] == "month"][0]
    assert str(month["event_date"]) == "2025-03-01"  # a month is its first day, beside its precision


def test_every_table_exports_in_every_format(db, tmp_path):
    from tocsin.exports.tables import TABLES

    for name, table in TABLES.items():
        rows = pd.read_csv(_export(db, f"{name}-csv", tmp_path / f"{name}.csv"))
        assert list(rows.columns) == list(table.columns)
        as_json = json.loads(_export(db, f"{name}-json", tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        assert len(as_json) == len(rows)
        assert pq.read_table(_export(db, f"{name}-parquet", tmp_path / f"{name}.parquet")).num_rows == len(rows)


def test_export_takes_the_filters(db, tmp_path):
    raids = pd.read_csv(_export_with(db, tmp_path / "raids.csv", "--type", "ASSAULT"))
    assert set(raids.event_type) == {"ASSAULT"} and len(raids) == 3


def _export_with(db: str, out: Path, *filters: str) -> Path:
    result = CliRunner().invoke(app, ["export", "--format", "events-csv", "-o", str(out), "--db", db, *filters])
    assert result.exit_code == 0, result.output
    return out
