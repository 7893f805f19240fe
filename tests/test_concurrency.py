"""Two ingests into one store at once both finish, whatever the order their documents
interleave in, and the API keeps answering while they write — on SQLite and PostgreSQL.

Both writers start on a store that does not exist yet (both create it), and both are
given the same documents, so every document is offered twice at nearly the same time.
"""

from __future__ import annotations

import subprocess
import sys
import time

from fastapi.testclient import TestClient

from tests.store_corpus import corpus, write_jsonl
from tests.test_crash import ROOT, db  # noqa: F401 - the store fixture (SQLite and PostgreSQL, new each time)
from tocsin.store import Store
from tocsin.store.check import check
from tocsin.web import create_app


def test_two_writers_and_a_reader(db, tmp_path):  # noqa: F811
    records = corpus(30, seed=5)
    forward = write_jsonl(records, tmp_path / "forward.jsonl")
    backward = write_jsonl(records[::-1], tmp_path / "backward.jsonl")
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.crash_writer", db, str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (forward, forward, backward)
    ]
    answered = 0
    deadline = time.monotonic() + 300
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        try:
            client = TestClient(create_app(db))
        except Exception:  # noqa: BLE001 - the store may not exist yet
            time.sleep(0.2)
            continue
        for path in ("/api/summary", "/api/events", "/api/stories"):
            response = client.get(path)
            assert response.status_code == 200, response.text
            answered += 1
        client.app.state.store.close()
    outputs = [w.communicate(timeout=300) for w in writers]
    for writer, (out, errors) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, errors
        assert "failed 0" in out
    stored = sum(int(out.split()[1]) for out, _ in outputs)
    assert stored == len(records)  # each document stored by exactly one writer
    assert answered > 0
    with Store.open(db) as store:
        assert store.count() == len(records)
        assert check(store) == []
