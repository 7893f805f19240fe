"""Extension seams, used from outside: the example plugin package in ``tests/plugin_example``
is installed (with pip, into a folder of its own) and a ``tocsin`` run with it on its path
gains a stage, a reader, an exporter and a command — without a line of Tocsin edited."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PLUGIN = Path(__file__).resolve().parent / "plugin_example"
ARTICLE = (
    "Invented border report\n\n"
    "KHOROG, 12 May 2025 — Tajik border guards detained four men who crossed the river from "
    "Afghanistan near Khorog on Monday, the border service said.\n"
)


@pytest.fixture(scope="module")
def plugged(tmp_path_factory) -> dict:
    """An environment whose Python path holds the installed plugin."""
    target = tmp_path_factory.mktemp("plugin-site")
    source = tmp_path_factory.mktemp("plugin-source") / "plugin"
    shutil.copytree(PLUGIN, source)  # building writes beside the sources: keep the test tree clean
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(source)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")])}


def tocsin(env: dict, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    code = "import sys; from tocsin.cli import app; sys.argv[0] = 'tocsin'; app()"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=cwd, capture_output=True, text=True)


def test_a_plugin_adds_a_stage_an_exporter_and_a_command(plugged, tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "plugged.db")

    ingest = tocsin(plugged, "ingest", str(article), "--db", db)
    assert ingest.returncode == 0, ingest.stderr
    records = tocsin(plugged, "export", "--format", "jsonl", "--db", db)
    (record,) = [json.loads(line) for line in records.stdout.splitlines()]
    assert "wordcount" in record["analysis"]["stages"]  # the stage ran, placed after events
    stages = record["analysis"]["stages"]
    assert stages.index("wordcount") == stages.index("events") + 1
    words = len(record["text"].split())
    assert f"wordcount: {words} words" in record["analysis"]["notes"]

    exported = tocsin(plugged, "export", "--format", "wordcount-tsv", "--db", db)
    assert exported.returncode == 0 and exported.stdout.splitlines()[1] == f"{record['id']}\t{words}"
    listed = tocsin(plugged, "export", "--help")
    assert "wordcount-tsv" in listed.stdout  # the format is offered with the built-ins

    command = tocsin(plugged, "wordcount", "--db", db)
    assert command.returncode == 0 and command.stdout.strip() == f"{words} words"
    assert "wordcount" in tocsin(plugged, "--help").stdout


def test_without_the_plugin_nothing_changes(tmp_path):
    assert tocsin(dict(os.environ), "wordcount", "--db", str(tmp_path / "x.db")).returncode == 2
    assert "wordcount-tsv" not in tocsin(dict(os.environ), "export", "--help").stdout


def test_a_plugin_adds_a_reader(plugged, tmp_path):
    folder = tmp_path / "words"
    folder.mkdir()
    article = folder / "report.words"  # an extension only the plugin's reader claims
    article.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "words.db")
    ingest = tocsin(plugged, "ingest", str(folder), "--db", db)
    assert ingest.returncode == 0, ingest.stderr
    (record,) = [json.loads(x) for x in tocsin(plugged, "export", "--format", "jsonl", "--db", db).stdout.splitlines()]
    assert record["title"] == "Invented border report" and record["source"]["path"] == str(article)
    assert "Khorog" in record["text"]
    unplugged = tocsin(dict(os.environ), "ingest", str(folder), "--db", str(tmp_path / "plain.db"))
    assert unplugged.returncode == 1 and "no article files" in unplugged.stderr  # Tocsin alone skips the file
