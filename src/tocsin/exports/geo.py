"""GeoJSON of a store: one point per located event, one per known place (RFC 7946:
coordinates are [longitude, latitude]). Each feature's ``kind`` says which it is."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import IO

from sqlalchemy import select

from tocsin.exports.tables import event_rows
from tocsin.query import Filter
from tocsin.store import Store, schema

EVENT_PROPERTIES = (
    "event_id", "story_id", "doc_id", "duplicate_of", "event_date", "event_type", "event_mode", "cameo_code",
    "quad_class", "intensity", "status", "source_actor", "source_country", "target_actor", "target_country",
    "place_id", "place_name", "killed", "injured", "source_url", "outlet", "evidence",
)  # fmt: skip


def _point(lon: float, lat: float, properties: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def place_features(store: Store) -> list[dict]:
    """Each place with coordinates, once, with how many articles, events and stories name it."""
    p, e = schema.places.c, schema.events.c
    places: dict[str, dict] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    with store.engine.connect() as conn:
        for row in conn.execute(select(schema.places).where(p.lat.is_not(None), p.lon.is_not(None))).mappings():
            places.setdefault(row["place_id"], dict(row))
            docs[row["place_id"]].add(row["doc_id"])
        events: dict[str, list[str | None]] = defaultdict(list)
        for place_id, story_id in conn.execute(select(e.place_id, e.story_id).where(e.place_id.is_not(None))):
            events[place_id].append(story_id)
    out = []
    for place_id, r in sorted(places.items()):
        stories = {s for s in events.get(place_id, []) if s}
        out.append(
            _point(
                r["lon"],
                r["lat"],
                {
                    "kind": "place",
                    "place_id": place_id,
                    "name": r["name"],
                    "country": r["country"],
                    "admin1": r["admin1"],
                    "feature": r["feature"],
                    "num_articles": len(docs[place_id]),
                    "num_events": len(events.get(place_id, [])),
                    "num_stories": len(stories),
                },
            )
        )
    return out


def write_geojson(store: Store, out: IO, flt: Filter | None = None) -> int:
    """Located events matching the filter, and the known places (only those of the matching
    events when a filter is given)."""
    features = [
        _point(row["longitude"], row["latitude"], {"kind": "event", **{k: row[k] for k in EVENT_PROPERTIES}})
        for row in event_rows(store, flt)
        if row["latitude"] is not None and row["longitude"] is not None
    ]
    places = place_features(store)
    if flt is not None and flt.given():
        used = {f["properties"]["place_id"] for f in features}
        places = [f for f in places if f["properties"]["place_id"] in used]
    features += places
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
