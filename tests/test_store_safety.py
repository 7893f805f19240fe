"""Someone else's database is left alone: a file that is not a Tocsin store, a store made
by a newer Tocsin, a file that is not a database at all or a truncated one is refused with
one line and not changed by a single byte; an old store is upgraded in place."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.store_corpus import corpus
from tocsin.cli import app
from tocsin.store import Store, StoreError, schema
from tocsin.stories.incremental import save

runner = CliRunner()
pytestmark = pytest.mark.no_store_check


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused_unchanged(path: Path, words: str) -> None:
    before = digest(path)
    with pytest.raises(StoreError, match=words):
        Store.open(str(path))
    result = runner.invoke(app, ["summary", "--db", str(path)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) <= 3, result.output
    assert "Traceback" not in result.output
    assert digest(path) == before


def test_another_applications_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    refused_unchanged(path, "not a Tocsin store")
    assert not Path(str(path) + "-wal").exists()
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["invoices"]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_store_from_a_newer_tocsin_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.db"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE tocsin_meta SET value = '99' WHERE key = 'schema_version'")
    refused_unchanged(path, "newer Tocsin")


@pytest.mark.parametrize("value", [None, "three"])
def test_a_store_whose_version_is_missing_or_unreadable_is_refused_untouched(tmp_path, value):
    path = tmp_path / "unversioned.db"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        if value is None:
            conn.execute("DELETE FROM tocsin_meta WHERE key = 'schema_version'")
        else:
            conn.execute("UPDATE tocsin_meta SET value = ? WHERE key = 'schema_version'", (value,))
    refused_unchanged(path, "names no schema version")


@pytest.mark.parametrize("content", [b"just some notes, not a database\n" * 40, b"SQLite format 3\x00" + b"\x01" * 90])
def test_a_file_that_is_not_a_database_gets_one_line(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    refused_unchanged(path, "not a readable SQLite database|cannot open")


def test_a_truncated_store_gets_one_line(tmp_path):
    path = tmp_path / "cut.db"
    with Store.open(str(path)) as store:
        for record in corpus(6, seed=1):
            save(store, record)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = digest(path)
    result = runner.invoke(app, ["check", "--db", str(path)])
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert digest(path) == before


def test_a_store_from_before_versions_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    records = corpus(5, seed=2)
    with Store.open(str(path)) as store:
        for record in records:
            save(store, record)
    with sqlite3.connect(path) as conn:  # as the first release left it: no version, no storing order
        conn.execute("DROP TABLE tocsin_meta")
        conn.execute("DROP INDEX ix_documents_seq")
        conn.execute("ALTER TABLE documents DROP COLUMN seq")
    with Store.open(str(path)) as store:
        assert store.count() == len(records)
        with store.engine.connect() as conn:
            version = conn.execute(text("SELECT value FROM tocsin_meta WHERE key = 'schema_version'")).scalar()
            orders = conn.execute(text("SELECT seq FROM documents ORDER BY seq")).scalars().all()
    assert version == str(schema_version()) and orders == list(range(1, len(records) + 1))


def schema_version() -> int:
    from tocsin.store.setup import VERSION

    return VERSION


def test_the_schema_is_made_once_whoever_opens_first(tmp_path):
    path = str(tmp_path / "twice.db")
    first, second = Store.open(path), Store.open(path)
    assert first.count() == second.count() == 0
    assert set(schema.metadata.tables) <= set(second.engine.dialect.get_table_names(second.engine.connect()))
