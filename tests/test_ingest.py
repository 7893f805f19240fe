"""Ingesting: what the user sees stored, skipped and failed; re-ingesting changes nothing;
a killed run resumes without duplicates; bad input never touches what is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tocsin.cli import app
from tocsin.ingest import ingest
from tocsin.store import Store

runner = CliRunner()

ARTICLE = (
    "Dushanbe, 3 May 2025 (Sample Wire, invented) - Tajik border guards said on Saturday that they had "
    "detained four smugglers near the Panj river crossing.\n\n"
    "The border service said the men carried weapons and tried to cross at night."
)
OTHER = (
    "Bishkek, 9 June 2025 (Sample Wire, invented) - Kyrgyzstan and Uzbekistan signed an agreement on "
    "water sharing during talks in Bishkek on Monday.\n\n"
    "The two ministers agreed to meet again in the autumn."
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    return folder


def snapshot(store: Store) -> list[str]:
    return sorted(r.to_json() for r in store.records())


def test_reingesting_changes_nothing(corpus, tmp_path, pipeline):
    store = Store.open(str(tmp_path / "t.db"))
    first = ingest([str(corpus)], store, pipeline)
    assert len(first.stored) == 2 and first.ok
    before = snapshot(store)
    again = ingest([str(corpus)], store, pipeline)
    assert again.stored == [] and len(again.duplicates) == 2
    assert snapshot(store) == before


def test_a_killed_run_resumes_without_duplicates(corpus, tmp_path, pipeline):
    store = Store.open(str(tmp_path / "t.db"))
    ingest([str(corpus / "a.txt")], store, pipeline)  # the run that was cut short
    resumed = ingest([str(corpus)], store, pipeline)
    assert len(resumed.stored) == 1 and len(resumed.duplicates) == 1
    assert store.count() == 2


def test_bad_items_are_named_and_the_good_ones_stored(corpus, tmp_path):
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 1
    assert "stored 2" in result.stdout and "failed 2" in result.stdout
    assert "empty.txt" in result.output and "binary.txt" in result.output
    again = runner.invoke(app, ["ingest", str(corpus / "empty.txt"), "--db", db])
    assert again.exit_code == 1
    assert Store.open(db).count() == 2


def test_search_and_export_from_the_command_line(corpus, tmp_path):
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["ingest", str(corpus), "--db", db]).exit_code == 0
    found = runner.invoke(app, ["search", "smugglers", "--db", db])
    assert found.exit_code == 0 and "1 documents" in found.stdout
    out = tmp_path / "records.jsonl"
    assert runner.invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", db]).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
