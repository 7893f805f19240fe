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
# The columns naming an events- or stories-shaped row's sides, where a filter by actor looks.
SIDES = ("source_ids", "target_ids", "source_names", "target_names")
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

Index("ix_stories_day_id", stories.c.day, stories.c.id)  # the first stories of a period, in order

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

# What each story's members say, summed up (value counts, firsts, counts; JSON), so that a
# report joining a story updates the story without reading its other members (see
# stories/aggregate.py).
story_aggregates = Table(
    "story_aggregates",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
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
    # One row per pair of stories, attribute and subject (see stories/reconcile.py): the
    # stories of claims a and b, and how many disagreeing pairs of claims are behind it.
    Column("story_a", String(64), index=True),
    Column("story_b", String(64), index=True),
    Column("pairs", Integer, nullable=False, server_default="1"),
)

# -- kept so that neither ingest nor the API has to scan what is stored -----------------
# Each story under every actor id and country it names, with the days it covers: the
# stories a new report may join are found through one index (see stories/blocking.py).
story_keys = Table(
    "story_keys",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("lo", String(10), primary_key=True),  # the first day covered
    Column("hi", String(10), nullable=False),  # the last day covered (at most 31 days on)
    Column("quad_class", String(24), nullable=False),
)
Index("ix_story_keys_lookup", story_keys.c.quad_class, story_keys.c.key, story_keys.c.lo)

# What each item (a story, or a group of threat statements counted once) adds to each
# indicator series, and the series' sums per period, kept up to date as items change
# (see indicators/upkeep.py). Intensities are kept in hundredths, as integers, so that
# adding and taking away never drifts.
series_items = Table(
    "series_items",
    metadata,
    Column("item", String(200), primary_key=True),
    Column("series", String(64), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("start", String(10), nullable=False),
    Column("value", Integer, nullable=False),
    # The day a story is listed by among its period's (its ``stories.day``): the index below
    # gives a period's items, and its first stories by day then id, without reading stories.
    # NULL for a group of threat statements (listed by its key).
    Column("day", String(10)),
)
Index(
    "ix_series_items_first",
    series_items.c.series,
    series_items.c.period,
    series_items.c.start,
    series_items.c.day,
    series_items.c.item,
)

series_counts = Table(
    "series_counts",
    metadata,
    Column("series", String(64), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("start", String(10), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("conflict", Integer, nullable=False),  # hundredths: the sum of the negative intensities, as a magnitude
    Column("cooperation", Integer, nullable=False),  # hundredths: the sum of the positive intensities
)

# The original articles behind each period of a story series, and their outlets, counted
# as stories gain and lose articles (see indicators/upkeep.py): ``items`` is how many of the
# period's stories an article is behind, ``docs`` how many of its articles an outlet wrote,
# and ``item_docs`` the articles each story was last counted with.
item_docs = Table(
    "item_docs",
    metadata,
    Column("item", String(200), primary_key=True),
    Column("doc_id", String(64), primary_key=True),
    Column("outlet", String(300), nullable=False),
)
period_docs = Table(
    "period_docs",
    metadata,
    Column("series", String(64), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("start", String(10), primary_key=True),
    Column("doc_id", String(64), primary_key=True),
    Column("items", Integer, nullable=False),
)
period_outlets = Table(
    "period_outlets",
    metadata,
    Column("series", String(64), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("start", String(10), primary_key=True),
    Column("outlet", String(300), primary_key=True),
    Column("docs", Integer, nullable=False),
)

# Periods of a series that depart from its recent past (before the article check): one
# row per series, period kind, period start and measure, kept as the series change.
alert_periods = Table(
    "alert_periods",
    metadata,
    Column("series", String(64), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("start", String(10), primary_key=True),
    Column("measure", String(16), primary_key=True),
    Column("z", Float, nullable=False),
    Column("value", Float, nullable=False),
    Column("median", Float, nullable=False),
    Column("mad", Float, nullable=False),
    Column("baseline", Text, nullable=False),  # JSON list
    Column("articles", Integer, nullable=False),  # original articles behind the period's items
    Column("outlets", Integer, nullable=False),
)
Index("ix_alert_periods_period", alert_periods.c.period, alert_periods.c.start)

# Threat statements of original articles by kind, day and sides: the threat-kind series
# count each (kind, day, sides) once, however many outlets carry it.
threat_points = Table(
    "threat_points",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("sides", Text, nullable=False),  # JSON [holder ids, source ids, target ids]
    Column("value", Integer, nullable=False),  # hundredths
)
Index("ix_threat_points_group", threat_points.c.kind, threat_points.c.day)

# Each original article's claims under every key of their subject (see stories/reconcile.py):
# a new claim is compared only with claims of the same attribute that share a key and were
# reported within the reconciliation window.
claim_keys = Table(
    "claim_keys",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("attribute", String(64), nullable=False),
    Column("day", String(10), nullable=False),  # the day its article reported
)
Index("ix_claim_keys_lookup", claim_keys.c.attribute, claim_keys.c.key, claim_keys.c.day)

# Counts of the events by facet, period and place, kept as documents are written and
# stories change, so that facets, the timeline, the map and the summary read a few rows
# instead of counting the events (see store/tallies.py). ``scope`` is "" for every event,
# or a country code for the events with that country on either side.
tallies = Table(
    "tallies",
    metadata,
    Column("scope", String(8), primary_key=True),
    Column("facet", String(16), primary_key=True),
    Column("value", String(300), primary_key=True),
    Column("events", Integer, nullable=False),  # events (documents, for the actors and places facets)
    Column("documents", Integer, nullable=False),
    Column("stories", Integer, nullable=False),  # distinct stories (the timeline's facets only)
    Column("intensity_sum", Float, nullable=False),
    Column("intensity_n", Integer, nullable=False),
    Column("intensity_min", Float),
    Column("killed", Integer, nullable=False),
    Column("killed_n", Integer, nullable=False),
    Column("latest", String(10)),
    Column("label", Text),
)
Index("ix_tallies_top", tallies.c.scope, tallies.c.facet, tallies.c.events)

# Which timeline tallies each story has events in, so that a story is counted once per
# period however many of its events fall there.
story_periods = Table(
    "story_periods",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("scope", String(8), primary_key=True),
    Column("facet", String(16), primary_key=True),
    Column("value", String(300), primary_key=True),
)

# Who each event names, kept so that a filter by actor reads a few index entries instead of
# every event's sides (``store/actor_lookup.py``): ``actor_terms`` holds each distinct piece
# of the events' side columns (an actor's id or name), ``event_actors`` the events naming it.
actor_terms = Table(
    "actor_terms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("term", Text, nullable=False),
)
# A hash index on PostgreSQL: a btree refuses entries over a few kilobytes, and a name is
# only ever looked up whole. Distinct terms are kept by the writer, which holds the write lock.
Index("ix_actor_terms_term", actor_terms.c.term, postgresql_using="hash")

event_actors = Table(
    "event_actors",
    metadata,
    Column("term_id", Integer, primary_key=True),
    Column("event_id", String(128), primary_key=True),
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
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
from tocsin.store import network as _network_tables  # noqa: E402, F401
from tocsin.watch import tables as _watch_tables  # noqa: E402, F401
