"""Hooks the ingest loop calls around each save (near-duplicates, stories, indicators)."""

from __future__ import annotations

from tocsin.record import DocumentRecord
from tocsin.store import Store


def before_save(store: Store, record: DocumentRecord) -> None:
    """Runs before a new record is stored (near-duplicate linking belongs here)."""


def after_save(store: Store, doc_ids: list[str]) -> None:
    """Runs after a batch of new records is stored (stories and indicators update here)."""
