"""The store's tables. Documents hold the full record as JSON; the other tables are flat,
indexed projections of it that the API, indicators and exports query.

Every table is declared here on one ``MetaData`` so ``create_all`` builds a complete store
on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text

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
    Column("seq", Integer, index=True),  # the order documents were stored in (ties of ingested_at broken)
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
Index("ix_events_date_id", events.c.date, events.c.id)  # newest-first pages

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

# -- across sources: near-duplicates, stories, claim reconciliation ----------------------
# MinHash signatures of each document's cleaned text, and their LSH band buckets: a new
# document finds its near-duplicates with one indexed lookup, whatever the store's size.
# No foreign key: rows are written just before their document (see stories/duplicates.py).
minhashes = Table(
    "minhashes",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, primary_key=True),
    Column("bucket", String(40), primary_key=True),
    Column("doc_id", String(64), primary_key=True),
)

# One row per happening, however many articles report it (see stories/merge.py).
stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("quad_class", String(24), nullable=False, index=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String(32)),
    Column("cameo", String(8)),
    Column("status", String(16)),
    Column("date", String(10), index=True),  # the most precise date any source gives
    Column("day", String(10), index=True),  # the day the series count it on; NULL when undated
    Column("source_ids", Text),  # JSON lists, the union over the members
    Column("target_ids", Text),
    Column("source_names", Text),
    Column("target_names", Text),
    Column("source_countries", Text),  # JSON lists of ISO-3 codes
    Column("target_countries", Text),
    Column("source_country", String(3), index=True),
    Column("target_country", String(3), index=True),
    Column("source_sector", String(8)),
    Column("target_sector", String(8)),
    Column("place_id", Text),  # the most precise place any source gives
    Column("place_name", Text),
    Column("place_feature", String(16)),
    Column("place_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("intensity", Float),
    Column("confidence", Float),
    Column("headline", Text),  # the evidence sentence of the first report
    Column("n_events", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_original", Integer, nullable=False),  # articles that are not near-duplicates
    Column("n_sources", Integer, nullable=False),  # distinct outlets (or domains)
    Column("outlets", Text),  # JSON list
    Column("first_reported", String(32), index=True),
    Column("last_reported", String(32)),
    Column("updated_at", String(32)),
)

story_members = Table(
    "story_members",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("doc_id", String(64), nullable=False, index=True),
    Column("counted", Integer, nullable=False),  # 0 when the article is a near-duplicate
    Column("source_countries", Text),  # JSON lists: every country on each side of the event
    Column("target_countries", Text),
    Column("swapped", Integer),  # 1 when the event names the story's sides the other way round
)

# Numeric claims on the same subject and attribute that differ beyond the tolerance.
disagreements = Table(
    "disagreements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("subject", Text, nullable=False),
    Column("attribute", String(64), nullable=False, index=True),
    Column("unit", String(32)),
    Column("doc_a", String(64), nullable=False, index=True),
    Column("idx_a", Integer, nullable=False),
    Column("value_a", Float),
    Column("evidence_a", Text),
    Column("start_a", Integer),
    Column("end_a", Integer),
    Column("doc_b", String(64), nullable=False, index=True),
    Column("idx_b", Integer, nullable=False),
    Column("value_b", Float),
    Column("evidence_b", Text),
    Column("start_b", Integer),
    Column("end_b", Integer),
    Column("relative_difference", Float),
    Column("found_at", String(32)),
)

# -- the store's own description ------------------------------------------------------
# ``schema_version`` tells a Tocsin store from any other database and refuses one made by
# a newer release; see store/setup.py.
store_meta = Table(
    "tocsin_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Tables other parts keep in the store, declared beside the code that uses them.
from tocsin.notify import tables as _notify_tables  # noqa: E402, F401
from tocsin.watch import tables as _watch_tables  # noqa: E402, F401
