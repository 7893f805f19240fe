"""Hooks the ingest loop calls around each save: near-duplicates before, stories and claim
reconciliation after. Each touches only what the new documents concern, so a store of any
size is updated without reprocessing it; indicators and alerts are aggregates over the
stories table and so follow on their own."""

from __future__ import annotations

from sqlalchemy import delete, or_

from tocsin.record import DocumentRecord
from tocsin.store import Store, schema
from tocsin.stories import duplicates, merge, reconcile


def before_save(store: Store, record: DocumentRecord) -> None:
    """Index the record's text and link it to an earlier copy (sets ``duplicate_of``)."""
    duplicates.link(store, record)


def after_save(store: Store, doc_ids: list[str]) -> None:
    """Put the new documents' events into stories and reconcile their claims."""
    for doc_id in doc_ids:
        merge.add_document(store, doc_id)
        reconcile.reconcile_document(store, doc_id)


def save(store: Store, record: DocumentRecord) -> bool:
    """Store one analysed record as ingest does, hooks included; False if already stored."""
    before_save(store, record)
    stored = store.save(record)
    if stored:
        after_save(store, [record.id])
    return stored


def replace(store: Store, record: DocumentRecord) -> None:
    """Rewrite a re-analysed record and bring its stories and disagreements up to date."""
    merge.remove_document(store, record.id)
    d = schema.disagreements.c
    with store.engine.begin() as conn:
        conn.execute(delete(schema.disagreements).where(or_(d.doc_a == record.id, d.doc_b == record.id)))
    store.replace(record)
    after_save(store, [record.id])
