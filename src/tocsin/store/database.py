"""Opening a store, writing records transactionally, reading them back (searches and lists
are in ``tocsin.query``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from tocsin.knowledge.base import CONNECTION_KEY, Knowledge
from tocsin.record import DocumentRecord
from tocsin.store import actor_lookup, schema, setup, tallies
from tocsin.store.rows import row_sets
from tocsin.store.setup import StoreError


def database_url(db: str | None) -> str:
    """A file path means SQLite; anything with ``://`` is an SQLAlchemy URL.

    Without ``db``: ``$TOCSIN_DB``, else ``tocsin.db`` in the user's data directory.
    """
    db = db or os.environ.get("TOCSIN_DB")
    if not db:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("tocsin"))
        folder.mkdir(parents=True, exist_ok=True)
        db = str(folder / "tocsin.db")
    if "://" in db:
        return db
    Path(db).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(db).expanduser().resolve()}"


WRITE_WAIT = 120.0  # seconds a writer waits for another writer's transaction to end
PG_WRITE_LOCK = 0x70C5_1A  # the advisory lock that serialises writers on PostgreSQL
BEFORE_COMMIT = "tocsin_before_commit"  # {name: (state, callable)} run just before a write commits


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # Transactions are begun explicitly (see _sqlite_begin), so that a writer can take
    # the write lock up front instead of failing when a reader's snapshot goes stale.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("tocsin_write") else "BEGIN")


def _friendly(exc: BaseException, where: str) -> StoreError:
    """One line for a store that cannot be opened."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = message.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return StoreError(f"{where} is not a readable SQLite database ({message}); nothing was changed")
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return StoreError(f"cannot open {where} for writing ({message})")
    return StoreError(f"cannot open the store {where} ({message})")


class Store:
    def __init__(self, engine: Engine, knowledge: Knowledge | None = None):
        self.engine = engine
        # the facts read at store and query time (the scale, country names and centres)
        self.knowledge = knowledge or Knowledge.at()
        event.listen(engine, "connect", self._mark)
        self.sqlite = engine.dialect.name == "sqlite"
        where = setup.describe(engine)
        try:
            with engine.connect() as conn:
                ready = not setup.needs_work(conn)
            if not ready:
                with self.writing() as conn:
                    created = setup.prepare(conn)
                    self._create_search_index(conn)
                if created and self.sqlite:
                    raw = engine.raw_connection()  # WAL lets the API read while ingest writes
                    try:
                        raw.cursor().execute("PRAGMA journal_mode=WAL")
                    finally:
                        raw.close()
        except StoreError as exc:
            engine.dispose()
            raise StoreError(f"{where}: {exc}") from None
        except DBAPIError as exc:
            engine.dispose()
            raise _friendly(exc, where) from None

    def _mark(self, dbapi_conn: Any, record: Any) -> None:
        """Every connection of this store carries its knowledge (``Knowledge.of(conn)``)."""
        record.info[CONNECTION_KEY] = self.knowledge

    @classmethod
    def open(cls, db: str | None = None, knowledge: Knowledge | None = None) -> Store:
        """The store at ``db`` (a path or URL), reading facts from ``knowledge`` (default: ``Knowledge.at()``)."""
        url = database_url(db)
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": WRITE_WAIT})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        return cls(engine, knowledge)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction, serialised with every other writer of this store (in this
        process or another): SQLite takes its write lock at BEGIN, PostgreSQL an advisory
        lock. Readers are never blocked. Everything in the block commits or nothing does."""
        with self.engine.connect() as conn:
            conn.execution_options(tocsin_write=True)
            try:
                with conn.begin():
                    if not self.sqlite:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
                    yield conn
                    # what the block's changes leave to settle (see indicators/upkeep.py), last
                    for _, settle in list(conn.info.get(BEFORE_COMMIT, {}).values()):
                        settle(conn)
            finally:
                conn.info.pop(BEFORE_COMMIT, None)

    # -- writing ---------------------------------------------------------------
    def _create_search_index(self, conn: Connection) -> None:
        if self.sqlite:
            conn.exec_driver_sql(
                "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts "
                "USING fts5(doc_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
            )
        else:
            conn.exec_driver_sql(
                "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
                "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text))"
            )

    def has(self, doc_id: str, conn: Connection | None = None) -> bool:
        if conn is not None:
            return (
                conn.execute(select(schema.documents.c.id).where(schema.documents.c.id == doc_id)).first() is not None
            )
        with self.engine.connect() as own:
            return self.has(doc_id, own)

    def save(self, record: DocumentRecord) -> bool:
        """Store one record with everything it changes (near-duplicate link, stories, claim
        reconciliation) in one transaction; False if its id is already stored. A record
        stored without its stories would leave a store that ``tocsin check`` finds fault with."""
        from tocsin.stories import incremental

        return incremental.save(self, record)

    def replace(self, record: DocumentRecord) -> None:
        """Rewrite a stored record (after a re-analysis) and its stories, atomically."""
        from tocsin.stories import incremental

        incremental.replace(self, record)

    def insert(self, conn: Connection, record: DocumentRecord) -> None:
        """Write a record and its rows on ``conn`` (inside a ``writing()`` transaction)."""
        sets = row_sets(record, self.knowledge)
        seq = conn.execute(select(func.coalesce(func.max(schema.documents.c.seq), 0))).scalar_one() + 1
        conn.execute(
            insert(schema.documents).values(
                id=record.id,
                path=record.source.path,
                url=record.source.url,
                outlet=record.source.outlet,
                domain=record.source.domain,
                title=record.title,
                published=record.published,
                language=record.language,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                duplicate_of=record.duplicate_of,
                text=record.text,
                record=record.to_json(),
                seq=seq,
            )
        )
        for table, rows in sets:
            if rows:
                conn.execute(insert(table), rows)
                if table is schema.events:
                    actor_lookup.add(conn, rows)
        if self.sqlite:
            conn.exec_driver_sql(
                "INSERT INTO documents_fts (doc_id, title, body) VALUES (?, ?, ?)",
                (record.id, record.title or "", record.text),
            )
        tallies.add(conn, tallies.document_share(record, sets))

    def delete(self, conn: Connection, doc_id: str) -> None:
        share = tallies.stored_share(conn, doc_id)
        e = schema.events.c
        stories = set(conn.execute(select(e.story_id).where(e.doc_id == doc_id, e.story_id.is_not(None))).scalars())
        actor_lookup.remove(conn, doc_id)
        for table in (schema.events, schema.actors, schema.places, schema.quotes, schema.claims, schema.threats):
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))
        if self.sqlite:
            conn.exec_driver_sql("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))
        tallies.document_removed(conn, share, stories)

    # -- reading ---------------------------------------------------------------
    def get(self, doc_id: str) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.documents.c.record).where(schema.documents.c.id == doc_id)).first()
        return DocumentRecord.model_validate_json(row[0]) if row else None

    def records(self, batch: int = 200) -> Iterator[DocumentRecord]:
        """Every stored record, oldest ingest first, read in pages to keep memory flat."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(schema.documents.c.id, schema.documents.c.record)
                    .where(schema.documents.c.id > last)
                    .order_by(schema.documents.c.id)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for doc_id, rec in rows:
                last = doc_id
                yield DocumentRecord.model_validate_json(rec)

    def count(self, table_name: str = "documents") -> int:
        table = schema.metadata.tables[table_name]
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

    def count_duplicates(self) -> int:
        with self.engine.connect() as conn:
            table = schema.documents
            return conn.execute(
                select(func.count()).select_from(table).where(table.c.duplicate_of.is_not(None))
            ).scalar_one()
