"""The Python API: a store opened for reading, each list a ``Result`` that becomes a pandas
DataFrame, a list of dicts, or a file.

    >>> import tocsin
    >>> store = tocsin.open("var/demo.db")
    >>> store.events(country="TJK", since="2025-07").to_pandas()
    >>> store.stories(type="ASSAULT").to_list()
    >>> store.alerts(period="month").to_csv("alerts.csv")

Every list takes the same filters as the command line and the API (``country`` as a name or
an ISO-3 code, ``actor``, ``type``, ``since``, ``until``, ``outlet``, ``q``, ``bbox``, ``doc_id``,
``story_id``); rows have the documented columns of docs/exports.md, with lists as lists and
dates as pandas dates in DataFrames.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.knowledge.base import Knowledge
from tocsin.query import Filter
from tocsin.query.filters import FIELDS
from tocsin.store import Store, database_url


class NoStore(FileNotFoundError):
    """The store a command or notebook names does not exist yet."""


def open_store(db: str | None, create: bool = False, knowledge: Knowledge | None = None) -> Store:
    """Open a store (reading facts from ``knowledge``, default ``Knowledge.at()``); unless
    ``create``, a SQLite file that does not exist is an error that says how to make one,
    instead of a silently created empty store."""
    url = database_url(db)
    if not create and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise NoStore(f"no store at {path} — run `tocsin ingest PATH... --db {path}` first")
    return Store.open(db, knowledge)


@dataclass
class Result:
    """The rows of one table for one filter, read when asked for."""

    store: Store
    table: str
    flt: Filter
    options: dict[str, Any] = field(default_factory=dict)
    limit: int | None = None

    @property
    def columns(self) -> dict[str, str]:
        from tocsin.exports.tables import TABLES

        return TABLES[self.table].columns

    def __iter__(self) -> Iterator[dict]:
        from itertools import islice

        from tocsin.exports.tables import TABLES

        rows = TABLES[self.table].rows(self.store, self.flt, **self.options)
        return iter(islice(rows, self.limit) if self.limit is not None else rows)

    def to_list(self) -> list[dict]:
        return list(self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def head(self, n: int = 10) -> Result:
        return Result(self.store, self.table, self.flt, self.options, n)

    def to_arrow(self):
        from tocsin.exports.writers import arrow_table

        return arrow_table(self, self.columns)

    def to_pandas(self):
        """A DataFrame with the documented columns: dates as dates, integers as nullable
        integers (a missing count stays missing, never a float), lists as lists."""
        import pandas as pd

        frame = self.to_arrow().to_pandas(
            types_mapper={
                __import__("pyarrow").int64(): pd.Int64Dtype(),
            }.get
        )
        for column, kind in self.columns.items():
            if kind == "date":
                frame[column] = pd.to_datetime(frame[column])
        return frame

    def to_csv(self, path: str | Path) -> int:
        from tocsin.exports.writers import write_csv

        with Path(path).open("w", encoding="utf-8", newline="") as out:
            return write_csv(self, self.columns, out)

    def to_parquet(self, path: str | Path) -> int:
        from tocsin.exports.writers import write_parquet

        with Path(path).open("wb") as out:
            return write_parquet(self, self.columns, out)

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in (self.flt.given() | self.options).items())
        return f"<{self.table}({given})>"


class Dataset:
    """A store opened for analysis. Each method returns a ``Result`` of one table."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def open(cls, db: str | None = None, create: bool = False) -> Dataset:
        return cls(open_store(db, create))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _result(self, table: str, filters: dict[str, Any], options: tuple[str, ...] = ()) -> Result:
        opts = {k: filters.pop(k) for k in options if k in filters}
        unknown = set(filters) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown filter {', '.join(sorted(unknown))}; filters are {', '.join(FIELDS)}")
        return Result(self.store, table, Filter(**filters), opts)

    def events(self, **filters) -> Result:
        """Coded events, newest first (one row per report: count stories, not these)."""
        return self._result("events", filters)

    def stories(self, **filters) -> Result:
        """Stories: one per happening, however many articles report it."""
        return self._result("stories", filters)

    def documents(self, **filters) -> Result:
        return self._result("documents", filters)

    def alerts(self, **filters) -> Result:
        """Alerts; besides the filters: ``period`` (day, week, month), ``at`` (a day), ``history``."""
        return self._result("alerts", filters, ("period", "at", "history"))

    def disagreements(self, **filters) -> Result:
        return self._result("disagreements", filters, ("attribute", "subject"))

    def threats(self, **filters) -> Result:
        return self._result("threats", filters, ("kind", "level"))

    def network(self, **filters) -> Result:
        return self._result("network", filters)

    def actors(self, **filters) -> Result:
        """Actors across documents, the most reported first (``country``, ``q``, ``kind``)."""
        return self._result("actors", filters, ("kind",))

    def places(self, **filters) -> Result:
        return self._result("places", filters)

    def quotes(self, **filters) -> Result:
        return self._result("quotes", filters)

    def claims(self, **filters) -> Result:
        """Numeric claims; besides the filters: ``attribute`` (killed, troops...)."""
        return self._result("claims", filters, ("attribute",))

    def record(self, doc_id: str):
        """One document's full record (``tocsin.record.DocumentRecord``), or None."""
        return self.store.get(doc_id)

    def counts(self, **filters) -> dict:
        from tocsin.query.summary import counts

        return counts(self.store, Filter(**filters))

    def __repr__(self) -> str:
        return f"<tocsin store {self.store.engine.url!r}>"
