"""Flattening one document record into the rows of the store's projection tables."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table

from tocsin.indicators.scale import intensity
from tocsin.knowledge.base import Knowledge
from tocsin.record import DocumentRecord, Event
from tocsin.store import schema


def _names(record: DocumentRecord, ids: list[str]) -> str:
    out = []
    for i in ids:
        ref = record.actor(i) or record.place(i)
        out.append(ref.name if ref else i)
    return "; ".join(out)


def _first(record: DocumentRecord, ids: list[str], field: str) -> str | None:
    for i in ids:
        ref = record.actor(i) or record.place(i)
        value: str | None = getattr(ref, field, None) if ref else None
        if value:
            return value
    return None


def event_row(record: DocumentRecord, ev: Event, knowledge: Knowledge | None = None) -> dict[str, Any]:
    place = record.place(ev.place) if ev.place else None
    mag = ev.magnitude
    return {
        "id": f"{record.id}:{ev.id}",
        "doc_id": record.id,
        "type": ev.type,
        "mode": ev.mode,
        "cameo": ev.cameo,
        "date": ev.date,
        "status": ev.status,
        "confidence": ev.confidence,
        "intensity": intensity(ev.type, ev.mode, ev.status, knowledge=knowledge),
        "source_ids": json.dumps(ev.source),
        "target_ids": json.dumps(ev.target),
        "source_names": _names(record, ev.source),
        "target_names": _names(record, ev.target),
        "source_country": _first(record, ev.source, "country"),
        "target_country": _first(record, ev.target, "country"),
        "source_sector": _first(record, ev.source, "sector"),
        "target_sector": _first(record, ev.target, "sector"),
        "place_id": ev.place,
        "place_name": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "killed": mag.killed if mag else None,
        "injured": mag.injured if mag else None,
        "size": mag.size if mag else None,
        "evidence": ev.evidence.sentence,
        "start": ev.evidence.start,
        "end": ev.evidence.end,
        "story_id": None,
    }


def row_sets(record: DocumentRecord, knowledge: Knowledge | None = None) -> list[tuple[Table, list[dict[str, Any]]]]:
    rid = record.id
    return [
        (schema.events, [event_row(record, e, knowledge) for e in record.events]),
        (
            schema.actors,
            [
                {
                    "doc_id": rid,
                    "actor_id": a.id,
                    "name": a.name,
                    "kind": a.kind,
                    "country": a.country,
                    "sector": a.sector,
                    "role": a.role,
                    "mentions": len(a.mentions),
                }
                for a in record.actors
            ],
        ),
        (
            schema.places,
            [
                {
                    "doc_id": rid,
                    "place_id": p.id,
                    "name": p.name,
                    "country": p.country,
                    "admin1": p.admin1,
                    "feature": p.feature,
                    "lat": p.lat,
                    "lon": p.lon,
                    "mentions": len(p.mentions),
                }
                for p in record.places
            ],
        ),
        (
            schema.quotes,
            [
                {
                    "doc_id": rid,
                    "idx": i,
                    "speaker": q.speaker,
                    "speaker_name": q.speaker_name,
                    "text": q.text,
                    "direct": int(q.direct),
                    "start": q.start,
                    "end": q.end,
                }
                for i, q in enumerate(record.quotes)
            ],
        ),
        (
            schema.claims,
            [
                {
                    "doc_id": rid,
                    "idx": i,
                    "subject": c.subject,
                    "attribute": c.attribute,
                    "value": c.value,
                    "unit": c.unit,
                    "approximate": int(c.approximate),
                    "evidence": c.evidence.sentence,
                    "start": c.evidence.start,
                    "end": c.evidence.end,
                }
                for i, c in enumerate(record.claims)
            ],
        ),
        (
            schema.threats,
            [
                {
                    "doc_id": rid,
                    "idx": i,
                    "holder_ids": json.dumps(t.holder),
                    "source_ids": json.dumps(t.source),
                    "target_ids": json.dumps(t.target),
                    "holder_names": _names(record, t.holder),
                    "source_names": _names(record, t.source),
                    "target_names": _names(record, t.target),
                    "kinds": json.dumps(t.kinds),
                    "level": t.level,
                    "date": t.date,
                    "evidence": t.evidence.sentence,
                    "start": t.evidence.start,
                    "end": t.evidence.end,
                }
                for i, t in enumerate(record.threats)
            ],
        ),
    ]
