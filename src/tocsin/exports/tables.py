"""Flat event and story tables, as CSV and Parquet, with column names a GDELT or POLECAT
user will recognise. Every column is listed in ``EVENT_COLUMNS``/``STORY_COLUMNS`` with its
Arrow type, and documented in docs/exports.md."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import and_, select

from tocsin.indicators.scale import quad_class
from tocsin.store import Store, schema

TXT, NUM, INT = pa.string(), pa.float64(), pa.int64()
EVENT_COLUMNS: dict[str, pa.DataType] = {
    "event_id": TXT, "story_id": TXT, "doc_id": TXT, "duplicate_of": TXT,
    "event_date": TXT, "date_precision": TXT, "published": TXT, "date_added": TXT,
    "event_type": TXT, "event_mode": TXT, "cameo_code": TXT, "quad_class": TXT, "intensity": NUM,
    "status": TXT, "confidence": NUM,
    "source_actor": TXT, "source_actor_ids": TXT, "source_country": TXT, "source_sector": TXT,
    "target_actor": TXT, "target_actor_ids": TXT, "target_country": TXT, "target_sector": TXT,
    "place_id": TXT, "place_name": TXT, "place_country": TXT, "admin1": TXT, "feature": TXT,
    "latitude": NUM, "longitude": NUM, "killed": INT, "injured": INT, "size": INT,
    "story_num_articles": INT, "story_num_sources": INT,
    "source_url": TXT, "outlet": TXT, "domain": TXT, "evidence": TXT, "evidence_start": INT, "evidence_end": INT,
}  # fmt: skip
STORY_COLUMNS: dict[str, pa.DataType] = {
    "story_id": TXT, "story_date": TXT, "date_precision": TXT, "day": TXT, "first_reported": TXT, "last_reported": TXT,
    "event_type": TXT, "event_mode": TXT, "cameo_code": TXT, "quad_class": TXT, "intensity": NUM,
    "status": TXT, "confidence": NUM,
    "source_actor": TXT, "source_actor_ids": TXT, "source_countries": TXT, "source_country": TXT, "source_sector": TXT,
    "target_actor": TXT, "target_actor_ids": TXT, "target_countries": TXT, "target_country": TXT, "target_sector": TXT,
    "place_id": TXT, "place_name": TXT, "place_country": TXT, "feature": TXT, "latitude": NUM, "longitude": NUM,
    "killed": INT, "injured": INT,
    "num_events": INT, "num_articles": INT, "num_original_articles": INT, "num_sources": INT,
    "outlets": TXT, "urls": TXT, "doc_ids": TXT, "headline": TXT,
}  # fmt: skip
PRECISION = {4: "year", 7: "month", 10: "day"}


def _ids(raw: str | None) -> str:
    return ";".join(json.loads(raw or "[]"))


def event_rows(store: Store) -> Iterator[dict]:
    """Every coded event of every stored article (near-duplicates included, marked by
    ``duplicate_of``; count stories, not these rows), oldest article first."""
    e, d, p, s = schema.events, schema.documents, schema.places, schema.stories
    query = (
        select(
            e,
            d.c.duplicate_of,
            d.c.published,
            d.c.ingested_at,
            d.c.url,
            d.c.outlet,
            d.c.domain,
            p.c.country.label("place_country"),
            p.c.admin1,
            p.c.feature,
            s.c.n_articles,
            s.c.n_sources,
        )
        .join(d, d.c.id == e.c.doc_id)
        .outerjoin(p, and_(p.c.doc_id == e.c.doc_id, p.c.place_id == e.c.place_id))
        .outerjoin(s, s.c.id == e.c.story_id)
        .order_by(d.c.ingested_at, e.c.id)
    )
    with store.engine.connect() as conn:
        for r in conn.execute(query).mappings():
            yield {
                "event_id": r["id"],
                "story_id": r["story_id"],
                "doc_id": r["doc_id"],
                "duplicate_of": r["duplicate_of"],
                "event_date": r["date"],
                "date_precision": PRECISION.get(len(r["date"] or "")),
                "published": r["published"],
                "date_added": r["ingested_at"],
                "event_type": r["type"],
                "event_mode": r["mode"],
                "cameo_code": r["cameo"],
                "quad_class": quad_class(r["type"]),
                "intensity": r["intensity"],
                "status": r["status"],
                "confidence": r["confidence"],
                "source_actor": r["source_names"],
                "source_actor_ids": _ids(r["source_ids"]),
                "source_country": r["source_country"],
                "source_sector": r["source_sector"],
                "target_actor": r["target_names"],
                "target_actor_ids": _ids(r["target_ids"]),
                "target_country": r["target_country"],
                "target_sector": r["target_sector"],
                "place_id": r["place_id"],
                "place_name": r["place_name"],
                "place_country": r["place_country"],
                "admin1": r["admin1"],
                "feature": r["feature"],
                "latitude": r["lat"],
                "longitude": r["lon"],
                "killed": r["killed"],
                "injured": r["injured"],
                "size": r["size"],
                "story_num_articles": r["n_articles"],
                "story_num_sources": r["n_sources"],
                "source_url": r["url"],
                "outlet": r["outlet"],
                "domain": r["domain"],
                "evidence": r["evidence"],
                "evidence_start": r["start"],
                "evidence_end": r["end"],
            }


def _story_documents(store: Store) -> dict[str, list[tuple[str, str | None]]]:
    m, d = schema.story_members.c, schema.documents.c
    out: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(m.story_id, m.doc_id, d.url)
            .join(schema.documents, d.id == m.doc_id)
            .distinct()
            .order_by(m.story_id, m.doc_id)
        )
        for story_id, doc_id, url in rows:
            out[story_id].append((doc_id, url))
    return out


def story_rows(store: Store) -> Iterator[dict]:
    """One row per story, in day order."""
    docs = _story_documents(store)
    s = schema.stories
    with store.engine.connect() as conn:
        rows = conn.execute(select(s).order_by(s.c.day, s.c.id)).mappings().all()
    for r in rows:
        members = docs.get(r["id"], [])
        yield {
            "story_id": r["id"],
            "story_date": r["date"],
            "date_precision": PRECISION.get(len(r["date"] or "")),
            "day": r["day"],
            "first_reported": r["first_reported"],
            "last_reported": r["last_reported"],
            "event_type": r["type"],
            "event_mode": r["mode"],
            "cameo_code": r["cameo"],
            "quad_class": r["quad_class"],
            "intensity": r["intensity"],
            "status": r["status"],
            "confidence": r["confidence"],
            "source_actor": r["source_names"],
            "source_actor_ids": _ids(r["source_ids"]),
            "source_countries": _ids(r["source_countries"]),
            "source_country": r["source_country"],
            "source_sector": r["source_sector"],
            "target_actor": r["target_names"],
            "target_actor_ids": _ids(r["target_ids"]),
            "target_countries": _ids(r["target_countries"]),
            "target_country": r["target_country"],
            "target_sector": r["target_sector"],
            "place_id": r["place_id"],
            "place_name": r["place_name"],
            "place_country": r["place_country"],
            "feature": r["place_feature"],
            "latitude": r["lat"],
            "longitude": r["lon"],
            "killed": r["killed"],
            "injured": r["injured"],
            "num_events": r["n_events"],
            "num_articles": r["n_articles"],
            "num_original_articles": r["n_original"],
            "num_sources": r["n_sources"],
            "outlets": _ids(r["outlets"]),
            "urls": ";".join(u for _, u in members if u),
            "doc_ids": ";".join(d for d, _ in members),
            "headline": r["headline"],
        }


def _csv(rows: Iterator[dict], columns: dict, out: IO) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def _parquet(rows: Iterator[dict], columns: dict, out: IO) -> int:
    arrow_schema = pa.schema(list(columns.items()))
    table = pa.Table.from_pylist(list(rows), schema=arrow_schema)
    pq.write_table(table, out)
    return table.num_rows


def write_events_csv(store: Store, out: IO) -> int:
    return _csv(event_rows(store), EVENT_COLUMNS, out)


def write_events_parquet(store: Store, out: IO) -> int:
    return _parquet(event_rows(store), EVENT_COLUMNS, out)


def write_stories_csv(store: Store, out: IO) -> int:
    return _csv(story_rows(store), STORY_COLUMNS, out)


def write_stories_parquet(store: Store, out: IO) -> int:
    return _parquet(story_rows(store), STORY_COLUMNS, out)
