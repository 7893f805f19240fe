"""The write path of one document: its record, its near-duplicate link, its stories and
its claim reconciliation, all in one transaction.

Whatever stops a run — an exception, a kill, a power cut — a document is either stored
with everything it changes or not stored at all, so the next run (which skips stored
documents) leaves the store exactly as one uninterrupted run would have. Each step
touches only what the new document concerns, so a store of any size is updated without
reprocessing it; the indicator series and alert tests kept beside the stories are
brought up to date in the same transaction (``indicators/upkeep.py``). Writers are
serialised by ``Store.writing``, so two ingests into one store take turns document by
document.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete

from tocsin.indicators import upkeep
from tocsin.record import DocumentRecord
from tocsin.store import Store, schema
from tocsin.stories import duplicates, merge, reconcile


def save(store: Store, record: DocumentRecord) -> bool:
    """Store one analysed record with everything it changes; False if already stored."""
    sig = duplicates.signature(record.text)  # the costly part, outside the write lock
    with store.writing() as conn:
        if store.has(record.id, conn):
            return False
        duplicates.link(conn, record, sig)
        store.insert(conn, record)
        upkeep.threats_added(conn, record)
        merge.add_document(conn, record)
        reconcile.reconcile_document(conn, record.id)
    return True


def replace(store: Store, record: DocumentRecord) -> None:
    """Rewrite a re-analysed record and bring its stories and disagreements up to date."""
    with store.writing() as conn:
        held = _take_out(conn, store, record.id)
        store.insert(conn, record)
        upkeep.threats_added(conn, record)
        merge.add_document(conn, record)
        reconcile.reconcile_document(conn, record.id)
        reconcile.recount(conn, held, record.id)


def remove(store: Store, doc_id: str) -> None:
    """Delete a stored document with everything it brought: its rows, its place in stories,
    its disagreements, its threats' counts and its near-duplicate signature."""
    with store.writing() as conn:
        held = _take_out(conn, store, doc_id)
        for table in (schema.minhashes, schema.minhash_bands):
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        reconcile.recount(conn, held, doc_id)


def _take_out(conn: Connection, store: Store, doc_id: str) -> reconcile.Held:
    """A stored document's rows, story memberships, disagreements and threats' counts go
    (its signature stays: a re-analysed text is the same text). The disagreement rows of
    its claims' stories go with it; the other pairs behind them are counted again by
    ``reconcile.recount`` once the document is gone or back."""
    held = reconcile.take_out(conn, doc_id)
    merge.remove_document(conn, doc_id)
    upkeep.threats_removed(conn, doc_id)
    store.delete(conn, doc_id)
    return held
