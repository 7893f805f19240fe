"""Indicator series: per day, week or month, how many stories (not articles) and how
conflictual or cooperative they were, for a country, a directed country pair, a PLOVER
event type or a threat kind.

Series are aggregates over the ``stories`` table, which ingest keeps up to date, so they
are always current without reprocessing. Every period between the first and the last is
present (zero when nothing happened): a baseline needs the quiet weeks too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from tocsin.indicators.dating import counts_in, publication_day, valid, when
from tocsin.indicators.scale import threat_intensity
from tocsin.query import Filter
from tocsin.query.stories import story_clauses
from tocsin.record import ThreatKind
from tocsin.store import Store, schema

PERIODS = ("day", "week", "month")
THREAT_KINDS: tuple[str, ...] = ThreatKind.__args__  # type: ignore[attr-defined]
PAIR = re.compile(r"^([A-Za-z]{3})[-:>]([A-Za-z]{3})$")


def period_start(day: str, period: str) -> date:
    """The first day of the period holding ``day`` (weeks start on Monday, as ISO weeks)."""
    d = date.fromisoformat(day[:10])
    if period == "week":
        return d - timedelta(days=d.weekday())
    if period == "month":
        return d.replace(day=1)
    return d


def next_start(start: date, period: str) -> date:
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def label(start: date, period: str) -> str:
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


@dataclass
class Bucket:
    """One period of a series and the items (story ids, or threat keys) counted in it."""

    start: date
    items: list[str] = field(default_factory=list)
    intensities: list[float] = field(default_factory=list)

    def row(self, period: str) -> dict:
        values = self.intensities
        return {
            "period": self.start.isoformat(),
            "label": label(self.start, period),
            "count": len(self.items),
            "intensity": round(sum(values) / len(values), 2) if values else 0.0,
            "conflict": round(float(-sum(v for v in values if v < 0)), 2),
            "cooperation": round(float(sum(v for v in values if v > 0)), 2),
            "items": list(self.items),
        }


def _check(period: str, pair: str | None, kind: str | None) -> tuple[str, str] | None:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    if kind and kind not in THREAT_KINDS:
        raise ValueError(f"unknown threat kind {kind!r}; kinds are {', '.join(THREAT_KINDS)}")
    if pair is None:
        return None
    found = PAIR.match(pair.strip())
    if not found:
        raise ValueError(f"pair must be SOURCE-TARGET ISO-3 codes, e.g. TJK-AFG, not {pair!r}")
    return found.group(1).upper(), found.group(2).upper()


def _story_points(store: Store, country, pair, type_, since, until) -> Iterable[tuple[str, str, float]]:
    s = schema.stories.c
    query = select(s.id, s.date, s.day, s.intensity, s.source_countries, s.target_countries).where(
        s.day.is_not(None), *story_clauses(Filter(since=since, until=until, country=country, type=type_))
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(s.day, s.id)).all()
    for sid, story_date, day, value, src, tgt in rows:
        if pair and not (pair[0] in json.loads(src or "[]") and pair[1] in json.loads(tgt or "[]")):
            continue
        yield sid, when(story_date, day) or day, value or 0.0


def _threat_points(store: Store, kind: str, country, since, until) -> Iterable[tuple[str, str, float]]:
    """Threat statements of one kind from original (not near-duplicate) articles; the same
    holder, source and target on the same day count once, however many outlets carry it."""
    t, d, a = schema.threats.c, schema.documents.c, schema.actors.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                t.doc_id,
                t.idx,
                t.holder_ids,
                t.source_ids,
                t.target_ids,
                t.kinds,
                t.level,
                t.date,
                d.published,
            )
            .join(schema.documents, d.id == t.doc_id)
            .where(d.duplicate_of.is_(None), t.kinds.like(f'%"{kind}"%'))
            .order_by(t.doc_id, t.idx)
        ).all()
        countries: dict[tuple[str, str], str] = {}
        if country:
            for doc_id, actor_id, iso in conn.execute(select(a.doc_id, a.actor_id, a.country)):
                countries[(doc_id, actor_id)] = iso
    seen: set[tuple] = set()
    for doc_id, idx, holder, source, target, _kinds, level, stated, published in rows:
        day = valid(stated) or publication_day(published)  # an undated statement counts nowhere
        if day is None or (since and day < since) or (until and day > until + "~"):
            continue
        sides = (holder, source, target)
        if country:
            ids = [i for side in sides for i in json.loads(side or "[]")]
            if not any(countries.get((doc_id, i)) == country.upper() for i in ids):
                continue
        key = (day, *sides)
        if key in seen:
            continue
        seen.add(key)
        yield f"{doc_id}:threat{idx}", day, threat_intensity(level, store.knowledge)


def buckets(
    store: Store,
    country: str | None = None,
    pair: str | None = None,
    type: str | None = None,  # noqa: A002 - the API's parameter name
    kind: str | None = None,
    period: str = "week",
    since: str | None = None,
    until: str | None = None,
) -> list[Bucket]:
    """The series as buckets holding the ids of what they count (see ``series``)."""
    sides = _check(period, pair, kind)
    if kind:
        points = _threat_points(store, kind, country, since, until)
    else:
        points = _story_points(store, country, sides, type, since, until)
    by_start: dict[date, Bucket] = {}
    for item, dated, value in points:
        if not counts_in(dated, period):  # a month or a year is not news of one week
            continue
        start = period_start(bound_day(dated), period)
        bucket = by_start.setdefault(start, Bucket(start))
        bucket.items.append(item)
        bucket.intensities.append(value)
    bounds = list(by_start)
    if since:
        bounds.append(period_start(bound_day(since), period))
    if until:
        bounds.append(period_start(bound_day(until, last=True), period))
    if not bounds:
        return []
    out, start, last = [], min(bounds), max(bounds)
    while start <= last:
        out.append(by_start.get(start, Bucket(start)))
        start = next_start(start, period)
    return out


def bound_day(value: str, last: bool = False) -> str:
    """A YYYY or YYYY-MM bound (or a day) as a day: its first day, or with ``last`` its last."""
    if len(value) == 10:
        return value
    if len(value) == 4:
        return f"{value}-12-31" if last else f"{value}-01-01"
    start = date.fromisoformat(value + "-01")
    return (next_start(start, "month") - timedelta(days=1)).isoformat() if last else start.isoformat()


def span_days(since: str, until: str) -> int:
    """How many days the bounds ``since`` and ``until`` cover, both included."""
    first, last = date.fromisoformat(bound_day(since)), date.fromisoformat(bound_day(until, last=True))
    return (last - first).days + 1


def series(
    store: Store,
    country: str | None = None,
    pair: str | None = None,
    type: str | None = None,  # noqa: A002
    kind: str | None = None,
    period: str = "week",
    since: str | None = None,
    until: str | None = None,
    items: bool = True,
) -> list[dict]:
    """One row per period: ``period`` (its first day), ``label`` (2025-W11, 2025-03 or the
    day), ``count`` (stories; for ``kind``, distinct threat statements), ``intensity`` (their
    mean on the -10..+10 scale), ``conflict`` and ``cooperation`` (the sums of the negative
    and positive intensities, as magnitudes) and, unless ``items`` is False, ``items`` (the
    story ids counted, or the threat statements' keys).

    Filters: ``country`` ISO-3 on either side; ``pair`` directed "SRC-TGT" (TJK-AFG: Tajik
    sources acting on Afghan targets); ``type`` a PLOVER type; ``kind`` a threat kind (then
    the series counts threat statements instead of stories). Raises ValueError on bad input.

    A series of stories by one country, pair or type (or of every story), over its whole
    span, is read from the kept counts (``indicators/upkeep.py``); any other is counted
    from the stories.
    """
    sides = _check(period, pair, kind)
    checked = Filter(country=country, type=type, since=since, until=until)  # raises ValueError on bad values
    given = [(n, v) for n, v in (("country", checked.country), ("pair", sides), ("type", checked.type)) if v]
    if kind or since or until or len(given) > 1:
        rows = [b.row(period) for b in buckets(store, country, pair, type, kind, period, since, until)]
        return rows if items else [{k: v for k, v in r.items() if k != "items"} for r in rows]
    if not given:
        return kept(store, "all", period, items)
    name, value = given[0]
    return kept(store, f"{name}:{'-'.join(value) if name == 'pair' else value}", period, items)


def kept(store: Store, name: str, period: str, items: bool = True) -> list[dict]:
    """A series read from ``series_counts`` and (for ``items``) ``series_items``, with the
    quiet periods between its first and last filled in, as ``buckets`` fills them."""
    sc, si, s = schema.series_counts.c, schema.series_items.c, schema.stories.c
    listed: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        counts = conn.execute(
            select(sc.start, sc.count, sc.conflict, sc.cooperation)
            .where(sc.series == name, sc.period == period)
            .order_by(sc.start)
        ).all()
        found: Iterable[Any] = conn.execute(
            select(si.start, si.item)
            .join(schema.stories, s.id == si.item)
            .where(si.series == name, si.period == period)
            .order_by(si.start, s.day, s.id)
        ) if items else []  # fmt: skip
        for start, item in found:
            listed.setdefault(start, []).append(item)
    if not counts:
        return []
    by_start: dict[str, tuple[int, int, int]] = {day: (n, conf, coop) for day, n, conf, coop in counts}
    out, start, last = [], date.fromisoformat(counts[0][0]), date.fromisoformat(counts[-1][0])
    while start <= last:
        n, conflict, cooperation = by_start.get(start.isoformat(), (0, 0, 0))
        out.append({
            "period": start.isoformat(),
            "label": label(start, period),
            "count": n,
            "intensity": round((cooperation - conflict) / 100 / n, 2) if n else 0.0,
            "conflict": round(conflict / 100, 2),
            "cooperation": round(cooperation / 100, 2),
        } | ({"items": listed.get(start.isoformat(), [])} if items else {}))  # fmt: skip
        start = next_start(start, period)
    return out
