"""A generated store for timing the API at scale: invented rows written straight into the
tables in bulk (not analysed articles), shaped like a store that ingest fills.

Documents arrive day by day over three years from sixty outlets of unequal size; one in
twelve is a near-duplicate of an article of the same days. Each event either reports a
happening already told in the last ``WINDOW`` days (it joins that story, as story merging
would join it) or a new one, so stories gather one to a dozen events from several
articles (about three on average). A few escalations (``BURSTS``: one country acting on
another, mostly by force, for one to three weeks) raise some series above their past, so
that the alerts have real periods to find. Actors are drawn with a long tail (a few are
named in thousands of events, most in a handful), a quarter of the original articles
carry a threat statement, and the kept series, alert tests, tallies and network are made
from all of it as ingest keeps them (``indicators/upkeep.py``, ``store/tallies.py``,
``store/network.py``). What only ingest reads (the stories' blocking keys, MinHash signatures, claim keys) is left out.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import time
from collections import defaultdict
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection

from tocsin.indicators import upkeep
from tocsin.indicators.scale import intensity, quad_class, threat_intensity
from tocsin.record import EVENT_TYPES, THREAT_KINDS, THREAT_LEVELS
from tocsin.store import Store, actor_lookup, network, schema, tallies

COUNTRIES = ["TJK", "AFG", "UZB", "KGZ", "KAZ", "TKM", "RUS", "CHN", "IRN", "PAK"]
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365
WINDOW = 3  # days a story stays open to new reports
JOIN = 0.55  # the share of an original article's events that report a story already open
DUPLICATES = 1 / 12
THREATS = 0.25
ACTORS = 2000  # per country; actor k is drawn with weight 1 / (k + 1)
BURSTS = 24
BATCH = 20_000
_ACTOR_WEIGHTS = list(itertools.accumulate(1 / (k + 1) for k in range(ACTORS)))
_OUTLET_WEIGHTS = list(itertools.accumulate(1 / (k + 1) for k in range(60)))


def _draw(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


class Generator:
    def __init__(self, n_events: int, per_doc: int, seed: int):
        self.rng = random.Random(seed)
        self.n_docs = (n_events + per_doc - 1) // per_doc
        self.n_events, self.per_doc = n_events, per_doc
        self.places = [(f"geo:{i}", f"Place {i}", random.Random(i).uniform(30, 50), random.Random(-i).uniform(55, 80))
                       for i in range(400)]  # fmt: skip
        self.bursts: list[tuple[int, int, str, str]] = []
        for _ in range(BURSTS):
            start = self.rng.randrange(60, DAYS - 21)  # after a baseline has built up
            one, other = self.rng.sample(COUNTRIES, 2)
            self.bursts.append((start, start + self.rng.randint(7, 21), one, other))
        self.open: dict[str, dict[str, Any]] = {}  # story id -> the story as it grows
        self.n_stories = 0
        self.counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])

    # -- what is invented -------------------------------------------------------------
    def _actor(self, country: str) -> str:
        return f"actor:{country}:{_draw(self.rng, _ACTOR_WEIGHTS)}"

    def _new_story(self, day: int) -> dict[str, Any]:
        rng = self.rng
        burst = next((b for b in self.bursts if b[0] <= day < b[1] and rng.random() < 0.04), None)
        if burst:
            src, tgt, type_ = burst[2], burst[3], rng.choice(["ASSAULT", "COERCE", "THREATEN", "MOBILIZE"])
        else:
            src, tgt = rng.sample(COUNTRIES, 2)
            type_ = rng.choice(EVENT_TYPES)
        self.n_stories += 1
        place = rng.choice(self.places)
        iso = (FIRST_DAY + timedelta(days=day)).isoformat()
        return {
            "id": f"story{self.n_stories:07d}", "opened": day, "type": type_, "day": iso, "src": src, "tgt": tgt,
            "sid": self._actor(src), "tid": self._actor(tgt), "place": place, "intensity": intensity(type_),
            "events": 0, "docs": set(), "original": set(), "outlets": [], "headline": None,
            "first": iso, "last": iso,
        }  # fmt: skip

    def _story_for(self, day: int, joins: bool) -> dict[str, Any]:
        if joins and self.open:
            return self.open[self.rng.choice(list(self.open))]
        story = self._new_story(day)
        self.open[story["id"]] = story
        return story

    def document(self, d: int, day: int, original: str | None) -> tuple[dict, list[dict], list[dict], list[dict]]:
        """One document, its events, their story memberships and its threat statements."""
        rng = self.rng
        doc_id, iso = f"bench{d:07d}", (FIRST_DAY + timedelta(days=day)).isoformat()
        outlet = _draw(rng, _OUTLET_WEIGHTS)
        doc = {"id": doc_id, "title": f"Synthetic report {d}", "published": iso, "ingested_at": iso, "seq": d + 1,
               "outlet": f"Outlet {outlet}", "domain": f"outlet{outlet}.example",
               "url": f"https://outlet{outlet}.example/news/{d}", "duplicate_of": original,
               "text": "synthetic", "record": json.dumps({"id": doc_id})}  # fmt: skip
        events, members = [], []
        for k in range(self.per_doc):
            story = self._story_for(day, original is not None or rng.random() < JOIN)
            src, tgt, place = story["src"], story["tgt"], story["place"]
            evidence = f"Synthetic sentence {d}.{k} about {src} and {tgt}."
            events.append({
                "id": f"{doc_id}:e{k}", "doc_id": doc_id, "type": story["type"], "date": story["day"],
                "status": "occurred", "confidence": 0.8, "intensity": story["intensity"],
                "source_ids": json.dumps([story["sid"]]), "target_ids": json.dumps([story["tid"]]),
                "source_names": story["sid"], "target_names": story["tid"], "source_country": src,
                "target_country": tgt, "place_id": place[0], "place_name": place[1], "lat": place[2],
                "lon": place[3], "evidence": evidence, "start": 0, "end": len(evidence), "story_id": story["id"],
            })  # fmt: skip
            members.append({"event_id": f"{doc_id}:e{k}", "story_id": story["id"], "doc_id": doc_id,
                            "counted": int(original is None), "source_countries": json.dumps([src]),
                            "target_countries": json.dumps([tgt]), "swapped": 0})  # fmt: skip
            story["events"] += 1
            story["docs"].add(doc_id)
            if original is None:
                story["original"].add(doc_id)
            if doc["outlet"] not in story["outlets"]:
                story["outlets"].append(doc["outlet"])
            story["headline"] = story["headline"] or evidence
            story["last"] = max(story["last"], iso)
        threats = []
        if original is None and rng.random() < THREATS:
            src, tgt = rng.sample(COUNTRIES, 2)
            threats.append({
                "doc_id": doc_id, "idx": 0, "holder_ids": json.dumps([self._actor(tgt)]),
                "source_ids": json.dumps([self._actor(src)]), "target_ids": json.dumps([f"country:{tgt}"]),
                "kinds": json.dumps([rng.choice(THREAT_KINDS)]), "level": rng.choice(THREAT_LEVELS),
                "date": iso if rng.random() < 0.7 else None, "evidence": f"Synthetic warning {d}.",
                "start": 0, "end": 20,
            })  # fmt: skip
        return doc, events, members, threats

    def closed(self, day: int | None) -> list[dict[str, Any]]:
        """The stories no report can join any more (all of them when ``day`` is None)."""
        done = [s for s in self.open.values() if day is None or s["opened"] <= day - WINDOW]
        for story in done:
            del self.open[story["id"]]
        return done

    # -- what is kept -----------------------------------------------------------------
    def story_row(self, s: dict[str, Any]) -> dict[str, Any]:
        place = s["place"]
        return {
            "id": s["id"], "quad_class": quad_class(s["type"]), "type": s["type"], "status": "occurred",
            "date": s["day"], "day": s["day"], "source_ids": json.dumps([s["sid"]]),
            "target_ids": json.dumps([s["tid"]]), "source_names": s["sid"], "target_names": s["tid"],
            "source_countries": json.dumps([s["src"]]), "target_countries": json.dumps([s["tgt"]]),
            "source_country": s["src"], "target_country": s["tgt"], "place_id": place[0],
            "place_name": place[1], "place_feature": "city", "place_country": s["tgt"], "lat": place[2],
            "lon": place[3], "intensity": s["intensity"], "confidence": 0.8, "headline": s["headline"],
            "n_events": s["events"], "n_articles": len(s["docs"]), "n_original": len(s["original"]),
            "n_sources": len(s["outlets"]), "outlets": json.dumps(s["outlets"]), "first_reported": s["first"],
            "last_reported": s["last"], "updated_at": s["last"],
        }  # fmt: skip

    def story_series(self, row: dict[str, Any]) -> list[dict]:
        """What a story row adds to the series, as ``upkeep.story_changed`` keeps it."""
        return self.series_rows(row["id"], upkeep.story_items(SimpleNamespace(**row)), row["day"])

    def series_rows(self, item: str, items: list[upkeep.Item], day: str | None = None) -> list[dict]:
        """What an item adds to the series (``series_items``, with the day a story is listed
        by), summed into ``counts``."""
        out = []
        for series, period, start, value in items:
            out.append({"item": item, "series": series, "period": period, "start": start, "value": value, "day": day})
            kept = self.counts[(series, period, start)]
            kept[0] += 1
            kept[1] += max(0, -value)
            kept[2] += max(0, value)
        return out


def _threat_points(threats: list[dict], published: str) -> tuple[list[dict], dict[tuple[str, str, str], int]]:
    """Threat statements by kind, day (their own, else their article's) and sides, and the
    value of each group (its first statement's, by document and order), as
    ``upkeep.threats_added`` keeps them."""
    points: list[dict[str, Any]] = []
    groups: dict[tuple[str, str, str], int] = {}
    for t in threats:
        day = t["date"] or published
        sides = json.dumps([json.loads(t["holder_ids"]), json.loads(t["source_ids"]), json.loads(t["target_ids"])])
        value = round(threat_intensity(t["level"]) * 100)
        for kind in json.loads(t["kinds"]):
            points.append({"doc_id": t["doc_id"], "idx": t["idx"], "kind": kind, "day": day, "sides": sides,
                           "value": value})  # fmt: skip
            groups.setdefault((kind, day, sides), value)
    return points, groups


def bulk(conn: Connection, table: str, rows: list[dict]) -> None:
    """Rows written through the driver (COPY on PostgreSQL): millions of rows through
    SQLAlchemy's per-row parameter handling would take longer than the timing itself."""
    if not rows:
        return
    columns = [c.name for c in schema.metadata.tables[table].columns]
    values = [tuple(r.get(c) for c in columns) for r in rows]
    names = ", ".join(f'"{c}"' for c in columns)
    driver = conn.connection.driver_connection
    assert driver is not None  # an open connection has its driver's
    if conn.dialect.name == "postgresql":
        with driver.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
        return
    marks = ", ".join("?" for _ in columns)
    driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)


def fill(db: str, n_events: int, per_doc: int = 6, seed: int = 7) -> float:
    """A store of ``n_events`` invented events with their stories, threat statements, kept
    series, alert tests and tallies (see the module's docstring); returns the seconds it took."""
    gen = Generator(n_events, per_doc, seed)
    rng = gen.rng
    days = sorted(rng.randrange(DAYS) for _ in range(gen.n_docs))
    store = Store.open(db)
    start = time.perf_counter()
    pending: dict[str, list[dict]] = defaultdict(list)
    recent: list[tuple[int, str]] = []  # (day, id) of the last original articles
    groups: dict[tuple[str, str, str], int] = {}

    def flush(conn: Connection) -> None:
        for table in ("documents", "events", "story_members", "threats", "stories", "threat_points", "series_items"):
            bulk(conn, table, pending.pop(table, []))

    with store.engine.begin() as conn:
        for d, day in enumerate(days):
            if d and day != days[d - 1]:
                for story in gen.closed(day):
                    row = gen.story_row(story)
                    pending["stories"].append(row)
                    pending["series_items"] += gen.story_series(row)
            recent = [r for r in recent[-50:] if r[0] >= day - WINDOW]
            original = recent[rng.randrange(len(recent))][1] if recent and rng.random() < DUPLICATES else None
            doc, events, members, threats = gen.document(d, day, original)
            if original is None:
                recent.append((day, doc["id"]))
            pending["documents"].append(doc)
            pending["events"] += events
            pending["story_members"] += members
            pending["threats"] += threats
            points, found = _threat_points(threats, doc["published"])
            pending["threat_points"] += points
            for key, value in found.items():
                groups.setdefault(key, value)
            if len(pending["events"]) >= BATCH:
                flush(conn)
        for story in gen.closed(None):
            row = gen.story_row(story)
            pending["stories"].append(row)
            pending["series_items"] += gen.story_series(row)
        for (kind, when, sides), value in groups.items():
            buckets = [(f"kind:{kind}", p, s, value) for p, s in upkeep.buckets_of(when)]
            pending["series_items"] += gen.series_rows(upkeep.threat_group(kind, when, sides), buckets)
        flush(conn)
        counts = [{"series": k[0], "period": k[1], "start": k[2], "count": v[0], "conflict": v[1], "cooperation": v[2]}
                  for k, v in gen.counts.items()]  # fmt: skip
        bulk(conn, "series_counts", counts)
    with store.writing() as conn:
        upkeep.retest_all(conn)
        tallies.rebuild(conn)
        network.rebuild(conn)
        actor_lookup.rebuild(conn)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    store.close()
    return time.perf_counter() - start
