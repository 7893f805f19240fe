"""The store's tables for followed sources, declared on the store's ``MetaData`` so that
opening a store creates them with the rest.

``watch_sources``: each source's schedule and health. ``watch_items``: every address a
source led to — the listing itself, and each article — with its validators, what it held
(a hash of its bytes) and what became of it. An article's fetched bytes are kept until it
is stored, so a run killed between the fetch and the store finishes it next time without
asking the site again.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table, Text

from tocsin.store.schema import metadata

sources = Table(
    "watch_sources",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("url", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("every", Integer, nullable=False),  # seconds between polls
    Column("last_poll", String(32)),
    Column("last_success", String(32)),
    Column("last_error", Text),
    Column("last_error_at", String(32)),
    Column("failures", Integer, nullable=False, default=0),  # consecutive failed polls
    Column("next_poll", String(32), index=True),
    Column("articles", Integer, nullable=False, default=0),  # documents stored from it
)

items = Table(
    "watch_items",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("source", String(200), nullable=False, index=True),
    Column("role", String(8), nullable=False),  # listing or article
    # pending → fetched → stored | duplicate | failed | disallowed | unchanged
    Column("status", String(16), nullable=False, index=True),
    Column("title", Text),  # what the listing says, used where the page says nothing
    Column("published", String(10)),
    Column("first_seen", String(32), nullable=False),
    Column("fetched_at", String(32)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", String(64)),
    Column("final_url", Text),
    Column("content_type", Text),
    Column("body", LargeBinary),  # held only between the fetch and the store
    Column("doc_id", String(64), index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
)
