"""What a story says, kept as a summary of its members so that a report joining it costs
the same whatever the story's size.

A story's row (``merge``) is made from its members: the type most of its reports give, the
most precise place and date, the union of its sides, its outlets and sources, its counts.
Reading every member again each time one joins costs as much as the story is big, and a
few stories gather hundreds of reports. So each story keeps an ``Aggregate``: for every
value its members give (a type, a mode, an actor id, a name, a country, a date, an outlet,
a source) how many members give it and the first member that did, and for what is taken
from one member (the place, the headline, the sectors) that member's values. A report that
joins adds its own values; two stories folded together add their aggregates. The story's
row is made from the aggregate alone, and it is the row a recount from the members makes:
ties are broken by the first member giving a value, members ordered by the day they were
reported, originals before copies, then event id (``member_key``), as a recount orders them.

What the story says comes from its original articles (``counted``); copies add articles,
outlets and sources. A story whose members are all copies (its originals deleted) says
what its copies say: its aggregate is made over all of them, and it is recounted from its
members whenever it changes (``over_copies``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from tocsin.indicators.dating import publication_day, story_day
from tocsin.indicators.scale import intensity
from tocsin.knowledge.base import Knowledge
from tocsin.store import schema
from tocsin.stories.matching import place_rank

MAX_CONFIDENCE = 0.99
Member = dict[str, Any]  # a member event's row, oriented as its story (see merge._members)
# Values counted over a story's (original) members, by kind: value -> [members giving it,
# [first member's key, the value's place among that member's values]].
COUNTED = (
    "type", "mode", "cameo", "status", "date", "source_ids", "target_ids", "source_names", "target_names",
    "source_countries", "target_countries",
)  # fmt: skip
SIDED = {"source_ids": "target_ids", "source_names": "target_names", "source_countries": "target_countries",
         "source_sector": "target_sector"}  # fmt: skip
SIDED |= {b: a for a, b in SIDED.items()}
PLACE = ("place_id", "place_name", "place_feature", "place_country", "lat", "lon")


def member_key(m: Member) -> str:
    """A member's place in the order ties are broken by: the day it was reported (always ten
    characters), originals before copies, then its event id."""
    return f"{m['reported']}{0 if m['counted'] else 1}{m['id']}"


@dataclass
class Aggregate:
    counts: dict[str, dict[str, list[Any]]] = field(default_factory=lambda: {kind: {} for kind in COUNTED})
    outlets: dict[str, str] = field(default_factory=dict)  # outlet (else domain) -> first member's key
    # source (outlet, else domain, else the original article) -> [members, first original's key, best confidence]
    sources: dict[str, list[Any]] = field(default_factory=dict)
    # taken from one member: "place" [rank, key, *PLACE], "headline" [key, evidence], "*_sector" [key, sector]
    firsts: dict[str, list[Any]] = field(default_factory=dict)
    pubday: str | None = None  # the earliest day-precise publication date of an original
    killed: int | None = None
    injured: int | None = None
    first: str | None = None  # the day reported first, and last
    last: str | None = None
    n_events: int = 0
    n_articles: int = 0
    n_original: int = 0

    @property
    def over_copies(self) -> bool:
        """True when the story has members but no original: its aggregate is over its copies."""
        return self.n_articles > 0 and self.n_events == 0

    # -- a member joins -------------------------------------------------------------------
    def add(self, m: Member, source: str, new_doc: bool, new_original: bool, as_counted: bool = False) -> None:
        """Add a member with its source (``merge._source_keys``); ``new_doc``: its article
        is new to the story (``new_original``: and is an original); ``as_counted``: count a
        copy as an original (a story of copies alone)."""
        key = member_key(m)
        outlet = m["outlet"] or m["domain"]
        if outlet:
            self.outlets[outlet] = min(self.outlets.get(outlet, key), key)
        kept = self.sources.setdefault(source, [0, None, None])
        kept[0] += 1
        self.first = min(self.first or m["reported"], m["reported"])
        self.last = max(self.last or m["reported"], m["reported"])
        self.n_events += 1 if m["counted"] else 0
        self.n_articles += int(new_doc)
        self.n_original += int(new_original)
        if m["counted"] or as_counted:
            kept[1] = min(kept[1] or key, key)
            kept[2] = max(kept[2] or 0.0, m["confidence"] or 0.0)
            self._said(m, key)

    def _said(self, m: Member, key: str) -> None:
        """What an original member says: its values counted, its place and firsts weighed."""
        type_ = m["type"]
        values: dict[str, list[str]] = {
            "type": [type_],
            "mode": [f"{type_}\t{m['mode']}"] if m["mode"] else [],
            "cameo": [f"{type_}\t{m['cameo']}"] if m["cameo"] else [],
            "status": [m["status"] or ""],
            "date": [m["date"]] if m["date"] else [],
            "source_countries": json.loads(m["src_countries"] or "[]"),
            "target_countries": json.loads(m["tgt_countries"] or "[]"),
        }
        for side in ("source", "target"):
            values[f"{side}_ids"] = json.loads(m[f"{side}_ids"] or "[]")
            values[f"{side}_names"] = [v for v in (m[f"{side}_names"] or "").split("; ") if v]
        for kind, given in values.items():  # a member's values tie in the order it gives them
            self._count(kind, {v: [key, i] for i, v in enumerate(dict.fromkeys(given))}, 1)
        rank = place_rank(m["place_feature"], m["lat"])
        self._weigh("place", [rank, key, *(m[c] for c in PLACE)])
        self._weigh("headline", [key, m["evidence"]])
        for sector in ("source_sector", "target_sector"):
            if m[sector]:
                self._weigh(sector, [key, m[sector]])
        day = publication_day(m["published"])
        if day:
            self.pubday = min(self.pubday or day, day)
        self.killed = _most(self.killed, m["killed"])
        self.injured = _most(self.injured, m["injured"])

    def _count(self, kind: str, values: dict[str, list[Any]], n: int) -> None:
        """``n`` more members give each value; ``values``: value -> [first member's key, the
        value's place among that member's values]."""
        kept = self.counts[kind]
        for value, first in values.items():
            there = kept.setdefault(value, [0, first])
            there[0] += n
            there[1] = min(there[1], first)

    def _weigh(self, what: str, candidate: list[Any]) -> None:
        """Keep ``candidate`` for ``what`` if it comes before the one kept: the first member
        (the place: the most precise, then the first)."""
        there = self.firsts.get(what)
        if what == "place":
            better = there is None or (-candidate[0], candidate[1]) < (-there[0], there[1])
        else:
            better = there is None or candidate[0] < there[0]
        if better:
            self.firsts[what] = candidate

    # -- two stories folded together ------------------------------------------------------
    def merge(self, other: Aggregate, shared_docs: int, shared_originals: int) -> None:
        """Add another story's aggregate (oriented as this story); ``shared_*``: the articles
        (and originals) both stories have members of, counted once."""
        for kind, values in other.counts.items():
            for value, (n, first) in values.items():
                self._count(kind, {value: first}, n)
        for outlet, key in other.outlets.items():
            self.outlets[outlet] = min(self.outlets.get(outlet, key), key)
        for source, (n, key, best) in other.sources.items():
            kept = self.sources.setdefault(source, [0, None, None])
            kept[0] += n
            kept[1] = min((k for k in (kept[1], key) if k), default=None)
            kept[2] = max((b for b in (kept[2], best) if b is not None), default=None)
        for what, candidate in other.firsts.items():
            self._weigh(what, candidate)
        self.pubday = min((d for d in (self.pubday, other.pubday) if d), default=None)
        self.killed, self.injured = _most(self.killed, other.killed), _most(self.injured, other.injured)
        self.first = min(d for d in (self.first, other.first) if d)
        self.last = max(d for d in (self.last, other.last) if d)
        self.n_events += other.n_events
        self.n_articles += other.n_articles - shared_docs
        self.n_original += other.n_original - shared_originals

    def flipped(self) -> Aggregate:
        """The same aggregate with its sides the other way round."""
        counts = {SIDED.get(kind, kind): values for kind, values in self.counts.items()}
        firsts = {SIDED.get(what, what): kept for what, kept in self.firsts.items()}
        return Aggregate(**{**asdict(self), "counts": counts, "firsts": firsts})

    # -- the story's row ----------------------------------------------------------------
    def columns(self, knowledge: Knowledge) -> dict[str, Any]:
        """The story's columns, as a recount from its members makes them."""
        counts = self.counts
        type_ = _ranked(counts["type"])[0]
        modes = _ranked({v.split("\t", 1)[1]: c for v, c in counts["mode"].items() if v.split("\t", 1)[0] == type_})
        cameos = [
            (v.split("\t", 1)[1], first) for v, (_, first) in counts["cameo"].items() if v.startswith(type_ + "\t")
        ]
        cameo = min(cameos, key=lambda c: (-len(c[0]), c[1]))[0] if cameos else None
        mode = modes[0] if modes else None
        statuses = counts["status"]
        status = "occurred" if "occurred" in statuses else (_ranked(statuses, first=True)[0] or None)
        story_date = self._date()
        src, tgt = _ranked(counts["source_countries"]), _ranked(counts["target_countries"])
        place = self.firsts["place"][2:]
        doubt = 1.0
        for _, _, best in sorted((v for v in self.sources.values() if v[1] is not None), key=lambda v: v[1]):
            doubt *= 1.0 - best
        return {
            "type": type_, "mode": mode, "cameo": cameo, "status": status, "date": story_date,
            "day": story_day(story_date, [self.pubday]),  # see indicators/dating.py
            "source_ids": json.dumps(_ranked(counts["source_ids"])),
            "target_ids": json.dumps(_ranked(counts["target_ids"])),
            "source_names": "; ".join(_ranked(counts["source_names"])),
            "target_names": "; ".join(_ranked(counts["target_names"])),
            "source_countries": json.dumps(src), "target_countries": json.dumps(tgt),
            "source_country": src[0] if src else None, "target_country": tgt[0] if tgt else None,
            "source_sector": self.firsts.get("source_sector", [None, None])[1],
            "target_sector": self.firsts.get("target_sector", [None, None])[1],
            **dict(zip(PLACE, place, strict=True)),
            "killed": self.killed, "injured": self.injured,
            "intensity": intensity(type_, mode, status or "", knowledge=knowledge),
            "confidence": round(min(MAX_CONFIDENCE, 1.0 - doubt), 3),
            "headline": self.firsts["headline"][1],
            "n_events": self.n_events, "n_articles": self.n_articles, "n_original": self.n_original,
            "n_sources": len(self.sources),
            "outlets": json.dumps(sorted(self.outlets, key=self.outlets.__getitem__)),
            "first_reported": self.first, "last_reported": self.last,
        }  # fmt: skip

    def _date(self) -> str | None:
        """The most precise date given, the most often given of those, the first on ties."""
        dates = self.counts["date"]
        if not dates:
            return None
        longest = max(len(d) for d in dates)
        return _ranked({d: c for d, c in dates.items() if len(d) == longest})[0]


def _ranked(values: dict[str, list[Any]], first: bool = False) -> list[str]:
    """Values most given first, then the first given (``first``: the first given alone)."""
    if first:
        return sorted(values, key=lambda v: values[v][1])
    return sorted(values, key=lambda v: (-values[v][0], values[v][1]))


def _most(a: int | None, b: int | None) -> int | None:
    return max((x for x in (a, b) if x is not None), default=None)


def of_members(rows: list[Member], sources: dict[str, str]) -> Aggregate:
    """A story's aggregate counted from its members (in any order), each article's source
    given (``merge._source_keys``)."""
    agg = Aggregate()
    over_copies = not any(r["counted"] for r in rows)
    docs: set[str] = set()
    originals: set[str] = set()
    for r in rows:
        doc = r["doc_id"]
        agg.add(r, sources[doc], doc not in docs, bool(r["counted"]) and doc not in originals, over_copies)
        docs.add(doc)
        if r["counted"]:
            originals.add(doc)
    return agg


# -- kept in the store ---------------------------------------------------------------------
def load(conn: Connection, story_id: str) -> Aggregate | None:
    a = schema.story_aggregates.c
    data = conn.execute(select(a.data).where(a.story_id == story_id)).scalar()
    return Aggregate(**json.loads(data)) if data else None


def save(conn: Connection, story_id: str, agg: Aggregate) -> None:
    a = schema.story_aggregates
    data = json.dumps(asdict(agg), separators=(",", ":"))
    if not conn.execute(update(a).where(a.c.story_id == story_id).values(data=data)).rowcount:
        conn.execute(insert(a).values(story_id=story_id, data=data))


def forget(conn: Connection, story_id: str) -> None:
    conn.execute(delete(schema.story_aggregates).where(schema.story_aggregates.c.story_id == story_id))
