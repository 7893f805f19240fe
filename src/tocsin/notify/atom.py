"""The Atom feed of alerts (RFC 4287): what ``watch`` raised, newest first, and the alerts
of the latest period that nothing has raised yet (a store filled by ``tocsin ingest``).

Built with ElementTree, so every text from an article is escaped; only http(s) links are
written."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from sqlalchemy import select

from tocsin.indicators.alerts import list_alerts
from tocsin.notify import messages
from tocsin.notify.tables import raised
from tocsin.store import Store

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 100


def _entry_id(key: str) -> str:
    return "urn:tocsin:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def entries(store: Store, limit: int = LIMIT) -> list[tuple[str, dict]]:
    """(raised at, payload), newest first."""
    with store.engine.connect() as conn:
        query = select(raised.c.raised_at, raised.c.payload).order_by(raised.c.raised_at.desc()).limit(limit)
        rows = conn.execute(query)
        found = [(when, json.loads(payload)) for when, payload in rows]
    keys = {p["key"] for _, p in found}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    live = [messages.alert_payload(a) for a in list_alerts(store)]
    return [(now, p) for p in live if p["key"] not in keys] + found


def feed(store: Store, self_url: str) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    items = entries(store)
    ET.SubElement(root, f"{{{ATOM}}}title").text = "Tocsin alerts"
    ET.SubElement(root, f"{{{ATOM}}}id").text = "urn:tocsin:alerts"
    ET.SubElement(root, f"{{{ATOM}}}updated").text = items[0][0] if items else "1970-01-01T00:00:00+00:00"
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=self_url)
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Tocsin"
    for when, payload in items:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _entry_id(payload["key"])
        ET.SubElement(entry, f"{{{ATOM}}}title").text = payload["title"]
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = when
        ET.SubElement(entry, f"{{{ATOM}}}category", term=payload["type"])
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = messages.as_text(payload)
        links = [link for story in payload.get("stories", []) for link in story.get("links", [])]
        for link in dict.fromkeys(links + payload.get("links", [])):
            if messages.safe_link(link):
                ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=link)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
