"""What is sent: each alert or alarm as one JSON payload (the webhook's body, the Atom
entry's and the email's source), under a key that names it for good."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlalchemy import select

from tocsin.store import Store, schema


def safe_link(url: str | None) -> str | None:
    """Only http(s) addresses leave Tocsin as links: an article's URL is untrusted."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def alert_key(alert: dict) -> str:
    return f"alert:{alert['series']}:{alert['measure']}:{alert.get('period_kind', 'week')}:{alert['period']}"


def _links(urls) -> list[str]:
    return [u for u in (safe_link(x) for x in urls) if u]


def _story(s: dict) -> dict:
    """A story behind an alert (or, for a threat-kind series, a threat statement)."""
    if "id" not in s:
        return {"doc_id": s.get("doc_id"), "headline": s.get("evidence"), "links": _links([s.get("url")])}
    return {
        "id": s["id"],
        "day": s.get("day"),
        "type": s.get("type"),
        "headline": s.get("headline"),
        "sources": s.get("source_names"),
        "targets": s.get("target_names"),
        "place": s.get("place_name"),
        "links": _links(s.get("links", [])),
    }


def alert_payload(alert: dict) -> dict:
    stories = [_story(s) for s in alert["stories"]]
    return {
        "type": "alert",
        "key": alert_key(alert),
        "title": alert["explanation"].split(";")[0],
        "summary": alert["explanation"],
        "series": alert["series"],
        "measure": alert["measure"],
        "period": alert["period"],
        "label": alert["label"],
        "statistics": {
            "value": alert["value"],
            "baseline": alert["baseline"],
            "median": alert["baseline_median"],
            "mad": alert["baseline_mad"],
            "z": alert["z"],
            "threshold": alert["threshold"],
            "text": alert["statistics"],
        },
        "stories": stories,
    }


def alarms(store: Store, doc_ids: list[str]) -> list[dict]:
    """The threat statements at level ``alarm`` in these (original) documents, as payloads."""
    if not doc_ids:
        return []
    t, d = schema.threats.c, schema.documents.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(t.doc_id, t.idx, t.kinds, t.holder_names, t.target_names, t.evidence, d.url, d.title, d.outlet)
            .join(schema.documents, d.id == t.doc_id)
            .where(t.doc_id.in_(doc_ids), t.level == "alarm", d.duplicate_of.is_(None))
            .order_by(t.doc_id, t.idx)
        ).mappings()
        out = []
        for r in rows:
            kinds = ", ".join(k.replace("_", " ") for k in json.loads(r["kinds"] or "[]"))
            who = r["holder_names"] or r["outlet"] or "A source"
            out.append(
                {
                    "type": "threat",
                    "key": f"threat:{r['doc_id']}:{r['idx']}",
                    "title": f"Alarm ({kinds}): {who}",
                    "summary": f"{who} warns of {kinds}: “{r['evidence']}”",
                    "doc_id": r["doc_id"],
                    "article": r["title"],
                    "outlet": r["outlet"],
                    "links": _links([r["url"]]),
                }
            )
    return out


def as_text(payload: dict) -> str:
    """The email body: the plain words, then each story with its links."""
    lines = [payload["summary"], ""]
    for story in payload.get("stories", []):
        lines.append(f"- {story.get('day') or ''} {story.get('headline') or ''}".rstrip())
        lines += [f"  {link}" for link in story.get("links", [])]
    lines += [f"  {link}" for link in payload.get("links", [])]
    if "statistics" in payload:
        lines += ["", f"({payload['statistics']['text']})"]
    return "\n".join(lines).strip() + "\n"
