"""Exports of a store: the document records as JSON Lines, and (registered by the
modules that build them) flat tables, GeoJSON and the actor network."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

from tocsin.exports import geo, network, tables
from tocsin.store import Store

Writer = Callable[[Store, IO], int]  # writes to a text stream, returns how many items


def write_jsonl(store: Store, out: IO) -> int:
    n = 0
    for record in store.records():
        out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
        n += 1
    return n


# Text formats write to a text stream; binary ones (Parquet) are listed in BINARY.
FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "events-csv": tables.write_events_csv,
    "events-parquet": tables.write_events_parquet,
    "stories-csv": tables.write_stories_csv,
    "stories-parquet": tables.write_stories_parquet,
    "geojson": geo.write_geojson,
    "graphml": network.write_graphml,
}
BINARY: set[str] = {"events-parquet", "stories-parquet"}
