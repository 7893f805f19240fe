"""Nothing lost: an ingest killed with SIGKILL at twenty random points, each time rerun,
leaves every table exactly as one uninterrupted run does — documents, their rows, the
near-duplicate index, stories and their members, disagreements — on SQLite and PostgreSQL.

The writer runs in a child process (tests/crash_writer.py) and kills itself just before
a randomly chosen database statement or commit, so kills land inside a document's
transaction, between two documents and while the store is being opened alike.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store_corpus import corpus, tables, write_jsonl
from tocsin.store import Store, schema
from tocsin.store.check import check

ROOT = Path(__file__).resolve().parents[1]
KILLS = 20
SEED = int(os.environ.get("TOCSIN_CRASH_SEED", "2026"))


def writer(db: str, records: Path, kill_at: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.crash_writer", db, str(records), *([str(kill_at)] if kill_at else [])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def reset(db: str) -> None:
    if "://" in db:
        with Store.open(db) as store:
            schema.metadata.drop_all(store.engine)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "crash.db")
    url = os.environ.get("TOCSIN_TEST_PG")
    if not url:
        pytest.skip("no PostgreSQL server (TOCSIN_TEST_PG unset)")
    reset(url)
    return url


def test_twenty_kills_leave_every_table_as_a_clean_run(db, tmp_path):
    records = write_jsonl(corpus(), tmp_path / "records.jsonl")
    clean = writer(db, records)
    assert clean.returncode == 0, clean.stderr
    statements = int(re.search(r"statements (\d+)", clean.stdout).group(1))
    with Store.open(db) as store:
        expected = tables(store)
    assert len(expected["documents"]) == len(corpus()) and expected["stories"] and expected["disagreements"]
    assert any(row for row in expected["documents"] if "-copy" in row[0])  # reposts are in the corpus
    reset(db)

    rng = random.Random(SEED)
    killed = 0
    for _ in range(KILLS):
        run = writer(db, records, kill_at=rng.randint(1, max(2, statements // 12)))
        assert run.returncode in (0, -9), run.stderr
        killed += run.returncode == -9
    assert killed >= KILLS // 2, "too few runs were killed before they finished"
    final = writer(db, records)
    assert final.returncode == 0, final.stderr

    with Store.open(db) as store:
        got = tables(store)
        assert check(store) == []
    for name in expected:
        assert got[name] == expected[name], f"table {name} differs from a clean run (seed {SEED})"
