"""The command line as a new user meets it: a missing store is explained, every ``--format``
is checked, ingest shows its progress and names what it skipped or failed, search keeps
its highlights, and the CLI counts what the dashboard counts."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner

from tests.web_records import build
from tocsin.cli import app
from tocsin.store import Store

LISTS = ["events", "stories", "documents", "disagreements", "alerts", "threats", "network", "timeline"]
ARTICLE = (
    "Invented Herald\n\nKHOROG, 2 May 2025 — Border guards met village elders near Khorog on Friday, officials said.\n"
)


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "cli.db")
    with Store.open(path) as store:
        build(store)
    return path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("command", [*LISTS, "summary", "export"])
def test_a_missing_store_is_explained_not_created(tmp_path, command):
    missing = tmp_path / "nowhere.db"
    result = run(command, "--db", str(missing))
    assert result.exit_code == 1
    assert f"no store at {missing}" in result.output and "tocsin ingest" in result.output
    assert not missing.exists()


@pytest.mark.parametrize("command", [*LISTS, "search"])
def test_every_format_option_is_checked(db, command):
    args = [command, "border"] if command == "search" else [command]
    result = run(*args, "--db", db, "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.output
    assert run(*args, "--db", db, "--format", "json").exit_code == 0


def test_export_help_lists_every_format():
    text = run("export", "--help").output
    for name in ("jsonl", "events-csv", "stories-parquet", "alerts-csv", "disagreements-json", "threats-csv",
                 "network-csv", "geojson", "graphml"):  # fmt: skip
        assert name in text


def test_listing_filters_take_country_names_and_say_what_is_wrong(db):
    by_name = json.loads(run("events", "--db", db, "--country", "Tajikistan", "--format", "json").stdout)
    by_code = json.loads(run("events", "--db", db, "--country", "tjk", "--format", "json").stdout)
    assert by_name == by_code and len(by_name) == 2
    bad = run("events", "--db", db, "--since", "2025-02-30")
    assert bad.exit_code == 2 and "not a day of the calendar" in bad.output
    assert run("disagreements", "--db", db, "--country", "TJK", "--format", "json").exit_code == 0


def test_search_keeps_its_highlights(db):
    plain = json.loads(run("search", "gunmen", "--db", db, "--format", "json").stdout)
    assert plain and all("[gunmen]" in hit["snippet"] for hit in plain)
    table = run("search", "gunmen", "--db", db)
    assert table.exit_code == 0 and "2 documents" in table.output

    from tocsin.cli import _marked
    from tocsin.query.documents import HIGHLIGHT

    marked = _marked(f"near {HIGHLIGHT[0]}Khorog{HIGHLIGHT[1]} [sic]")
    assert marked.plain == "near Khorog [sic]"  # brackets from an article are text, not markup
    assert [(marked.plain[s.start : s.end], str(s.style)) for s in marked.spans] == [("Khorog", "bold reverse")]


def test_ingest_counts_files_up_front_and_names_what_it_skipped_or_failed(tmp_path, page_pipeline):
    from tocsin.progress import ingest_with_progress, input_files

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b-copy.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    assert [p.rsplit("/", 1)[1] for p in input_files([str(folder)])] == ["a.txt", "b-copy.txt", "c-empty.txt"]
    err = Console(record=True, width=200, force_terminal=False)
    out = Console(record=True, width=200)
    with Store.open(str(tmp_path / "i.db")) as store:
        report = ingest_with_progress([str(folder)], store, page_pipeline, err, out)
    said = err.export_text()
    assert len(report.stored) == 1
    assert "skipped" in said and "b-copy.txt: already stored" in said
    assert "failed" in said and "c-empty.txt: empty file" in said
    assert out.export_text().startswith("stored 1, skipped as duplicate 1, failed 1")


def test_the_progress_bar_knows_its_total_rate_and_time_left(tmp_path, page_pipeline):
    from tocsin.progress import ingest_with_progress

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(ARTICLE.replace("2 May", f"{i + 2} May"), encoding="utf-8")
    seen = Console(record=True, width=200, force_terminal=True)
    with Store.open(str(tmp_path / "p.db")) as store:
        ingest_with_progress([str(tmp_path / f"{i}.txt") for i in range(3)], store, page_pipeline, seen, seen)
    shown = seen.export_text()
    assert "3/3" in shown and "articles/s" in shown and "left" in shown


def test_the_cli_and_the_dashboard_count_the_same(db):
    from tocsin.web import create_app

    header = TestClient(create_app(db)).get("/api/summary").json()
    printed = run("summary", "--db", db).output
    for name in ("documents", "stories", "events", "actors", "places", "quotes", "claims", "threats"):
        assert f"{header[name]} {name}" in printed
