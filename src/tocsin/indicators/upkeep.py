"""Indicator series and alerts kept up to date as stories change, so that reading them
never scans the store.

Every item a series counts — a story, or a group of threat statements counted once — adds
one to the count of its period in each series it belongs to, and its intensity to the
sums (``series_items`` says what each item adds, ``series_counts`` holds the sums). When a
story changes, what it added is taken away and what it adds now is added, in the same
transaction.

A period's alert test reads that period and the ``BASELINE`` before it, so a change in one
period can only change the tests of that period and the ``BASELINE`` after it (and, when
it moves the series' first period, of the periods whose baseline that bounds). Those are
marked and retested once, just before the transaction commits (``settle``); the periods
that pass the test are kept in ``alert_periods`` with the articles and outlets behind
them. The rules are those of ``indicators/alerts.py`` and the series those of
``indicators/series.py``; ``rebuild`` makes everything again from the stored stories and
threat statements (for a store made before these tables, and for ``tocsin check``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, update

from tocsin.indicators.dating import counts_in, publication_day, valid, when
from tocsin.indicators.scale import threat_intensity
from tocsin.indicators.series import PERIODS, period_start
from tocsin.knowledge.base import Knowledge
from tocsin.store import network, schema, tallies
from tocsin.store.database import BEFORE_COMMIT  # Store.writing runs these just before it commits

Item = tuple[str, str, str, int]  # series, period, start of the period, value in hundredths


# -- periods ---------------------------------------------------------------------------
def shift(start: date, period: str, n: int) -> date:
    """The start of the period ``n`` periods after (or before, when negative) ``start``."""
    if period == "day":
        return start + timedelta(days=n)
    if period == "week":
        return start + timedelta(weeks=n)
    months = start.year * 12 + start.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)


def full_day(value: str) -> str:
    """A YYYY or YYYY-MM date as its first day."""
    return value if len(value) == 10 else (value + "-01-01")[:10] if len(value) == 4 else value + "-01"


def buckets_of(dated: str | None) -> list[tuple[str, str]]:
    """(period, start) for every period kind a date counts in (see ``dating.counts_in``)."""
    return [(p, period_start(full_day(dated), p).isoformat()) for p in PERIODS if dated and counts_in(dated, p)]


# -- what an item adds -----------------------------------------------------------------
def story_series(row) -> list[str]:
    """The series a story row counts in: every story, each country on either side, each
    directed country pair, its type."""
    src = json.loads(row.source_countries or "[]")
    tgt = json.loads(row.target_countries or "[]")
    names = ["all", *(f"country:{c}" for c in sorted(set(src) | set(tgt)))]
    names += sorted({f"pair:{a}-{b}" for a in src for b in tgt})
    return [*names, f"type:{row.type}"]


def story_items(row) -> list[Item]:
    if not row.day:
        return []
    dated = when(row.date, row.day) or row.day
    value = round((row.intensity or 0.0) * 100)
    return [(name, p, start, value) for p, start in buckets_of(dated) for name in story_series(row)]


def story_changed(conn: Connection, row) -> None:
    items = story_items(row)
    was = set_items(conn, row.id, items, row.day)
    count_documents(conn, row.id, was, {(s, p, start) for s, p, start, _ in items}, story_documents(conn, row.id))
    tallies.story_touched(conn, row.id)
    network.story_changed(conn, row)


def story_gone(conn: Connection, story_id: str) -> None:
    was = set_items(conn, story_id, [])
    count_documents(conn, story_id, was, set(), {})
    tallies.story_touched(conn, story_id, gone=True)
    network.story_gone(conn, story_id)


def set_items(conn: Connection, item: str, new: list[Item], day: str | None = None) -> set[tuple[str, str, str]]:
    """Make what ``item`` adds to the series ``new``, adjusting the sums, and mark the periods
    whose alert tests may change (all it is in: its articles may have changed). ``day`` is
    the day a story is listed by in its periods (None for a threat group). Returns the
    periods (series, period, start) it was in before."""
    si = schema.series_items
    rows = conn.execute(select(si).where(si.c.item == item)).all()
    old = {(r.series, r.period): (r.start, r.value) for r in rows}
    if any(r.day != day for r in rows):  # a story whose day moved within its periods
        conn.execute(update(si).where(si.c.item == item).values(day=day))
    now = {(s, p): (start, v) for s, p, start, v in new}
    dirty, moved = _marks(conn)
    for key in old.keys() | now.keys():
        was, becomes = old.get(key), now.get(key)
        for found in (was, becomes):
            if found:
                dirty.add((key[0], key[1], found[0]))
        if was == becomes:
            continue
        moved.add(key)
        if was:
            conn.execute(delete(si).where(si.c.item == item, si.c.series == key[0], si.c.period == key[1]))
            _bump(conn, key[0], key[1], was[0], -1, was[1], dirty)
        if becomes:
            row = {"item": item, "series": key[0], "period": key[1], "start": becomes[0], "value": becomes[1]}
            conn.execute(insert(si).values(row | {"day": day}))
            _bump(conn, key[0], key[1], becomes[0], 1, becomes[1], dirty)
    return {(series, period, start) for (series, period), (start, _) in old.items()}


def _bump(conn: Connection, series: str, period: str, start: str, n: int, value: int, dirty: set) -> None:
    sc = schema.series_counts
    key = and_(sc.c.series == series, sc.c.period == period, sc.c.start == start)
    conflict, cooperation = max(0, -value), max(0, value)
    done = conn.execute(
        update(sc)
        .where(key)
        .values(
            count=sc.c.count + n, conflict=sc.c.conflict + n * conflict, cooperation=sc.c.cooperation + n * cooperation
        )
    )
    if done.rowcount == 0:
        first = _first(conn, series, period)
        conn.execute(
            insert(sc).values(
                series=series, period=period, start=start, count=n, conflict=n * conflict, cooperation=n * cooperation
            )
        )
        if first and start < first:  # the series starts earlier now: later baselines grow
            dirty.add((series, period, first))
        return
    if n < 0 and conn.execute(delete(sc).where(key, sc.c.count <= 0)).rowcount:
        first = _first(conn, series, period)
        if first and start < first:  # the series starts later now: its first baselines shrink
            dirty.add((series, period, first))


def _first(conn: Connection, series: str, period: str) -> str | None:
    sc = schema.series_counts.c
    return conn.execute(select(func.min(sc.start)).where(sc.series == series, sc.period == period)).scalar()


# -- the articles and outlets behind a period ----------------------------------------------
def story_documents(conn: Connection, story_id: str) -> dict[str, str]:
    """The original articles of a story, each with its outlet (else domain, else itself)."""
    m, d = schema.story_members.c, schema.documents.c
    rows = conn.execute(
        select(d.id, d.outlet, d.domain)
        .join(schema.story_members, m.doc_id == d.id)
        .where(m.story_id == story_id, m.counted == 1)
    )
    return {doc_id: outlet or domain or doc_id for doc_id, outlet, domain in rows}


def count_documents(
    conn: Connection, item: str, was: set[tuple[str, str, str]], now: set[tuple[str, str, str]], docs: dict[str, str]
) -> None:
    """Move the articles behind ``item`` (a story) from the periods it ``was`` in, with the
    articles it was counted with, to the periods it is in ``now`` with ``docs``. Only what
    differs is counted, and the counts are written once per transaction (``flush_documents``),
    so a story that gains an article costs a few rows, whatever the number of stories and
    articles its periods already hold. Only tested series are counted."""
    idc = schema.item_docs
    before = {r.doc_id: r.outlet for r in conn.execute(select(idc.c.doc_id, idc.c.outlet).where(idc.c.item == item))}
    if before == docs and was == now:
        return
    if before != docs:
        conn.execute(delete(idc).where(idc.c.item == item))
        if docs:
            conn.execute(insert(idc), [{"item": item, "doc_id": k, "outlet": v} for k, v in sorted(docs.items())])
    hooks = conn.info.setdefault(BEFORE_COMMIT, {})
    if "documents" not in hooks:
        hooks["documents"] = ((defaultdict(int), {}), flush_documents)
    deltas, outlets = hooks["documents"][0]
    for bucket in was | now:
        if not alerted(bucket[0]):
            continue
        old, new = (before if bucket in was else {}), (docs if bucket in now else {})
        for doc_id in old.keys() - new.keys():
            deltas[(bucket, doc_id)] -= 1
            outlets[doc_id] = old[doc_id]
        for doc_id in new.keys() - old.keys():
            deltas[(bucket, doc_id)] += 1
            outlets[doc_id] = new[doc_id]


def flush_documents(conn: Connection) -> set[tuple[str, str, str]]:
    """Write the counts ``count_documents`` gathered in this transaction: an article counts
    in a period while at least one of its stories is there, an outlet while one of its
    articles does. Returns the periods whose articles changed."""
    found = conn.info.get(BEFORE_COMMIT, {}).pop("documents", None)
    if not found:
        return set()
    deltas, outlets = found[0]
    changes = {k: n for k, n in deltas.items() if n}
    moved = _apply(conn, schema.period_docs, "doc_id", "items", changes)
    by_outlet: dict[tuple[tuple[str, str, str], str], int] = defaultdict(int)
    for (bucket, doc_id), n in moved.items():
        by_outlet[(bucket, outlets[doc_id])] += n
    _apply(conn, schema.period_outlets, "outlet", "docs", {k: n for k, n in by_outlet.items() if n})
    return {bucket for bucket, _ in moved}


def _apply(conn: Connection, table, what: str, column: str, changes: dict) -> dict:
    """Add each change (``((series, period, start), value) -> n``) to ``table``'s counts;
    returns the keys that came to be (1) or went away (-1)."""
    c = table.c
    keys = sorted(changes)
    current: dict = {}
    by_start: dict[tuple[str, str], set] = defaultdict(set)  # read through the primary key's order
    for (series, period, start), value in keys:
        by_start[(period, start)].add((series, value))
    for (period, start), wanted in sorted(by_start.items()):
        rows = conn.execute(
            select(c.series, c[what], c[column]).where(
                c.series.in_(sorted({x for x, _ in wanted})),
                c.period == period,
                c.start == start,
                c[what].in_(sorted({v for _, v in wanted})),
            )
        )
        current.update({((a, period, start), v): n for a, v, n in rows if (a, v) in wanted})
    added, changed, gone, moved = [], [], [], {}
    for key in keys:
        was = current.get(key, 0)
        now = was + changes[key]
        row = {"k_series": key[0][0], "k_period": key[0][1], "k_start": key[0][2], "k_what": key[1], "k_n": now}
        if was <= 0 < now:
            added.append({"series": key[0][0], "period": key[0][1], "start": key[0][2], what: key[1], column: now})
            moved[key] = 1
        elif now <= 0 < was:
            gone.append(row)
            moved[key] = -1
        elif was > 0:
            changed.append(row)
    match = and_(
        c.series == bindparam("k_series"), c.period == bindparam("k_period"), c.start == bindparam("k_start"),
        c[what] == bindparam("k_what"),
    )  # fmt: skip
    if added:
        conn.execute(insert(table), added)
    if changed:
        conn.execute(update(table).where(match).values({column: bindparam("k_n")}), changed)
    if gone:
        conn.execute(delete(table).where(match), gone)
    return moved


def behind(conn: Connection, series: str, period: str, start: str) -> tuple[int, int]:
    """The original articles and outlets behind a period's items, as kept (``sources``
    counts them from the items; threat series are counted so)."""
    flush_documents(conn)
    if series.startswith("kind:"):
        return sources(conn, series, items_of(conn, [(series, period, start)]))
    out = []
    for table in (schema.period_docs, schema.period_outlets):
        c = table.c
        where = (c.series == series, c.period == period, c.start == start)
        out.append(conn.execute(select(func.count()).select_from(table).where(*where)).scalar() or 0)
    return out[0], out[1]


def count_all_documents(conn: Connection) -> None:
    """The articles and outlets behind every period, again from the kept items and stories."""
    for table in (schema.item_docs, schema.period_docs, schema.period_outlets):
        conn.execute(delete(table))
    si = schema.series_items.c
    buckets: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for item, series, period, start in conn.execute(select(si.item, si.series, si.period, si.start)):
        if not series.startswith("kind:"):
            buckets[item].add((series, period, start))
    for item in sorted(buckets):
        count_documents(conn, item, set(), buckets[item], story_documents(conn, item))
    flush_documents(conn)


# -- threat statements -----------------------------------------------------------------
def threat_group(kind: str, day: str, sides: str) -> str:
    return f"threat:{kind}:{day}:" + hashlib.sha1(sides.encode("utf-8")).hexdigest()[:16]


def threats_added(conn: Connection, record) -> None:
    """Index an original article's threat statements by kind, day and sides, and count each
    group of them once in its kind's series. Runs when the document is written."""
    if record.duplicate_of:
        return
    rows = []
    knowledge = Knowledge.of(conn)
    for idx, threat in enumerate(record.threats):
        day = valid(threat.date) or publication_day(record.published)
        if day is None:
            continue  # an undated statement counts nowhere
        sides = json.dumps([threat.holder, threat.source, threat.target])
        value = round(threat_intensity(threat.level, knowledge) * 100)
        rows += [
            {"doc_id": record.id, "idx": idx, "kind": kind, "day": day, "sides": sides, "value": value}
            for kind in dict.fromkeys(threat.kinds)
        ]
    if rows:
        conn.execute(insert(schema.threat_points), rows)
    for group in {(r["kind"], r["day"], r["sides"]) for r in rows}:
        _regroup(conn, *group)


def threats_removed(conn: Connection, doc_id: str) -> None:
    tp = schema.threat_points
    groups = {(r.kind, r.day, r.sides) for r in conn.execute(select(tp).where(tp.c.doc_id == doc_id))}
    conn.execute(delete(tp).where(tp.c.doc_id == doc_id))
    for group in groups:
        _regroup(conn, *group)


def _regroup(conn: Connection, kind: str, day: str, sides: str) -> None:
    """A group of statements counts once, with the level of its first statement (by document
    id and order), as ``indicators/series.py`` counts them."""
    tp = schema.threat_points.c
    first = conn.execute(
        select(tp.value).where(tp.kind == kind, tp.day == day, tp.sides == sides).order_by(tp.doc_id, tp.idx).limit(1)
    ).first()
    items = [(f"kind:{kind}", p, start, first.value) for p, start in buckets_of(day)] if first else []
    set_items(conn, threat_group(kind, day, sides), items)


# -- alert tests -----------------------------------------------------------------------
def _marks(conn: Connection) -> tuple[set, set]:
    """The periods marked in this transaction (series, period, start), and the series whose
    counts moved (series, period): a series whose counts stayed has the same tests."""
    hooks = conn.info.setdefault(BEFORE_COMMIT, {})
    if "alerts" not in hooks:
        marked: set = set()
        moved: set = set()
        hooks["alerts"] = ((marked, moved), lambda c: settle(c, marked, moved))
    found: tuple[set, set] = hooks["alerts"][0]
    return found


def _dirty(conn: Connection) -> set:
    return _marks(conn)[0]


def alerted(series: str) -> bool:
    """Whether a series is tested for alerts: not the series of every story, nor a pair of a
    country with itself."""
    if series == "all":
        return False
    if series.startswith("pair:"):
        a, b = series[5:].split("-", 1)
        return a != b
    return True


def settle(conn: Connection, marked: set, moved: set | None = None) -> None:
    """Retest the periods a change may have moved (see the module's docstring). A series
    whose counts did not move (``moved``, when known: a story that gained an article but
    kept its periods and intensity) keeps its tests; only the articles and outlets behind
    its marked periods that are alerts are counted again."""
    from tocsin.indicators.alerts import BASELINE

    counted = flush_documents(conn)
    by_series: dict[tuple[str, str], list[str]] = defaultdict(list)
    for series, period, start in marked:
        by_series[(series, period)].append(start)
    marked.clear()
    still = set() if moved is None else {key for key in by_series if key not in moved}
    if moved is not None:
        moved.clear()
    for (series, period), starts in sorted(by_series.items()):
        if not alerted(series):
            continue
        if (series, period) in still:  # only the articles behind may have changed
            recount(conn, series, period, [x for x in starts if (series, period, x) in counted])
            continue
        lo = date.fromisoformat(min(starts))
        hi = shift(date.fromisoformat(max(starts)), period, BASELINE)
        retest(conn, series, period, lo, hi, changed=set(starts))


def retest(conn: Connection, series: str, period: str, lo: date, hi: date, changed: set[str] | None = None) -> None:
    """Test the periods from ``lo`` to ``hi`` again. ``changed``: the periods whose items
    may have changed (the others only have a new baseline), when known: a period outside it
    that passes again keeps the articles and outlets counted behind it before."""
    from tocsin.indicators.alerts import BASELINE, test_period

    sc, ap = schema.series_counts.c, schema.alert_periods
    first = _first(conn, series, period)
    where = [ap.c.series == series, ap.c.period == period, ap.c.start >= lo.isoformat(), ap.c.start <= hi.isoformat()]
    kept: dict[str, tuple[int, int]] = {}
    if changed is not None:
        for start, articles, outlets in conn.execute(select(ap.c.start, ap.c.articles, ap.c.outlets).where(*where)):
            if start not in changed:
                kept[start] = (articles, outlets)
    conn.execute(delete(ap).where(*where))
    if first is None:
        return
    since = shift(lo, period, -BASELINE).isoformat()
    rows = conn.execute(
        select(sc.start, sc.count, sc.conflict).where(
            sc.series == series, sc.period == period, sc.start >= since, sc.start <= hi.isoformat()
        )
    ).all()
    values = {day: (float(count), conflict / 100) for day, count, conflict in rows}
    start = max(lo, date.fromisoformat(first))
    found: list[dict[str, Any]] = []
    while start <= hi:
        key = start.isoformat()
        if key in values:
            past = []
            back = max(shift(start, period, -BASELINE), date.fromisoformat(first))
            while back < start:
                past.append(values.get(back.isoformat(), (0.0, 0.0)))
                back = shift(back, period, 1)
            for measure, score, baseline in test_period(values[key], past):
                found.append(
                    {"series": series, "period": period, "start": key, "measure": measure, "z": score.z,
                     "value": score.value, "median": score.median, "mad": score.mad, "baseline": json.dumps(baseline)}
                )  # fmt: skip
        start = shift(start, period, 1)
    for row in found:  # both measures of a period have the same sources
        start = row["start"]
        if start not in kept:  # as kept while writing; counted from the items when testing afresh
            fresh = changed is None
            kept[start] = (
                sources(conn, series, items_of(conn, [(series, period, start)]))
                if fresh
                else behind(conn, series, period, start)
            )
        row["articles"], row["outlets"] = kept[start]
    if found:
        conn.execute(insert(ap), found)


def recount(conn: Connection, series: str, period: str, starts: list[str]) -> None:
    """The articles and outlets behind the kept alerts of these periods, counted again."""
    if not starts:
        return
    ap = schema.alert_periods
    where = [ap.c.series == series, ap.c.period == period]
    alerts = set(conn.execute(select(ap.c.start).where(*where, ap.c.start.in_(sorted(set(starts))))).scalars())
    for start in sorted(alerts):
        articles, outlets = behind(conn, series, period, start)
        conn.execute(update(ap).where(*where, ap.c.start == start).values(articles=articles, outlets=outlets))


def sources(conn: Connection, series: str, items: dict) -> tuple[int, int]:
    """How many original articles, and in how many outlets, are behind a period's items."""
    ids = [i for found in items.values() for i in found]
    docs = {doc_id for doc_id, _ in statements(conn, ids)} if series.startswith("kind:") else set()
    if not series.startswith("kind:"):
        m = schema.story_members.c
        docs = set(conn.execute(select(m.doc_id).where(m.story_id.in_(ids), m.counted == 1)).scalars())
    d = schema.documents.c
    rows = conn.execute(select(d.id, d.outlet, d.domain).where(d.id.in_(sorted(docs)))).all()
    return len(docs), len({outlet or domain or doc_id for doc_id, outlet, domain in rows})


def statements(conn: Connection, groups: list[str]) -> list[tuple[str, int]]:
    """The statement each threat group is shown by: its first, by document id and order."""
    tp = schema.threat_points.c
    out = []
    for group in groups:
        _, kind, day, _ = group.split(":", 3)
        for row in conn.execute(
            select(tp.doc_id, tp.idx, tp.sides).where(tp.kind == kind, tp.day == day).order_by(tp.doc_id, tp.idx)
        ):
            if threat_group(kind, day, row.sides) == group:
                out.append((row.doc_id, row.idx))
                break
    return out


# -- building it all again -------------------------------------------------------------
def rebuild(conn: Connection) -> None:
    """Every kept series, threat group and alert test, from the stored stories and threat statements."""
    from tocsin.record import DocumentRecord

    for table in (schema.series_items, schema.series_counts, schema.alert_periods, schema.threat_points,
                  schema.item_docs, schema.period_docs, schema.period_outlets):  # fmt: skip
        conn.execute(delete(table))
    s = schema.stories
    for row in conn.execute(select(s)).all():
        story_changed(conn, row)
    d, t = schema.documents.c, schema.threats.c
    with_threats = select(t.doc_id).distinct()
    for (raw,) in conn.execute(select(d.record).where(d.id.in_(with_threats), d.duplicate_of.is_(None))).all():
        threats_added(conn, DocumentRecord.model_validate_json(raw))
    flush_documents(conn)
    retest_all(conn)


def retest_all(conn: Connection) -> None:
    """Retest every period of every kept series, from the kept counts."""
    sc = schema.series_counts.c
    marked = _dirty(conn)
    firsts = select(sc.series, sc.period, func.min(sc.start)).group_by(sc.series, sc.period)
    marked.update(tuple(r) for r in conn.execute(firsts))
    _settle_whole(conn, marked)


def _settle_whole(conn: Connection, marked: set) -> None:
    """Retest every period of the marked series, from their first on."""
    sc = schema.series_counts.c
    for series, period, start in sorted(marked):
        if not alerted(series):
            continue
        last = conn.execute(select(func.max(sc.start)).where(sc.series == series, sc.period == period)).scalar()
        if last is None:  # the series has no counted period left to retest
            continue
        from tocsin.indicators.alerts import BASELINE

        retest(conn, series, period, date.fromisoformat(start), shift(date.fromisoformat(last), period, BASELINE))
    marked.clear()


def items_of(conn: Connection, keys: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], list[str]]:
    """The items (story ids, threat groups) each (series, period, start) counts."""
    si = schema.series_items.c
    out: dict[tuple[str, str, str], list[str]] = {k: [] for k in keys}
    for series, period, start in out:
        out[(series, period, start)] = list(
            conn.execute(
                select(si.item).where(si.series == series, si.period == period, si.start == start).order_by(si.item)
            ).scalars()
        )
    return out
