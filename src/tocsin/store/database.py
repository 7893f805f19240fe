"""Opening a store, writing records transactionally, reading them back (searches and lists
are in ``tocsin.query``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import Connection

from tocsin.record import DocumentRecord
from tocsin.store import schema
from tocsin.store.rows import row_sets


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


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        schema.metadata.create_all(engine)
        with engine.begin() as conn:
            self._create_search_index(conn)

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        url = database_url(db)
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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

    def has(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id == doc_id))
            return found.first() is not None

    def save(self, record: DocumentRecord) -> bool:
        """Store one record in one transaction; False if a document with its id is already stored."""
        with self.engine.begin() as conn:
            if conn.execute(select(schema.documents.c.id).where(schema.documents.c.id == record.id)).first():
                return False
            self._insert(conn, record)
        return True

    def replace(self, record: DocumentRecord) -> None:
        """Rewrite a stored record (after a re-analysis), atomically."""
        with self.engine.begin() as conn:
            self._delete(conn, record.id)
            self._insert(conn, record)

    def _insert(self, conn: Connection, record: DocumentRecord) -> None:
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
            )
        )
        for table, rows in row_sets(record):
            if rows:
                conn.execute(insert(table), rows)
        if self.sqlite:
            conn.exec_driver_sql(
                "INSERT INTO documents_fts (doc_id, title, body) VALUES (?, ?, ?)",
                (record.id, record.title or "", record.text),
            )

    def _delete(self, conn: Connection, doc_id: str) -> None:
        for table in (schema.events, schema.actors, schema.places, schema.quotes, schema.claims, schema.threats):
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))
        if self.sqlite:
            conn.exec_driver_sql("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))

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
