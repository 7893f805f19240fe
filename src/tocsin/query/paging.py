"""Pages of a list. Rows are ordered by key columns, newest first, and the next page starts
strictly after the last row's key. The key travels to the client as an opaque cursor; a
key that does not belong to the list is a ValueError (the API answers 400)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, tuple_

from tocsin.store.database import Store

Row = dict[str, Any]  # one row of a list, by column name
Key = list[Any]  # a row's key values: where the next page starts
Page = tuple[list[Row], Key | None]


def fetch(store: Store, query: Select[Any]) -> list[Row]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def keyset(
    store: Store, query: Select[Any], columns: list[ColumnElement[Any]], limit: int, after: Key | None, names: list[str]
) -> Page:
    """Rows in the order ``columns`` descending (NULLs of the first column last), after ``after``.

    Only the first key column may be NULL. Rows with a value and rows without are read by two
    plain range queries, each in a plain descending order, so each walks an index instead of
    sorting the whole match (PostgreSQL walks an index backwards only for NULLs first).
    """
    if after is not None and (
        len(after) != len(columns)
        or not all(fits(v, c, nullable=i == 0) for i, (v, c) in enumerate(zip(after, columns, strict=True)))
    ):
        raise ValueError("cursor does not belong to this list")
    head, rest = columns[0], columns[1:]
    rows: list[Row] = []
    if after is None or after[0] is not None:
        valued = query.where(head.is_not(None))
        if after is not None:
            valued = valued.where(tuple_(*columns) < tuple_(*after))
        rows = fetch(store, valued.order_by(*(c.desc() for c in columns)).limit(limit + 1))
    if len(rows) <= limit:
        empty = query.where(head.is_(None))
        if after is not None and after[0] is None:
            empty = empty.where(tuple_(*rest) < tuple_(*after[1:]))
        rows += fetch(store, empty.order_by(*(c.desc() for c in rest)).limit(limit + 1 - len(rows)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, [rows[-1][n] for n in names]


INT64 = 2**63


def fits(value: object, column: ColumnElement[Any], nullable: bool) -> bool:
    """A cursor's key value has the type of its column (an integer column takes a 64-bit integer),
    so the database never sees a number where it keeps text or an integer it cannot hold."""
    if value is None:
        return nullable
    if isinstance(column.type, Integer):
        return isinstance(value, int) and not isinstance(value, bool) and -INT64 <= value < INT64
    return isinstance(value, str) and "\x00" not in value


def offset(store: Store, query: Select[Any], limit: int, after: Key | None) -> Page:
    """Pages by position, for aggregated lists that have no stable row key."""
    start = position(after)
    rows = fetch(store, query.offset(start).limit(limit + 1))
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], [start + limit]


def position(after: Key | None) -> int:
    if after is None:
        return 0
    if not (len(after) == 1 and isinstance(after[0], int) and not isinstance(after[0], bool) and 0 <= after[0] < INT64):
        raise ValueError("cursor does not belong to this list")
    start: int = after[0]
    return start


def in_memory(rows: list[Row], limit: int, after: Key | None) -> Page:
    """Pages over a list computed in full (alerts, network edges)."""
    start = position(after)
    more = len(rows) > start + limit
    return rows[start : start + limit], [start + limit] if more else None


def every(page: Callable[..., Page], *args: Any, batch: int = 1000, **kwargs: Any) -> Iterator[Row]:
    """Every row of a paged list, read ``batch`` rows at a time."""
    after: Key | None = None
    while True:
        rows, after = page(*args, limit=batch, after=after, **kwargs)
        yield from rows
        if after is None:
            return
