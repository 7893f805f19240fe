"""The flat tables every download is made of: one documented column set per table, shared
by ``tocsin export``, the listing commands' ``--format csv|json``, the API's ``.csv`` and
``.json`` downloads, the dashboard's download buttons and the Python API.

A table is its columns (name → kind) and a function giving its rows for a ``Filter``. The
kinds say how each writer renders a cell: ``text``, ``int``, ``float``, ``date`` (ISO 8601 at
the precision the source gives: ``2025``, ``2025-03`` or ``2025-03-18``), ``timestamp``,
``list`` (of texts). Every column is documented in docs/exports.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import and_, select

from tocsin.indicators.scale import quad_class
from tocsin.query import Filter, every
from tocsin.query.documents import page_documents
from tocsin.query.entities import page_actors, page_places
from tocsin.query.events import event_clauses
from tocsin.query.statements import page_claims, page_quotes, page_threats
from tocsin.query.stories import flat_disagreement, network_edges, page_disagreements, story_clauses
from tocsin.store import Store, schema

Rows = Callable[..., Iterable[dict]]


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, str]  # column -> kind
    rows: Rows  # rows(store, flt, **options)
    description: str
    options: tuple[str, ...] = ()  # keyword options beyond the Filter (alerts: period, at, history)


def _cols(spec: str) -> dict[str, str]:
    """``"name:kind name:kind ..."`` (kind ``text`` when left out) as a dict."""
    out = {}
    for item in spec.split():
        name, _, kind = item.partition(":")
        out[name] = kind or "text"
    return out


EVENT_COLUMNS = _cols("""
    event_id story_id doc_id duplicate_of event_date:date date_precision published:date date_added:timestamp
    event_type event_mode cameo_code quad_class intensity:float status confidence:float
    source_actor source_actor_ids:list source_country source_sector
    target_actor target_actor_ids:list target_country target_sector
    place_id place_name place_country admin1 feature latitude:float longitude:float
    killed:int injured:int size:int story_num_articles:int story_num_sources:int
    source_url outlet domain evidence evidence_start:int evidence_end:int
""")
STORY_COLUMNS = _cols("""
    story_id story_date:date date_precision day:date first_reported:date last_reported:date
    event_type event_mode cameo_code quad_class intensity:float status confidence:float
    source_actor source_actor_ids:list source_countries:list source_country source_sector
    target_actor target_actor_ids:list target_countries:list target_country target_sector
    place_id place_name place_country feature latitude:float longitude:float killed:int injured:int
    num_events:int num_articles:int num_original_articles:int num_sources:int
    outlets:list urls:list doc_ids:list headline
""")
DOCUMENT_COLUMNS = _cols("""
    doc_id title published:date outlet domain url language duplicate_of num_events:int num_actors:int
""")
ALERT_COLUMNS = _cols("""
    series measure period label value:float baseline_median:float baseline_mad:float z:float threshold:float
    explanation story_ids:list
""")
DISAGREEMENT_COLUMNS = _cols("""
    disagreement_id subject attribute unit relative_difference:float pairs:int
    value_a:float doc_id_a story_id_a outlet_a published_a:date url_a evidence_a
    value_b:float doc_id_b story_id_b outlet_b published_b:date url_b evidence_b found_at:timestamp
""")
THREAT_COLUMNS = _cols("""
    doc_id threat_index:int threat_date:date level kinds:list holder holder_ids:list source source_ids:list
    target target_ids:list evidence evidence_start:int evidence_end:int
""")
NETWORK_COLUMNS = _cols("""
    source_id source_name source_country target_id target_name target_country stories:int intensity_mean:float
""")
ACTOR_COLUMNS = _cols("actor_id name kind country sector num_documents:int mentions:int")
PLACE_COLUMNS = _cols(
    "place_id name country admin1 feature latitude:float longitude:float num_documents:int mentions:int"
)
QUOTE_COLUMNS = _cols("doc_id quote_index:int speaker_id speaker text direct:bool start:int end:int")
CLAIM_COLUMNS = _cols("""
    doc_id claim_index:int subject attribute value:float unit approximate:bool evidence
    evidence_start:int evidence_end:int
""")
PRECISION = {4: "year", 7: "month", 10: "day"}


def _ids(raw: str | None) -> list[str]:
    return json.loads(raw or "[]")


# -- events and stories ------------------------------------------------------------------------
def event_rows(store: Store, flt: Filter | None = None) -> Iterator[dict]:
    """Every coded event matching the filter (near-duplicate articles included, marked by
    ``duplicate_of``; count stories, not these rows), newest event date first."""
    e, d, p, s = schema.events, schema.documents, schema.places, schema.stories
    query = (
        select(
            e, d.c.duplicate_of, d.c.published, d.c.ingested_at, d.c.url, d.c.outlet, d.c.domain,
            p.c.country.label("place_country"), p.c.admin1, p.c.feature, s.c.n_articles, s.c.n_sources,
        )
        .join(d, d.c.id == e.c.doc_id)
        .outerjoin(p, and_(p.c.doc_id == e.c.doc_id, p.c.place_id == e.c.place_id))
        .outerjoin(s, s.c.id == e.c.story_id)
        .where(*event_clauses(flt or Filter(), store))
        .order_by(e.c.date.desc().nulls_last(), e.c.id)
    )  # fmt: skip
    knowledge = store.knowledge
    with store.engine.connect() as conn:
        for r in conn.execute(query).mappings():
            yield {
                "event_id": r["id"], "story_id": r["story_id"], "doc_id": r["doc_id"],
                "duplicate_of": r["duplicate_of"], "event_date": r["date"],
                "date_precision": PRECISION.get(len(r["date"] or "")), "published": r["published"],
                "date_added": r["ingested_at"], "event_type": r["type"], "event_mode": r["mode"],
                "cameo_code": r["cameo"], "quad_class": quad_class(r["type"], knowledge), "intensity": r["intensity"],
                "status": r["status"], "confidence": r["confidence"],
                "source_actor": r["source_names"], "source_actor_ids": _ids(r["source_ids"]),
                "source_country": r["source_country"], "source_sector": r["source_sector"],
                "target_actor": r["target_names"], "target_actor_ids": _ids(r["target_ids"]),
                "target_country": r["target_country"], "target_sector": r["target_sector"],
                "place_id": r["place_id"], "place_name": r["place_name"], "place_country": r["place_country"],
                "admin1": r["admin1"], "feature": r["feature"], "latitude": r["lat"], "longitude": r["lon"],
                "killed": r["killed"], "injured": r["injured"], "size": r["size"],
                "story_num_articles": r["n_articles"], "story_num_sources": r["n_sources"],
                "source_url": r["url"], "outlet": r["outlet"], "domain": r["domain"], "evidence": r["evidence"],
                "evidence_start": r["start"], "evidence_end": r["end"],
            }  # fmt: skip


def _story_documents(store: Store, story_ids: list[str]) -> dict[str, list[tuple[str, str | None]]]:
    m, d = schema.story_members.c, schema.documents.c
    out: dict[str, list[tuple[str, str | None]]] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(m.story_id, m.doc_id, d.url)
            .join(schema.documents, d.id == m.doc_id)
            .where(m.story_id.in_(story_ids))
            .distinct()
            .order_by(m.story_id, m.doc_id)
        )
        for story_id, doc_id, url in rows:
            out.setdefault(story_id, []).append((doc_id, url))
    return out


def story_rows(store: Store, flt: Filter | None = None, batch: int = 500) -> Iterator[dict]:
    """One row per story matching the filter, newest day first."""
    s = schema.stories
    query = select(s).where(*story_clauses(flt or Filter())).order_by(s.c.day.desc(), s.c.id)
    with store.engine.connect() as conn:
        result = conn.execute(query).mappings()
        while chunk := result.fetchmany(batch):
            docs = _story_documents(store, [r["id"] for r in chunk])
            for r in chunk:
                members = docs.get(r["id"], [])
                yield {
                    "story_id": r["id"], "story_date": r["date"],
                    "date_precision": PRECISION.get(len(r["date"] or "")), "day": r["day"],
                    "first_reported": (r["first_reported"] or "")[:10] or None,
                    "last_reported": (r["last_reported"] or "")[:10] or None,
                    "event_type": r["type"], "event_mode": r["mode"], "cameo_code": r["cameo"],
                    "quad_class": r["quad_class"], "intensity": r["intensity"], "status": r["status"],
                    "confidence": r["confidence"],
                    "source_actor": r["source_names"], "source_actor_ids": _ids(r["source_ids"]),
                    "source_countries": _ids(r["source_countries"]), "source_country": r["source_country"],
                    "source_sector": r["source_sector"],
                    "target_actor": r["target_names"], "target_actor_ids": _ids(r["target_ids"]),
                    "target_countries": _ids(r["target_countries"]), "target_country": r["target_country"],
                    "target_sector": r["target_sector"],
                    "place_id": r["place_id"], "place_name": r["place_name"], "place_country": r["place_country"],
                    "feature": r["place_feature"], "latitude": r["lat"], "longitude": r["lon"],
                    "killed": r["killed"], "injured": r["injured"],
                    "num_events": r["n_events"], "num_articles": r["n_articles"],
                    "num_original_articles": r["n_original"], "num_sources": r["n_sources"],
                    "outlets": _ids(r["outlets"]), "urls": [u for _, u in members if u],
                    "doc_ids": [d for d, _ in members], "headline": r["headline"],
                }  # fmt: skip


# -- the other tables ----------------------------------------------------------------------------
def document_rows(store: Store, flt: Filter | None = None) -> Iterator[dict]:
    for r in every(page_documents, store, flt or Filter()):
        yield {
            "doc_id": r["id"], "title": r["title"], "published": r["published"], "outlet": r["outlet"],
            "domain": r["domain"], "url": r["url"], "language": r["language"], "duplicate_of": r["duplicate_of"],
            "num_events": r["events"], "num_actors": r["actors"],
        }  # fmt: skip


def alert_rows(
    store: Store, flt: Filter | None = None, period: str = "week", at: str | None = None, history: bool = False
) -> Iterator[dict]:
    from tocsin.indicators.alerts import list_alerts

    flt = flt or Filter()
    for a in list_alerts(store, period=period, at=at, country=flt.country, history=history, limit=100_000, shown=None):
        if flt.since and a["period"] < flt.since or flt.until and a["period"] > flt.until + "~":
            continue
        yield {k: a.get(k) for k in ALERT_COLUMNS if k != "story_ids"} | {
            "story_ids": [s.get("id") or s.get("doc_id") for s in a.get("stories", [])]
        }


def disagreement_rows(
    store: Store, flt: Filter | None = None, attribute: str | None = None, subject: str | None = None
) -> Iterator[dict]:
    flt = flt or Filter()
    for d in every(page_disagreements, store, flt, attribute, subject):
        flat = flat_disagreement(d)
        yield {"disagreement_id": flat["id"]} | {c: flat.get(c) for c in DISAGREEMENT_COLUMNS if c != "disagreement_id"}


def threat_rows(
    store: Store, flt: Filter | None = None, kind: str | None = None, level: str | None = None
) -> Iterator[dict]:
    flt = flt or Filter()
    for t in every(page_threats, store, flt.actor, kind, level, flt.q, flt.doc_id, flt.since, flt.until):
        yield {
            "doc_id": t["doc_id"], "threat_index": t["idx"], "threat_date": t["date"], "level": t["level"],
            "kinds": _ids(t["kinds"]), "holder": t["holder_names"], "holder_ids": _ids(t["holder_ids"]),
            "source": t["source_names"], "source_ids": _ids(t["source_ids"]), "target": t["target_names"],
            "target_ids": _ids(t["target_ids"]), "evidence": t["evidence"], "evidence_start": t["start"],
            "evidence_end": t["end"],
        }  # fmt: skip


def network_rows(store: Store, flt: Filter | None = None) -> Iterator[dict]:
    yield from network_edges(store, flt)


def actor_rows(store: Store, flt: Filter | None = None, kind: str | None = None) -> Iterator[dict]:
    flt = flt or Filter()
    for r in every(page_actors, store, flt.country, flt.q or flt.actor, kind):
        yield {"actor_id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"],
               "sector": r["sector"], "num_documents": r["documents"], "mentions": r["mentions"]}  # fmt: skip


def place_rows(store: Store, flt: Filter | None = None) -> Iterator[dict]:
    flt = flt or Filter()
    for r in every(page_places, store, flt.country, flt.q, flt.bbox):
        yield {"place_id": r["id"], "name": r["name"], "country": r["country"], "admin1": r["admin1"],
               "feature": r["feature"], "latitude": r["lat"], "longitude": r["lon"], "num_documents": r["documents"],
               "mentions": r["mentions"]}  # fmt: skip


def quote_rows(store: Store, flt: Filter | None = None) -> Iterator[dict]:
    flt = flt or Filter()
    for r in every(page_quotes, store, flt.actor, flt.q, flt.doc_id, flt.since, flt.until):
        yield {"doc_id": r["doc_id"], "quote_index": r["idx"], "speaker_id": r["speaker"],
               "speaker": r["speaker_name"], "text": r["text"],
               "direct": None if r["direct"] is None else bool(r["direct"]), "start": r["start"],
               "end": r["end"]}  # fmt: skip


def claim_rows(store: Store, flt: Filter | None = None, attribute: str | None = None) -> Iterator[dict]:
    flt = flt or Filter()
    for r in every(page_claims, store, attribute, flt.q, flt.doc_id, flt.since, flt.until):
        yield {"doc_id": r["doc_id"], "claim_index": r["idx"], "subject": r["subject"], "attribute": r["attribute"],
               "value": r["value"], "unit": r["unit"],
               "approximate": None if r["approximate"] is None else bool(r["approximate"]),
               "evidence": r["evidence"], "evidence_start": r["start"], "evidence_end": r["end"]}  # fmt: skip


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("events", EVENT_COLUMNS, event_rows, "one row per coded event of every article"),
        Table("stories", STORY_COLUMNS, story_rows, "one row per story: a happening, however many report it"),
        Table("documents", DOCUMENT_COLUMNS, document_rows, "one row per stored article"),
        Table("alerts", ALERT_COLUMNS, alert_rows, "periods that depart from their series' recent past",
              ("period", "at", "history")),
        Table("disagreements", DISAGREEMENT_COLUMNS, disagreement_rows,
              "numbers on which two sources disagree, each side with its evidence", ("attribute", "subject")),
        Table("threats", THREAT_COLUMNS, threat_rows, "threat assessments: who holds them, about whom",
              ("kind", "level")),
        Table("network", NETWORK_COLUMNS, network_rows, "who acted on whom: one row per directed actor pair"),
        Table("actors", ACTOR_COLUMNS, actor_rows, "actors across documents, the most reported first", ("kind",)),
        Table("places", PLACE_COLUMNS, place_rows, "places across documents, the most reported first"),
        Table("quotes", QUOTE_COLUMNS, quote_rows, "direct and reported speech with its speaker"),
        Table("claims", CLAIM_COLUMNS, claim_rows, "numeric claims with their evidence", ("attribute",)),
    )
}  # fmt: skip
