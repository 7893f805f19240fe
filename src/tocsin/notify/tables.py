"""The store's tables for notifications, on the store's ``MetaData``.

``raised``: each alert or alarm, once, under a key that names what it is (the series and
its period, or the threat statement), with the message as sent. ``deliveries``: one row per
raised item and channel, so each is sent at most once, with its attempts and last error.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from tocsin.store.schema import metadata

raised = Table(
    "raised",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("kind", String(16), nullable=False),  # alert or threat
    Column("raised_at", String(32), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("payload", Text, nullable=False),  # the JSON every channel is sent
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("channel", String(300), primary_key=True),
    Column("status", String(12), nullable=False, index=True),  # pending, sent or failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt", String(32), index=True),
    Column("last_error", Text),
    Column("sent_at", String(32)),
)
