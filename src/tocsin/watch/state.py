"""Reading and writing the watch tables: each change is one short transaction, so a run
killed at any point leaves a state the next run can go on from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, update

from tocsin.store import Store
from tocsin.watch import tables
from tocsin.watch.config import Source
from tocsin.watch.listings import Entry

OPEN = ("pending", "fetched")  # articles still to be taken in
MAX_ATTEMPTS = 3  # polls an article may fail in before it is given up


def now() -> datetime:
    return datetime.now(UTC)


def stamp(when: datetime | None = None) -> str:
    return (when or now()).isoformat(timespec="seconds")


def sync_sources(store: Store, sources: tuple[Source, ...]) -> None:
    """Add new sources (due at once) and update the address, kind and pace of known ones."""
    s = tables.sources
    with store.engine.begin() as conn:
        known = set(conn.execute(select(s.c.name)).scalars())
        for src in sources:
            values = {"url": src.url, "kind": src.kind, "every": int(src.every)}
            if src.name in known:
                conn.execute(update(s).where(s.c.name == src.name).values(**values))
            else:
                conn.execute(insert(s).values(name=src.name, failures=0, articles=0, next_poll=stamp(), **values))


def due(store: Store, names: list[str], at: datetime | None = None) -> list[str]:
    s = tables.sources.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.name, s.next_poll).where(s.name.in_(names))).all()
    limit = stamp(at)
    return [name for name, next_poll in sorted(rows, key=lambda r: r[1] or "") if not next_poll or next_poll <= limit]


def next_due(store: Store, names: list[str]) -> datetime | None:
    s = tables.sources.c
    with store.engine.connect() as conn:
        first = conn.execute(select(func.min(s.next_poll)).where(s.name.in_(names))).scalar()
    return datetime.fromisoformat(first) if first else None


def finish_poll(store: Store, src: Source, error: str | None, stored: int, retry_at: float | None = None) -> None:
    """Record a poll's outcome and when to poll again: after ``every``, backing off after
    failures (doubling, up to a day), or when the server asked to be tried again."""
    s = tables.sources
    with store.engine.begin() as conn:
        row = conn.execute(select(s.c.failures, s.c.articles).where(s.c.name == src.name)).one()
        failures = row.failures + 1 if error else 0
        wait = min(src.every * 2 ** min(failures, 16), 86400.0) if error else src.every
        when = now() + timedelta(seconds=wait)
        if retry_at:
            when = max(when, datetime.fromtimestamp(retry_at, UTC))
        values = {
            "last_poll": stamp(),
            "failures": failures,
            "next_poll": stamp(when),
            "articles": row.articles + stored,
        }
        if error:
            values |= {"last_error": error, "last_error_at": stamp()}
        else:
            values["last_success"] = stamp()
        conn.execute(update(s).where(s.c.name == src.name).values(**values))


# -- items --------------------------------------------------------------------------------
def item(store: Store, url: str) -> dict | None:
    i = tables.items
    with store.engine.connect() as conn:
        row = conn.execute(select(i).where(i.c.url == url)).mappings().first()
    return dict(row) if row else None


def remember_listing(
    store: Store, source: str, url: str, entries: list[Entry], etag: str | None, last_modified: str | None
) -> int:
    """Record a listing's new articles as pending and its validators, in one transaction
    (so a 304 next time can never hide an article that was not recorded). Returns how many
    articles were new."""
    i = tables.items
    new = 0
    with store.engine.begin() as conn:
        urls = [e.url for e in entries]
        seen = set(conn.execute(select(i.c.url).where(i.c.url.in_(urls))).scalars()) if urls else set()
        for entry in entries:
            if entry.url in seen:
                continue
            seen.add(entry.url)
            conn.execute(
                insert(i).values(
                    url=entry.url,
                    source=source,
                    role="article",
                    status="pending",
                    title=entry.title,
                    published=entry.published,
                    first_seen=stamp(),
                    attempts=0,
                )
            )
            new += 1
        values = {"fetched_at": stamp(), "etag": etag, "last_modified": last_modified, "status": "unchanged"}
        if conn.execute(select(i.c.url).where(i.c.url == url)).first():
            conn.execute(update(i).where(i.c.url == url).values(error=None, **values))
        else:
            new_row = {"url": url, "source": source, "role": "listing", "first_seen": stamp(), "attempts": 0}
            conn.execute(insert(i).values(**new_row, **values))
    return new


def listing_failed(store: Store, source: str, url: str, error: str) -> None:
    i = tables.items
    with store.engine.begin() as conn:
        if conn.execute(select(i.c.url).where(i.c.url == url)).first():
            conn.execute(update(i).where(i.c.url == url).values(error=error, status="failed", fetched_at=stamp()))
        else:
            conn.execute(
                insert(i).values(
                    url=url, source=source, role="listing", status="failed", first_seen=stamp(), attempts=0, error=error
                )
            )


def revisit(store: Store, source: str, url: str) -> None:
    """A page source is asked for again at every poll (conditionally, with its validators)."""
    i = tables.items
    with store.engine.begin() as conn:
        row = conn.execute(select(i.c.status).where(i.c.url == url)).first()
        if row is None:
            new_row = {"url": url, "source": source, "role": "article", "status": "pending", "first_seen": stamp()}
            conn.execute(insert(i).values(attempts=0, **new_row))
        elif row.status not in OPEN:
            conn.execute(update(i).where(i.c.url == url).values(status="pending", attempts=0))


def open_items(store: Store, source: str) -> list[dict]:
    i = tables.items
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(i)
            .where(i.c.source == source, i.c.role == "article", i.c.status.in_(OPEN))
            .order_by(i.c.first_seen, i.c.url)
        ).mappings()
        return [dict(r) for r in rows]


def set_item(store: Store, url: str, **values) -> None:
    i = tables.items
    with store.engine.begin() as conn:
        conn.execute(update(i).where(i.c.url == url).values(**values))


def counts(store: Store) -> dict[str, dict[str, int]]:
    """Per source, how many of its articles are in each status."""
    i = tables.items.c
    out: dict[str, dict[str, int]] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(i.source, i.status, func.count()).where(i.role == "article").group_by(i.source, i.status)
        )
        for source, status, n in rows:
            out.setdefault(source, {})[status] = n
    return out


def sources(store: Store) -> list[dict]:
    s = tables.sources
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(s).order_by(s.c.name)).mappings()]
