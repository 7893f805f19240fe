"""Finding the stories a report may join without reading the others: blocking keys.

Two reports can only be of the same happening (``matching.match_score``) when they are of
the same quad class, their dates are within ``UNDATED_WINDOW`` days of each other, and at
least one actor id or country is shared between them (a side that agrees needs a shared
actor or country, and at least one side must agree). So each story is indexed under every
actor id and country it names (``story_keys``), with the days it covers: a story dated
to a day covers that day, one dated to a month or a year covers all of it (cut into
pieces of at most ``PIECE`` days so that every index row is short), an undated one the
day it was first reported. A report's candidates are the stories sharing one of its keys
whose days come within the window of its own, read through one index; the matching rules
then decide among them as before. The number of candidates depends on how much news there
is about the report's actors around its date, never on the size of the store.

A report dated only to a month or a year would find every story of that month or year that
shares a country, so the candidates of such a report grow with its period's news (a year's
stories of a country are thousands). Its candidates are, for each of its keys, the
``NEAREST`` stories whose days start closest before the day it was reported and as many
after, read in the order of the index: the happening an imprecise date refers to is most
likely one reported around then. A report dated to a day reads its window whole (at most
a fortnight and a month's piece of news about its actors).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, delete, insert, select

from tocsin.store import schema
from tocsin.stories.matching import UNDATED_WINDOW, Report, date_range

PIECE = 31  # days an index row covers at most
SLACK = UNDATED_WINDOW  # the widest gap between two compatible reports' days
NEAREST = 40  # stories per key on each side of an imprecisely dated report's day


def keys(rep: Report) -> set[str]:
    return rep.source_ids | rep.target_ids | rep.source_countries | rep.target_countries


def days(rep: Report) -> tuple[date, date]:
    """The days a report (or a story) covers: its date's range, else the day it was reported."""
    if rep.date:
        try:
            return date_range(rep.date)
        except ValueError:
            pass
    day = date.fromisoformat(rep.reported[:10])
    return day, day


def pieces(lo: date, hi: date) -> list[tuple[str, str]]:
    out = []
    while lo <= hi:
        end = min(hi, lo + timedelta(days=PIECE - 1))
        out.append((lo.isoformat(), end.isoformat()))
        lo = end + timedelta(days=1)
    return out


def index(conn: Connection, story_id: str, rep: Report, before: Report | None = None) -> None:
    """(Re)write a story's keys after it changed. ``before``: the story as its stored keys
    were written from; when its quad class and days are the same, only the keys it gained
    or lost are written, so a story that grew is not indexed again whole."""
    k = schema.story_keys
    if before is not None and before.quad_class == rep.quad_class and days(before) == days(rep):
        gone, wanted = keys(before) - keys(rep), keys(rep) - keys(before)
        if gone:
            conn.execute(delete(k).where(k.c.story_id == story_id, k.c.key.in_(sorted(gone))))
    else:
        conn.execute(delete(k).where(k.c.story_id == story_id))
        wanted = keys(rep)
    rows = [
        {"story_id": story_id, "key": key, "quad_class": rep.quad_class, "lo": lo, "hi": hi}
        for key in sorted(wanted)
        for lo, hi in pieces(*days(rep))
    ]
    if rows:
        conn.execute(insert(k), rows)


def forget(conn: Connection, story_id: str) -> None:
    conn.execute(delete(schema.story_keys).where(schema.story_keys.c.story_id == story_id))


def candidates(conn: Connection, rep: Report) -> set[str]:
    """The ids of the stories that may match ``rep`` (a superset of those that do, but for
    a report dated to a month or a year: the nearest ``NEAREST`` on each side, per key)."""
    wanted = keys(rep)
    if not wanted:
        return set()  # a report naming no actor and no country matches nothing
    k = schema.story_keys.c
    lo, hi = days(rep)
    first, last = lo - timedelta(days=SLACK), hi + timedelta(days=SLACK)
    where = [
        k.quad_class == rep.quad_class,
        k.lo >= (first - timedelta(days=PIECE - 1)).isoformat(),
        k.hi >= first.isoformat(),
    ]
    if hi == lo:
        query = select(k.story_id).where(*where, k.key.in_(sorted(wanted)), k.lo <= last.isoformat())
        return set(conn.execute(query).scalars())
    anchor = min(max(date.fromisoformat(rep.reported[:10]), lo), hi).isoformat()
    found: set[str] = set()
    for key in sorted(wanted):
        before = select(k.story_id).where(*where, k.key == key, k.lo <= anchor).order_by(k.lo.desc())
        after = select(k.story_id).where(*where, k.key == key, k.lo > anchor, k.lo <= last.isoformat()).order_by(k.lo)
        for query in (before, after):
            found.update(conn.execute(query.limit(NEAREST)).scalars())
    return found
