"""A writer the crash and concurrency tests run in a child process.

    python -m tests.crash_writer DB RECORDS.jsonl [KILL_AT]

Stores each record of RECORDS.jsonl the way ``tocsin ingest`` stores an analysed
document (``tocsin.ingest.store_document``), skipping stored ones as a rerun does. With
KILL_AT, the process sends itself SIGKILL just before its KILL_AT-th database statement
or commit, wherever that falls: inside a document's transaction, between two, or while
the store is being opened.
"""

from __future__ import annotations

import os
import signal
import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine

from tocsin.article import Article
from tocsin.document import Document
from tocsin.ingest import IngestReport, store_document
from tocsin.record import DocumentRecord
from tocsin.store import Store


class Counter:
    """Counts statements and commits; at ``kill_at`` the process dies as a kill -9 leaves it."""

    def __init__(self, kill_at: int | None):
        self.count = 0
        self.kill_at = kill_at
        event.listen(Engine, "before_cursor_execute", self.tick)
        event.listen(Engine, "commit", self.tick)

    def tick(self, *_args, **_kwargs) -> None:
        self.count += 1
        if self.kill_at and self.count >= self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def main(db: str, records: str, kill_at: int | None = None) -> int:
    counter = Counter(kill_at)
    report = IngestReport()
    with Store.open(db) as store, open(records, encoding="utf-8") as lines:
        for line in lines:
            record = DocumentRecord.model_validate_json(line)
            store_document(store, Document(article=Article(path=record.id, text=record.text), record=record), report)
    print(f"stored {len(report.stored)} skipped {len(report.duplicates)} failed {len(report.failed)}")
    print(f"statements {counter.count}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None))
