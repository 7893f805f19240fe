"""The store's tables. Documents hold the full record as JSON; the other tables are flat,
indexed projections of it that the API, indicators and exports query.

Every table is declared here on one ``MetaData`` so ``create_all`` builds a complete store
on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("path", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("domain", Text),
    Column("title", Text),
    Column("published", String(10), index=True),
    Column("language", String(8)),
    Column("ingested_at", String(32), nullable=False),
    Column("duplicate_of", String(64), index=True),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),  # the DocumentRecord as JSON
)

events = Table(
    "events",
    metadata,
    Column("id", String(128), primary_key=True),  # document id + ":" + event id
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String(32)),
    Column("cameo", String(8)),
    Column("date", String(10), index=True),
    Column("status", String(16)),
    Column("confidence", Float),
    Column("intensity", Float),
    Column("source_ids", Text),  # JSON list
    Column("target_ids", Text),
    Column("source_names", Text),  # "; "-joined, for tables and CSV
    Column("target_names", Text),
    Column("source_country", String(3), index=True),
    Column("target_country", String(3), index=True),
    Column("source_sector", String(8)),
    Column("target_sector", String(8)),
    Column("place_id", Text),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("size", Integer),
    Column("evidence", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("story_id", String(64), index=True),
)
Index("ix_events_date_type", events.c.date, events.c.type)
Index("ix_events_lat_lon", events.c.lat, events.c.lon)

actors = Table(
    "actors",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(128), primary_key=True, index=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16)),
    Column("country", String(3), index=True),
    Column("sector", String(8)),
    Column("role", Text),
    Column("mentions", Integer),
)

places = Table(
    "places",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", String(128), primary_key=True, index=True),
    Column("name", Text, nullable=False),
    Column("country", String(3), index=True),
    Column("admin1", Text),
    Column("feature", String(16)),
    Column("lat", Float),
    Column("lon", Float),
    Column("mentions", Integer),
)

quotes = Table(
    "quotes",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("speaker", Text, index=True),
    Column("speaker_name", Text),
    Column("text", Text, nullable=False),
    Column("direct", Integer),
    Column("start", Integer),
    Column("end", Integer),
)

claims = Table(
    "claims",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("subject", Text, nullable=False),
    Column("attribute", String(64), index=True),
    Column("value", Float),
    Column("unit", String(32)),
    Column("approximate", Integer),
    Column("evidence", Text),
    Column("start", Integer),
    Column("end", Integer),
)

threats = Table(
    "threats",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("holder_ids", Text),
    Column("source_ids", Text),
    Column("target_ids", Text),
    Column("holder_names", Text),
    Column("source_names", Text),
    Column("target_names", Text),
    Column("kinds", Text),  # JSON list
    Column("level", String(16)),
    Column("date", String(10), index=True),
    Column("evidence", Text),
    Column("start", Integer),
    Column("end", Integer),
)
