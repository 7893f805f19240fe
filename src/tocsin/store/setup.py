"""Making, recognising and upgrading a store, in one place.

A database becomes a Tocsin store the first time Tocsin opens it empty: every table of
``schema.metadata`` is created and ``tocsin_meta`` records the schema version. Later
opens check that version first, without writing anything:

* a store of this version is used as it is;
* an older store is upgraded in one transaction (a store made before versions were
  recorded is version 1);
* a store made by a newer Tocsin, or a database that holds other tables, is refused
  with a ``StoreError`` and left exactly as it was (not even its journal mode changes).

Creation and upgrades run inside the store's writer lock, so two processes opening one
new store at once do not both create it. Tables another module adds to
``schema.metadata`` are created the same way, on any store that lacks them.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from tocsin.store import schema

VERSION = 9
# Tables every Tocsin store has had since the first release.
CORE = {"documents", "events", "actors", "places", "quotes", "claims", "threats"}


class StoreError(Exception):
    """A store that cannot be used, with a one-line reason for the user."""


def stored_version(conn: Connection) -> int | None:
    """The schema version of the database on ``conn``; None if it is empty. Raises
    ``StoreError`` when it holds tables but is not a Tocsin store."""
    names = set(inspect(conn).get_table_names())
    if schema.store_meta.name in names:
        value = conn.execute(
            select(schema.store_meta.c.value).where(schema.store_meta.c.key == "schema_version")
        ).scalar()
        try:
            return int(value if value is not None else "")
        except ValueError:
            raise StoreError("its tocsin_meta table names no schema version; it was not made by Tocsin") from None
    if names >= CORE:
        return 1
    if names - {"sqlite_sequence", "sqlite_stat1"}:
        shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
        raise StoreError(f"it is not a Tocsin store (it holds other tables: {shown}); nothing was changed")
    return None


def needs_work(conn: Connection) -> bool:
    """True when the store must be created, upgraded or given a table it lacks."""
    version = stored_version(conn)
    if version is not None and version > VERSION:
        raise StoreError(
            f"it was made by a newer Tocsin (schema {version}; this one knows up to {VERSION}); nothing was changed"
        )
    if version != VERSION:
        return True
    names = set(inspect(conn).get_table_names())
    return not set(schema.metadata.tables) <= names


def prepare(conn: Connection) -> bool:
    """Create or upgrade the store on ``conn`` (inside the writer lock); True if it was new."""
    version = stored_version(conn)
    if version is not None and version > VERSION:
        raise StoreError(f"it was made by a newer Tocsin (schema {version}); nothing was changed")
    lacking = set(schema.metadata.tables) - set(inspect(conn).get_table_names())
    schema.metadata.create_all(conn)  # only the tables that are missing
    if version is not None and "network_tallies" in lacking:
        from tocsin.store import network

        network.rebuild(conn)  # a store made before the network was kept: made here from its stories
    if version is not None and "event_actors" in lacking:
        from tocsin.store import actor_lookup

        actor_lookup.rebuild(conn)  # version 8: who each event names, made here from the events
        if conn.dialect.name == "postgresql":  # the planner's estimates for tables filled at once
            conn.execute(text("ANALYZE actor_terms"))
            conn.execute(text("ANALYZE event_actors"))
    if version is not None and "story_aggregates" in lacking:
        from tocsin.stories import merge

        merge.rebuild_aggregates(conn)  # version 9: what each story's members say, counted here from them
    for index in schema.stories.indexes:  # an index added to a table the store already has
        index.create(conn, checkfirst=True)
    if version == 1:
        _upgrade_1_to_2(conn)
    if version in (1, 2):
        _upgrade_2_to_3(conn)
    if version in (1, 2, 3):
        _upgrade_3_to_4(conn)
    substring_indexes(conn)  # version 5; on any store that lacks them
    if version is not None and version < 6:
        _upgrade_5_to_6(conn)
    if version is not None and version < 7:
        _upgrade_6_to_7(conn)
    conn.execute(schema.store_meta.delete().where(schema.store_meta.c.key == "schema_version"))
    conn.execute(schema.store_meta.insert().values(key="schema_version", value=str(VERSION)))
    return version is None


def _upgrade_1_to_2(conn: Connection) -> None:
    """Version 2 numbers documents in the order they were stored (``documents.seq``), and
    lets a story be undated (``stories.day`` may be NULL)."""
    _relax_story_day(conn)
    columns = {c["name"] for c in inspect(conn).get_columns("documents")}
    if "seq" not in columns:
        conn.execute(text("ALTER TABLE documents ADD COLUMN seq INTEGER"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_seq ON documents (seq)"))
    d = schema.documents.c
    ids = conn.execute(select(d.id).order_by(d.ingested_at, d.id)).scalars().all()
    for n, doc_id in enumerate(ids, start=1):
        conn.execute(schema.documents.update().where(d.id == doc_id).values(seq=n))


def _upgrade_2_to_3(conn: Connection) -> None:
    """Version 3 keeps what ingest and the API used to recompute by scanning: the stories'
    blocking keys, the indicator series and alert tests, the threat groups and the claims'
    subject keys (all built here from what is stored)."""
    from tocsin.indicators import upkeep
    from tocsin.stories import blocking, reconcile
    from tocsin.stories.merge import story_report

    conn.execute(schema.story_keys.delete())
    for row in conn.execute(select(schema.stories)).all():
        blocking.index(conn, row.id, story_report(row))
    upkeep.rebuild(conn)
    reconcile.rebuild(conn)


def _upgrade_3_to_4(conn: Connection) -> None:
    """Version 4 keeps the events' counts by facet, period and place, and the summary's
    totals (see store/tallies.py), made here from what is stored."""
    from tocsin.store import tallies

    tallies.rebuild(conn)


def _upgrade_5_to_6(conn: Connection) -> None:
    """Version 6 stores disagreements once per pair of stories (``stories/reconcile.py``):
    each row names its two stories and counts the pairs of claims behind it. Rows found
    before stay as they were, each one pair of claims without its stories. It also keeps
    the articles and outlets behind each period of a series (``indicators/upkeep.py``),
    counted here from the kept series."""
    from tocsin.indicators import upkeep

    columns = {c["name"] for c in inspect(conn).get_columns("disagreements")}
    for name, kind in (("story_a", "VARCHAR(64)"), ("story_b", "VARCHAR(64)"), ("pairs", "INTEGER NOT NULL DEFAULT 1")):
        if name not in columns:
            conn.execute(text(f"ALTER TABLE disagreements ADD COLUMN {name} {kind}"))
    for name in ("story_a", "story_b"):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_disagreements_{name} ON disagreements ({name})"))
    upkeep.count_all_documents(conn)


def _upgrade_6_to_7(conn: Connection) -> None:
    """Version 7 keeps, beside each story a series counts, the story's day
    (``series_items.day``), and indexes a period's items by day then id
    (``ix_series_items_first``, which replaces ``ix_series_items_bucket``), so that an
    alert's first stories are read from the index alone (``indicators/alerts.py``). A story
    adds at most ``network.SIDE`` actors a side to the kept network: the stories naming more
    have theirs made again."""
    conn.execute(text("DROP INDEX IF EXISTS ix_series_items_bucket"))  # before the rows are written again
    columns = {c["name"] for c in inspect(conn).get_columns("series_items")}
    if "day" not in columns:
        conn.execute(text("ALTER TABLE series_items ADD COLUMN day VARCHAR(10)"))
    if conn.dialect.name == "postgresql":
        conn.execute(text("UPDATE series_items si SET day = s.day FROM stories s WHERE s.id = si.item"))
    else:
        conn.execute(
            text(
                "UPDATE series_items SET day = (SELECT s.day FROM stories s WHERE s.id = series_items.item) "
                "WHERE series NOT LIKE 'kind:%'"
            )
        )
    for index in schema.series_items.indexes:
        index.create(conn, checkfirst=True)
    from tocsin.store import network

    network.bounded(conn)


# Columns searched for any part of their text (an actor named by part of its name or id).
SUBSTRING_SEARCHED = {
    "events": ("source_ids", "target_ids", "source_names", "target_names"),
    "stories": ("source_ids", "target_ids", "source_names", "target_names"),
}


# Tables whose sides (ids and names, ``query.filters.SIDES``) are searched as one text.
SIDES_SEARCHED = ("events", "stories")


def substring_indexes(conn: Connection) -> None:
    """Version 5 indexes, on PostgreSQL, the columns searched by substring with trigram
    indexes (``pg_trgm``), so that a name matching few rows is found without reading every
    row. Where the extension cannot be installed (a role not allowed to), the store works
    as before and such searches read every row, as they do on SQLite."""
    if conn.dialect.name != "postgresql":
        return
    opclass = _trigram_opclass(conn)
    if opclass is None:
        return
    for table, columns in SUBSTRING_SEARCHED.items():
        for column in columns:
            conn.execute(
                text(f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_trgm ON {table} USING gin ({column} {opclass})")
            )
    from tocsin.query.filters import sides_sql

    for table in SIDES_SEARCHED:  # version 7: the four sides searched together, one index read instead of four
        conn.execute(
            text(f"CREATE INDEX IF NOT EXISTS ix_{table}_sides_trgm ON {table} USING gin (({sides_sql()}) {opclass})")
        )
    # version 8: the distinct actors the events name (store/actor_lookup.py), searched by part
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_actor_terms_trgm ON actor_terms USING gin (term {opclass})"))


def _trigram_opclass(conn: Connection) -> str | None:
    """``pg_trgm``'s GIN operator class, named with the schema the extension lives in
    (installing it if it is available and this role may), or None."""
    find = text(
        "SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'"
    )
    where = conn.execute(find).scalar()
    if where is None:
        try:
            with conn.begin_nested():  # a refusal must not abort the store's own transaction
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except DBAPIError:
            return None
        where = conn.execute(find).scalar()
    return f'"{where}".gin_trgm_ops' if where else None


def _relax_story_day(conn: Connection) -> None:
    """Drop NOT NULL from ``stories.day``: in place on PostgreSQL; SQLite cannot alter a
    column, so the table is rebuilt under its own name and its rows copied across."""
    day = next(c for c in inspect(conn).get_columns("stories") if c["name"] == "day")
    if day["nullable"]:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(text("ALTER TABLE stories ALTER COLUMN day DROP NOT NULL"))
        return
    conn.execute(text("ALTER TABLE stories RENAME TO stories_before_2"))
    for index in inspect(conn).get_indexes("stories_before_2"):
        conn.execute(text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
    schema.stories.create(conn)
    columns = ", ".join(f'"{c["name"]}"' for c in inspect(conn).get_columns("stories_before_2"))
    conn.execute(text(f"INSERT INTO stories ({columns}) SELECT {columns} FROM stories_before_2"))
    conn.execute(text("DROP TABLE stories_before_2"))


def describe(engine: Engine) -> str:
    """The store's address without a password, for messages."""
    return engine.url.render_as_string(hide_password=True).removeprefix("sqlite:///")
