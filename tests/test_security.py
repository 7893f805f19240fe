"""SECURITY.md's promises each name a test; these are the ones no other module holds, and
a check that every test the table names exists."""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.web_records import build
from tocsin.cli import app
from tocsin.pipeline import Config
from tocsin.record import DocumentRecord, Event, Evidence
from tocsin.sections import Limits, cap
from tocsin.store import Store
from tocsin.web import create_app

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Border guards detained two smugglers near the river crossing on Monday night, officials said."


def test_every_test_named_in_security_md_exists():
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", (ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    assert len(named) >= 12
    for path, name in named:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        assert name in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}, f"{path}::{name}"


def test_uploads_with_script_urls_or_impossible_dates_are_refused(tmp_path):
    db = str(tmp_path / "w.db")
    client = TestClient(create_app(db, write_token="secret"))
    auth = {"Authorization": "Bearer secret"}
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "https://ok.example/\x00"):
        response = client.post("/api/documents", headers=auth, json={"text": ARTICLE, "url": url})
        assert response.status_code == 422, url
    response = client.post("/api/documents", headers=auth, json={"text": ARTICLE, "published": "2025-13-45"})
    assert response.status_code == 422 and "published" in response.text
    assert Store.open(db).count() == 0


def test_command_line_csv_cannot_carry_formulas(tmp_path):
    db = str(tmp_path / "hostile.db")
    with Store.open(db) as store:
        build(store, hostile=True)
    for args in (["events", "--format", "csv"], ["export", "--format", "events-csv"]):
        result = CliRunner().invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
        assert cells and not [c for c in cells if c and (c[0] in "=+@" or (c[0] == "-" and not _number(c)))]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_one_document_cannot_flood_the_store():
    text = "The patrol clashed with the gunmen. " * 700
    events = [
        Event(
            id=f"e{i}",
            type="ASSAULT",
            evidence=Evidence(sentence="The patrol clashed with the gunmen.", start=0, end=34),
            confidence=0.5,
        )  # fmt: skip
        for i in range(700)
    ]
    record = DocumentRecord(id="flood", text=text, events=events)
    notes = cap(record, Config().limits.items)
    assert len(record.events) == Limits().items and notes and "700" in notes[0]
