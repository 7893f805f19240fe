"""Early-warning alerts: a period that departs from its series' own recent past.

For every series (each country, each directed country pair, each PLOVER type, each threat
kind) and two measures — the number of stories and their conflict intensity — the
baseline is the ``BASELINE`` periods before the one tested. The departure is a robust
z-score (Iglewicz and Hoaglin's modified z): ``(x - median) / (1.4826 * MAD)``, where MAD
is the median absolute deviation of the baseline. A sparse series has a MAD of zero, so the
spread is floored at the Poisson spread of a count of that size, ``sqrt(median + 1)`` in
stories; for conflict intensity the count is of the most violent stories (``UNIT`` = 10
points on the scale each), so one more assault moves neither measure more than one more
story should.

An alert needs all of: z >= ``THRESHOLD`` (3.5, their recommended cut-off for outliers);
at least ``MIN_STORIES`` stories in the period, reported by at least ``MIN_ARTICLES``
different original articles (one long article recounting a year is not an escalation); at
least ``MIN_HISTORY`` periods of baseline; and a rise (falls are not alerts). Each alert
lists the stories (for a threat kind, the threat statements) behind it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from sqlalchemy import select

from tocsin.indicators.series import THREAT_KINDS, Bucket, buckets, label, next_start, period_start
from tocsin.store import Store, schema

THRESHOLD = 3.5
BASELINE = 8
MIN_HISTORY = 4
MIN_STORIES = 3
MIN_ARTICLES = 2
MEASURES = ("count", "conflict")
UNIT = {"count": 1.0, "conflict": 10.0}  # what one story can add to the measure


@dataclass(frozen=True)
class Score:
    value: float
    median: float
    mad: float
    z: float


def robust_z(value: float, history: list[float], unit: float = 1.0) -> Score:
    """The modified z-score of ``value`` against ``history`` (see the module's docstring)."""
    mid = median(history)
    mad = median(abs(v - mid) for v in history)
    spread = max(1.4826 * mad, unit * math.sqrt(max(mid, 0.0) / unit + 1.0))
    return Score(value, mid, mad, round((value - mid) / spread, 2))


def _measure(bucket: Bucket, measure: str) -> float:
    if measure == "count":
        return float(len(bucket.items))
    return round(-sum(v for v in bucket.intensities if v < 0), 2)


def _dimensions(store: Store) -> list[dict]:
    """Every series worth watching: the countries, directed pairs and types that have stories,
    and the threat kinds that have statements."""
    s, t = schema.stories.c, schema.threats.c
    countries, pairs, types = set(), set(), set()
    with store.engine.connect() as conn:
        for src, tgt, type_ in conn.execute(select(s.source_countries, s.target_countries, s.type)):
            src, tgt = json.loads(src or "[]"), json.loads(tgt or "[]")
            countries.update(src + tgt)
            pairs.update(f"{a}-{b}" for a in src for b in tgt if a != b)
            types.add(type_)
        kinds = {k for (raw,) in conn.execute(select(t.kinds)) for k in json.loads(raw or "[]")}
    return (
        [{"country": c} for c in sorted(countries)]
        + [{"pair": p} for p in sorted(pairs)]
        + [{"type": x} for x in sorted(types)]
        + [{"kind": k} for k in THREAT_KINDS if k in kinds]
    )


def _articles(store: Store, items: list[str], threats: bool) -> set[str]:
    """The original articles behind what a period counts."""
    if threats:
        return {key.rsplit(":threat", 1)[0] for key in items}
    m = schema.story_members.c
    with store.engine.connect() as conn:
        return set(conn.execute(select(m.doc_id).where(m.story_id.in_(items), m.counted == 1)).scalars())


def _stories(store: Store, ids: list[str]) -> list[dict]:
    s = schema.stories.c
    cols = (
        s.id,
        s.day,
        s.type,
        s.mode,
        s.source_names,
        s.target_names,
        s.place_name,
        s.intensity,
        s.n_sources,
        s.n_articles,
        s.headline,
    )
    with store.engine.connect() as conn:
        rows = conn.execute(select(*cols).where(s.id.in_(ids)).order_by(s.day, s.id)).mappings().all()
    return [dict(r) for r in rows]


def _threats(store: Store, keys: list[str]) -> list[dict]:
    t, d = schema.threats.c, schema.documents.c
    out = []
    with store.engine.connect() as conn:
        for key in keys:
            doc_id, idx = key.rsplit(":threat", 1)
            row = (
                conn.execute(
                    select(
                        t.doc_id,
                        t.level,
                        t.kinds,
                        t.holder_names,
                        t.source_names,
                        t.target_names,
                        t.evidence,
                        t.start,
                        t.end,
                        d.url,
                        d.outlet,
                    )
                    .join(schema.documents, d.id == t.doc_id)
                    .where(t.doc_id == doc_id, t.idx == int(idx))
                )
                .mappings()
                .first()
            )
            if row:
                out.append(dict(row) | {"kinds": json.loads(row["kinds"] or "[]")})
    return out


def _explain(dim: dict, measure: str, score: Score, when: str, period: str) -> str:
    what = "stories" if measure == "count" else "conflict intensity"
    if "kind" in dim:
        what = f"{dim['kind']} threat statements" if measure == "count" else "threat intensity"
    return (
        f"{score.value:g} {what} in {when} against a median of {score.median:g} over the previous "
        f"{BASELINE} {period}s (MAD {score.mad:g}); robust z {score.z:g} >= {THRESHOLD:g}"
    )


def series_alerts(
    store: Store, dim: dict, period: str = "week", at: str | None = None, history: bool = False
) -> list[dict]:
    """Alerts for one series (``dim`` is e.g. {"country": "TJK"}): for the period holding
    ``at`` (default: the latest period with data), or with ``history`` for every period."""
    start = period_start(at if len(at) == 10 else at + "-01", period) if at else None
    until = (next_start(start, period) - timedelta(days=1)).isoformat() if start else None  # the whole period
    series = buckets(store, period=period, until=until, **dim)
    if not series:
        return []
    tested = range(len(series)) if history else [len(series) - 1]
    if start and not history:
        tested = [i for i, b in enumerate(series) if b.start == start]
    out = []
    for i in tested:
        past = series[max(0, i - BASELINE) : i]
        current = series[i]
        if len(past) < MIN_HISTORY or len(current.items) < MIN_STORIES:
            continue
        if len(_articles(store, current.items, threats="kind" in dim)) < MIN_ARTICLES:
            continue
        for measure in MEASURES:
            score = robust_z(_measure(current, measure), [_measure(b, measure) for b in past], UNIT[measure])
            if score.z < THRESHOLD:
                continue
            when = label(current.start, period)
            out.append(
                {
                    "series": ", ".join(f"{k}={v}" for k, v in dim.items()),
                    **{k: dim.get(k) for k in ("country", "pair", "type", "kind")},
                    "measure": measure,
                    "period": current.start.isoformat(),
                    "label": when,
                    "value": score.value,
                    "baseline_median": score.median,
                    "baseline_mad": score.mad,
                    "baseline": [_measure(b, measure) for b in past],
                    "z": score.z,
                    "threshold": THRESHOLD,
                    "explanation": _explain(dim, measure, score, when, period),
                    "stories": _threats(store, current.items) if "kind" in dim else _stories(store, current.items),
                }
            )
    return out


def list_alerts(
    store: Store,
    period: str = "week",
    at: str | None = None,
    country: str | None = None,
    history: bool = False,
    limit: int = 100,
) -> list[dict]:
    """Alerts over every series (or the series touching ``country``), strongest first.

    By default only the latest period of each series is tested (what an analyst wants each
    morning); ``at`` (YYYY-MM-DD) tests the period holding that day; ``history`` tests every
    period. Each alert: ``series``, ``measure`` (count or conflict), ``period``, ``label``,
    ``value``, ``baseline`` (the values it was compared with), ``baseline_median``,
    ``baseline_mad``, ``z``, ``threshold``, ``explanation`` and ``stories`` (for a threat-kind
    series, the threat statements) behind it.
    """
    if at is None and not history:
        at = latest_day(store)
    dims = _dimensions(store)
    if country:
        code = country.upper()
        dims = [d for d in dims if d.get("country") == code or code in d.get("pair", "").split("-")]
    found = [a for dim in dims for a in series_alerts(store, dim, period, at, history)]
    found.sort(key=lambda a: (-a["z"], a["series"], a["period"]))
    return found[:limit]


def latest_day(store: Store) -> str | None:
    """The latest day anything is counted on: alerts test the period that holds it."""
    s = schema.stories.c
    with store.engine.connect() as conn:
        return conn.execute(select(s.day).order_by(s.day.desc()).limit(1)).scalar()
