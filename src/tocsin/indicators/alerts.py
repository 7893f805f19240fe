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
lists the stories (for a threat kind, the threat statements) behind it and says in plain
words what rose and what is usual; the statistics stay in its fields and ``statistics``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from sqlalchemy import ARRAY, ColumnElement, String, any_, cast, func, literal, or_, select, text

from tocsin.indicators import upkeep
from tocsin.indicators.dating import publication_day
from tocsin.indicators.series import THREAT_KINDS, Bucket, buckets, label, next_start, period_start
from tocsin.knowledge.base import Knowledge
from tocsin.store import Store, schema

THRESHOLD = 3.5
BASELINE = 8
MIN_HISTORY = 4
MIN_STORIES = 3
MIN_ARTICLES = 2
MEASURES = ("count", "conflict")
PERIOD = "week"  # what ``tocsin alerts``, the summary, the API and ``watch`` test by default
UNIT = {"count": 1.0, "conflict": 10.0}  # what one story can add to the measure
SHOWN = 50  # stories (or statements) listed with an alert; ``n_stories`` says how many there are
LISTED = 5  # the same, for each alert of a list the API answers (the rest on demand)
CHUNK = 100  # periods whose stories are read in one query (SQLite allows 500 parts to a UNION)
PERIODS_TESTED = ("day", "week", "month")


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


def test_period(current: tuple[float, float], past: list[tuple[float, float]]) -> list[tuple[str, Score, list[float]]]:
    """The measures on which a period departs from its past, before the article check:
    ``current`` and each of ``past`` are (number of items, conflict intensity)."""
    if len(past) < MIN_HISTORY or current[0] < MIN_STORIES:
        return []
    out = []
    for i, measure in enumerate(MEASURES):
        baseline = [round(p[i], 2) for p in past]
        score = robust_z(round(current[i], 2), baseline, UNIT[measure])
        if score.z >= THRESHOLD:
            out.append((measure, score, baseline))
    return out


def _measure(bucket: Bucket, measure: str) -> float:
    if measure == "count":
        return float(len(bucket.items))
    return round(-sum(v for v in bucket.intensities if v < 0), 2)


def _dimensions(store: Store) -> list[dict]:
    """Every series worth watching: the countries, directed pairs and types that have stories,
    and the threat kinds that have statements."""
    s, t = schema.stories.c, schema.threats.c
    countries: set[str] = set()
    pairs: set[str] = set()
    types: set[str] = set()
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
    with store.engine.connect() as conn:
        return _story_rows(conn, ids)


def _story_rows(conn, ids: list[str]) -> list[dict]:
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
    m, d = schema.story_members.c, schema.documents.c
    links: dict[str, dict[str, None]] = {}  # each story's links once, in order (a dict: a list was read per link)
    rows = conn.execute(select(*cols).where(_among(conn, s.id, ids)).order_by(s.day, s.id)).mappings().all()
    found = conn.execute(
        select(m.story_id, d.url)
        .join(schema.documents, d.id == m.doc_id)
        .where(_among(conn, m.story_id, ids), d.url.is_not(None))
        .order_by(m.doc_id)
    ).all()
    for story_id, url in found:
        links.setdefault(story_id, {})[url] = None
    return [dict(r) | {"links": list(links.get(r["id"], {}))} for r in rows]


def _among(conn, column, values: list[str]) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL as one array parameter (``= ANY``), which the
    driver does not have to spell out value by value for a few hundred ids."""
    if conn.dialect.name == "postgresql":
        return column == any_(cast(literal(list(values), ARRAY(String)), ARRAY(String)))
    return column.in_(values)


def _threats(store: Store, keys: list[str]) -> list[dict]:
    with store.engine.connect() as conn:
        return _threat_rows(conn, keys)


def _threat_rows(conn, keys: list[str]) -> list[dict]:
    t, d = schema.threats.c, schema.documents.c
    out = []
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


def _country(iso3: str, knowledge: Knowledge) -> str:
    state = knowledge.states.get(iso3)
    return state.name if state else iso3


def _subject(dim: dict, knowledge: Knowledge) -> str:
    """What the series counts, in words: "stories involving Tajikistan"."""
    if "kind" in dim:
        what = f"{dim['kind'].replace('_', ' ')} threat statements"
    elif "type" in dim:
        what = f"{dim['type'].lower()} stories"
    elif "pair" in dim:
        src, tgt = dim["pair"].split("-")
        what = f"stories of {_country(src, knowledge)} acting towards {_country(tgt, knowledge)}"
    else:
        what = f"stories involving {_country(dim['country'], knowledge)}"
    return what


def _when(start: date, period: str) -> str:
    if period == "week":
        return f"the week of {start.day} {start:%B %Y}"
    if period == "month":
        return f"{start:%B %Y}"
    return f"{start.day} {start:%B %Y}"


def _usual(values: list[float]) -> str:
    """The middle half of the baseline, as a reader would say it: "0–1", "about 2"."""
    ordered = sorted(values)
    lo, hi = ordered[(len(ordered) - 1) // 4], ordered[(3 * len(ordered)) // 4]
    return f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"


def _explain(
    dim: dict,
    measure: str,
    score: Score,
    baseline: list[float],
    start: date,
    period: str,
    sources,
    knowledge: Knowledge,
) -> str:
    """The alert in plain words, e.g. "6 stories involving Tajikistan in the week of 17 March
    2025, from 5 articles in 3 outlets; usually 0–1 a week (previous 8 weeks)"."""
    articles, outlets = sources
    value = f"{score.value:g} {_subject(dim, knowledge)}"
    if measure != "count":
        value = f"Conflict intensity {score.value:g} over {_subject(dim, knowledge)}"
    told = f", from {articles} article{'s' * (articles != 1)} in {outlets} outlet{'s' * (outlets != 1)}"
    return (
        f"{value} in {_when(start, period)}{told}; "
        f"usually {_usual(baseline)} a {period} (previous {len(baseline)} {period}s)"
    )


def _statistics(score: Score, period: str, n: int) -> str:
    return (
        f"{score.value:g} against a median of {score.median:g} over the previous {n} {period}s "
        f"(MAD {score.mad:g}); robust z {score.z:g} >= {THRESHOLD:g}"
    )


def _outlets(store: Store, articles: set[str]) -> int:
    d = schema.documents.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(d.id, d.outlet, d.domain).where(d.id.in_(articles))).all()
    return len({outlet or domain or doc_id for doc_id, outlet, domain in rows})


def series_alerts(
    store: Store, dim: dict, period: str = PERIOD, at: str | None = None, history: bool = False
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
        articles = _articles(store, current.items, threats="kind" in dim)
        if len(articles) < MIN_ARTICLES:
            continue
        for measure in MEASURES:
            baseline = [_measure(b, measure) for b in past]
            score = robust_z(_measure(current, measure), baseline, UNIT[measure])
            if score.z < THRESHOLD:
                continue
            sources = (len(articles), _outlets(store, articles))
            shown = _threats(store, current.items) if "kind" in dim else _stories(store, current.items)
            out.append(
                _described(dim, measure, current.start, period, score, baseline, sources, shown, store.knowledge)
            )
    return out


def scan_alerts(
    store: Store,
    period: str = PERIOD,
    at: str | None = None,
    country: str | None = None,
    history: bool = False,
    limit: int = 100,
) -> list[dict]:
    """``list_alerts`` computed from the stories themselves, series by series, as the
    reference the kept tests are checked against (``tocsin check``, the tests).

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


def _dim(series: str) -> dict:
    kind, value = series.split(":", 1)
    return {kind: value}


def list_alerts(
    store: Store,
    period: str = PERIOD,
    at: str | None = None,
    country: str | None = None,
    history: bool = False,
    limit: int = 100,
    since: str | None = None,
    until: str | None = None,
    shown: int | None = SHOWN,
) -> list[dict]:
    """Alerts over every series (or the series touching ``country``), strongest first.

    By default only the latest period of each series is tested (what an analyst wants each
    morning); ``at`` (YYYY-MM-DD) tests the period holding that day; ``history`` tests every
    period (up to the one holding ``at``, when given); ``since`` and ``until`` keep periods
    starting within them. Each alert: ``series``, ``measure`` (count or conflict),
    ``period``, ``label``, ``value``, ``baseline`` (the values it was compared with),
    ``baseline_median``, ``baseline_mad``, ``z``, ``threshold``, ``explanation`` and
    ``stories`` (for a threat-kind series, the threat statements) behind it: the first
    ``shown`` of them (every one when None), with ``n_stories`` saying how many there are.

    The tests are kept up to date as stories change (``indicators/upkeep.py``), so this
    reads only the periods that passed.
    """
    if period not in PERIODS_TESTED:
        raise ValueError(f"period must be one of {', '.join(PERIODS_TESTED)}, not {period!r}")
    if at is None and not history:
        at = latest_day(store)
        if at is None:
            return []
    ap = schema.alert_periods.c
    query = select(schema.alert_periods).where(ap.period == period, ap.articles >= MIN_ARTICLES)
    if at:
        start = period_start(at if len(at) == 10 else at + "-01", period).isoformat()
        query = query.where(ap.start <= start) if history else query.where(ap.start == start)
    if since:
        query = query.where(ap.start >= since)
    if until:
        query = query.where(ap.start <= until + "~")
    if country:
        code = country.upper()
        query = query.where(
            or_(ap.series == f"country:{code}", ap.series.like(f"pair:{code}-%"), ap.series.like(f"pair:%-{code}"))
        )
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        rows = sorted(rows, key=lambda r: (-r["z"], _label(_dim(r["series"])), r["start"]))[:limit]
        found = _shown_items(conn, [(r["series"], r["period"], r["start"]) for r in rows], shown)
        ids = sorted({i for key, (_, items) in found.items() if not key[0].startswith("kind:") for i in items})
        stories = {story["id"]: story for story in _story_rows(conn, ids)} if ids else {}
        return [_alert(conn, r, *found[(r["series"], r["period"], r["start"])], stories) for r in rows]


def _shown_items(
    conn, keys: list[tuple[str, str, str]], shown: int | None
) -> dict[tuple[str, str, str], tuple[int, list[str]]]:
    """For each (series, period, start): how many items the period counts, and the first
    ``shown`` of them (all when None; stories by day, then id; threat groups by id)."""
    out: dict[tuple[str, str, str], tuple[int, list[str]]] = {key: (0, []) for key in keys}
    threats = [key for key in out if key[0].startswith("kind:")]
    for key, items in upkeep.items_of(conn, threats).items():
        out[key] = (len(items), items[:shown])
    told = [key for key in out if not key[0].startswith("kind:")]
    for i in range(0, len(told), CHUNK):
        chunk = told[i : i + CHUNK]
        totals = _counts(conn, chunk)
        for key, ids in _first_stories(conn, chunk, shown).items():
            out[key] = (totals.get(key, 0), ids)
    return out


def _counts(conn, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
    """How many items each (series, period, start) counts, in one query through the primary key."""
    if conn.dialect.name == "postgresql":
        query = text(
            "SELECT sc.series, sc.period, sc.start, sc.count FROM unnest(CAST(:series AS text[]), "
            "CAST(:periods AS text[]), CAST(:starts AS text[])) AS k(series, period, start) JOIN series_counts sc "
            "ON sc.series = k.series AND sc.period = k.period AND sc.start = k.start"
        )
        params = _arrays(keys)
    else:
        params = {f"{c}{i}": v for i, key in enumerate(keys) for c, v in zip("spb", key, strict=True)}
        wanted = " OR ".join(f"(series = :s{i} AND period = :p{i} AND start = :b{i})" for i in range(len(keys)))
        query = text(f"SELECT series, period, start, count FROM series_counts WHERE {wanted}")
    return {(a, b, c): n for a, b, c, n in conn.execute(query, params)}


def _arrays(keys: list[tuple[str, str, str]]) -> dict[str, object]:
    """(series, period, start) keys as three array parameters, for PostgreSQL's ``unnest``."""
    return {"series": [k[0] for k in keys], "periods": [k[1] for k in keys], "starts": [k[2] for k in keys]}


def _first_stories(conn, keys: list[tuple[str, str, str]], shown: int | None) -> dict[tuple[str, str, str], list[str]]:
    """The first ``shown`` stories (every one when None) each period of a series counts, by
    day, then id. Each story's day is kept beside it in ``series_items``, so each period's
    first stories are its first entries of ``ix_series_items_first`` (series, period,
    start, day, item): a few index entries, however many stories the period holds (ranking
    a busy month's stories, or walking its days, took tens of milliseconds at a million
    events). One query for all the periods: on PostgreSQL a lateral join over arrays of the
    periods (a short statement the driver prepares once), elsewhere one part per period."""
    out: dict[tuple[str, str, str], list[str]] = {key: [] for key in keys}
    if conn.dialect.name == "postgresql":
        query = text(
            "SELECT k.n - 1, f.item FROM unnest(CAST(:series AS text[]), CAST(:periods AS text[]), "
            "CAST(:starts AS text[])) WITH ORDINALITY AS k(series, period, start, n) CROSS JOIN LATERAL "
            "(SELECT item, day FROM series_items si WHERE si.series = k.series AND si.period = k.period "
            "AND si.start = k.start ORDER BY si.day, si.item LIMIT :shown) f ORDER BY k.n, f.day, f.item"
        )
        params: dict[str, object] = {"shown": shown, **_arrays(keys)}
    else:
        parts = []
        params = {"shown": shown}
        limit = "" if shown is None else " LIMIT :shown"
        for i, (series, period, start) in enumerate(keys):
            params |= {f"s{i}": series, f"p{i}": period, f"b{i}": start}
            parts.append(
                f"SELECT * FROM (SELECT {i} AS k, item, day FROM series_items WHERE series = :s{i} "
                f"AND period = :p{i} AND start = :b{i} ORDER BY day, item{limit}) q{i}"
            )
        query = text(" UNION ALL ".join(parts) + " ORDER BY k, day, item")
    for k, story_id, *_ in conn.execute(query, params):
        out[keys[k]].append(story_id)
    return out


def _label(dim: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in dim.items())


def _alert(conn, row, n_items: int, items: list[str], stories: dict[str, dict]) -> dict:
    """An alert from its kept test, the number of items it counts, the first of them and
    the rows of the stories shown."""
    dim = _dim(row["series"])
    start = date.fromisoformat(row["start"])
    period = row["period"]
    baseline = json.loads(row["baseline"])
    score = Score(row["value"], row["median"], row["mad"], row["z"])
    sources = (row["articles"], row["outlets"])
    if "kind" in dim:
        keys = [f"{doc_id}:threat{idx}" for doc_id, idx in upkeep.statements(conn, items)]
        shown = _threat_rows(conn, keys)
    else:
        shown = sorted((stories[i] for i in items if i in stories), key=lambda x: (x["day"] or "", x["id"]))
    alert = _described(dim, row["measure"], start, period, score, baseline, sources, shown, Knowledge.of(conn))
    return alert | {"n_stories": n_items, "stories": shown}


def _described(dim: dict, measure: str, start: date, period: str, score: Score, baseline: list[float],
               sources: tuple[int, int], shown: list[dict], knowledge: Knowledge) -> dict:  # fmt: skip
    """An alert as the CLI, the API and the dashboard show it."""
    return {
        "series": _label(dim),
        **{k: dim.get(k) for k in ("country", "pair", "type", "kind")},
        "measure": measure,
        "period": start.isoformat(),
        "period_kind": period,
        "label": label(start, period),
        "value": score.value,
        "baseline_median": score.median,
        "baseline_mad": score.mad,
        "baseline": baseline,
        "z": score.z,
        "threshold": THRESHOLD,
        "articles": sources[0],
        "outlets": sources[1],
        "explanation": _explain(dim, measure, score, baseline, start, period, sources, knowledge),
        "statistics": _statistics(score, period, len(baseline)),
        "stories": shown,
    }


def latest_day(store: Store) -> str | None:
    """The latest day with news: the latest day-precise publication date of an original
    article (stories dated after it are plans, not news), else the latest story day.
    Alerts test the period that holds it."""
    d, s = schema.documents.c, schema.stories.c
    # Nearly every document is an original, so SQLite would read them all through the index
    # on ``duplicate_of`` and sort them (120 ms at 166,667 documents); hidden from its planner
    # (NULL || '' is NULL), the newest are read from the index on ``published`` instead (1 ms).
    original = (d.duplicate_of.concat("") if store.sqlite else d.duplicate_of).is_(None)
    with store.engine.connect() as conn:
        published = conn.execute(
            select(d.published)
            .where(original, d.published.is_not(None), func.length(d.published) == 10)
            .order_by(d.published.desc())
            .limit(20)
        ).scalars()
        day = next((p for p in published if publication_day(p)), None)
        if day:
            return day
        return conn.execute(select(s.day).where(s.day.is_not(None)).order_by(s.day.desc()).limit(1)).scalar()
