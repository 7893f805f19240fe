"""One knowledge base per data folder: loaded once, shared by the pipeline's stages and by
what reads facts after them (the scale, country names), and a folder of one's own is the
one that is read."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tocsin.cli import app
from tocsin.exports.tables import event_rows
from tocsin.indicators.scale import intensity, quad_class
from tocsin.knowledge import data_dir
from tocsin.knowledge.actors import cached
from tocsin.knowledge.base import Knowledge
from tocsin.pipeline import Config
from tocsin.store import Store, schema


def test_one_folder_is_one_knowledge_whose_parts_the_stages_share():
    shipped = Knowledge.at()
    assert Knowledge.at(data_dir()) is shipped and Config().knowledge is shipped
    assert shipped.actors is cached(data_dir())  # the object the actor stages load
    assert shipped.states["TJK"].name == "Tajikistan"
    assert shipped.usage("places") is Knowledge.at().usage("places")


def test_a_pipeline_on_a_folder_of_its_own_reads_that_folders_scale(tmp_path):
    own = tmp_path / "data"
    own.mkdir()
    text = (data_dir() / "intensity.yaml").read_text(encoding="utf-8")
    (own / "intensity.yaml").write_text(text.replace("  CONSULT: 1.0", "  CONSULT: -1.5"), encoding="utf-8")
    mine = Config(data=own).knowledge
    assert mine is not Knowledge.at() and mine.root == own
    assert intensity("CONSULT", knowledge=mine) == -1.5 and intensity("CONSULT") == 1.0
    assert quad_class("AID", knowledge=mine) == quad_class("AID") == "material_cooperation"


def test_a_scale_file_without_its_types_is_a_clear_error(tmp_path):
    (tmp_path / "intensity.yaml").write_text("status_weight: {occurred: 1.0}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="intensity.yaml.*'types'"):
        intensity("AID", knowledge=Knowledge.at(tmp_path))


def test_a_copy_of_the_actors_is_read_from_the_copy(tmp_path):
    shutil.copytree(data_dir() / "actors", tmp_path / "actors")
    (tmp_path / "actors" / "custom.yaml").write_text(
        "- {id: org:invented-weekly, name: The Invented Weekly, country: TJK, sector: MED}\n",
        encoding="utf-8",
    )
    copy = Knowledge.at(tmp_path)
    assert "org:invented-weekly" in copy.actors.entries
    assert "org:invented-weekly" not in Knowledge.at().actors.entries


ARTICLE = (
    "Invented Herald\n\nDUSHANBE, 3 June 2025 — The foreign ministers of Tajikistan and Kyrgyzstan met in "
    "Dushanbe on Tuesday to discuss the water dispute, the ministry said.\n"
)


def test_ingest_on_a_folder_of_its_own_stores_and_exports_that_folders_facts(tmp_path):
    """One changed fact, a meeting's weight and quad class, is the one the stored events,
    their story and the export show, end to end."""
    own = tmp_path / "data"
    shutil.copytree(data_dir(), own)
    scale = (own / "intensity.yaml").read_text(encoding="utf-8")
    scale = scale.replace("  CONSULT: 1.0", "  CONSULT: -1.5")
    scale = scale.replace("[AGREE, CONSULT, SUPPORT, CONCEDE]", "[AGREE, SUPPORT, CONCEDE]")
    scale = scale.replace("verbal_conflict: [REQUEST,", "verbal_conflict: [CONSULT, REQUEST,")
    (own / "intensity.yaml").write_text(scale, encoding="utf-8")
    article = tmp_path / "meeting.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    for folder, db in ((own, tmp_path / "own.db"), (None, tmp_path / "shipped.db")):
        args = ["ingest", str(article), "--db", str(db)] + (["--data", str(folder)] if folder else [])
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    with Store.open(str(tmp_path / "own.db"), knowledge=Knowledge.at(own)) as store:
        events = [r for r in event_rows(store) if r["event_type"] == "CONSULT"]
        assert events and {(r["intensity"], r["quad_class"]) for r in events} == {(-1.5, "verbal_conflict")}
        with store.engine.connect() as conn:
            assert set(conn.execute(select(schema.stories.c.intensity)).scalars()) == {-1.5}
    with Store.open(str(tmp_path / "shipped.db")) as store:
        shipped = {(r["intensity"], r["quad_class"]) for r in event_rows(store) if r["event_type"] == "CONSULT"}
        assert shipped == {(1.0, "verbal_cooperation")}


def test_ingest_names_a_missing_knowledge_folder(tmp_path):
    article = tmp_path / "meeting.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(article), "--db", str(tmp_path / "x.db"), "--data", "nowhere"])
    assert result.exit_code != 0 and "no knowledge base folder at nowhere" in result.output
    assert not (tmp_path / "x.db").exists()


def test_a_table_built_from_packages_is_built_once_then_read_from_the_cache(tmp_path, monkeypatch):
    from tocsin.knowledge.diskcache import on_disk

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"Душанбе": 1}

    assert on_disk("table", "k1", build) == {"Душанбе": 1}
    assert on_disk("table", "k1", build) == {"Душанбе": 1}
    assert len(builds) == 1
    on_disk("table", "k2", build)  # a new key (a new package version) rebuilds and replaces it
    assert len(builds) == 2 and [p.name for p in (tmp_path / "tocsin").glob("table-*")] == ["table-k2.pickle"]


def test_a_cache_that_cannot_be_written_costs_time_not_the_table(tmp_path, monkeypatch):
    from tocsin.knowledge.diskcache import on_disk

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert on_disk("table", "k", lambda: [1, 2]) == [1, 2]
