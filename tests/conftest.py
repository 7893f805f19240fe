"""Shared fixtures: one real pipeline (spaCy model and knowledge base loaded once); and
the rule that every store a test builds passes ``tocsin check``."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from tocsin.pipeline import Config, Pipeline
from tocsin.store import Store, StoreError
from tocsin.store.check import check


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The full pipeline, as `tocsin ingest` builds it, with a fixed ingest date."""
    return Pipeline(Config(today=date(2026, 11, 23)))


@pytest.fixture(scope="session")
def nlp_pipeline(pipeline: Pipeline) -> Pipeline:
    return pipeline


@pytest.fixture(scope="session")
def page_pipeline() -> Pipeline:
    """Only the cheap page stages (clean, meta): no spaCy model, same ingest date."""
    return Pipeline(Config(stages=(), today=date(2026, 11, 23)))


# -- every store a test builds must pass `tocsin check` -------------------------------------
# A test that leaves a store `tocsin check` finds fault with fails, with the problems listed,
# unless it carries the `no_store_check` marker (it damages its stores on purpose). The
# stores looked at are those opened or written in this process during the test (SQLite files
# and PostgreSQL databases alike) and the SQLite stores under the test's tmp_path (which a
# `tocsin` child process may have made).

pytest_plugins = ["pytester"]  # tests/test_check.py runs a small suite under this rule

_touched: set[str] = set()  # URLs of the stores opened or written during the current test
_store_init = Store.__init__
_store_writing = Store.writing


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _recording_init(self: Store, engine, knowledge=None) -> None:
    _store_init(self, engine, knowledge)
    _touched.add(_url(self))


def _recording_writing(self: Store):
    _touched.add(_url(self))
    return _store_writing(self)


Store.__init__ = _recording_init  # type: ignore[method-assign]
Store.writing = _recording_writing  # type: ignore[method-assign]

SQLITE_HEADER = b"SQLite format 3\x00"


def _is_store(url: str) -> bool:
    """A database that still holds a Tocsin store (a test may have removed or reset it)."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        if not path or path == ":memory:" or not Path(path).is_file():
            return False
        with Path(path).open("rb") as f:
            if f.read(16) != SQLITE_HEADER:
                return False
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return "tocsin_meta" in names
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("tocsin_meta")
    finally:
        engine.dispose()


def _stores_of(item: pytest.Item) -> list[str]:
    urls = set(_touched)
    tmp = item.funcargs.get("tmp_path") if hasattr(item, "funcargs") else None
    if tmp is not None:
        urls |= {f"sqlite:///{p.resolve()}" for p in Path(tmp).rglob("*") if p.is_file() and _sqlite_file(p)}
    return sorted(u for u in urls if _is_store(u))


def _sqlite_file(path: Path) -> bool:
    if path.name.endswith(("-wal", "-shm", "-journal")):
        return False
    with path.open("rb") as f:
        return f.read(16) == SQLITE_HEADER


def _problems(url: str) -> list[str]:
    try:
        with Store.open(url) as store:
            return [str(p) for p in check(store)]
    except StoreError:  # a store this Tocsin may not open (newer, foreign) is the test's business
        return []


def pytest_runtest_setup(item: pytest.Item) -> None:
    _touched.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield  # a test that failed already is not checked again
    if item.get_closest_marker("no_store_check") is None:
        found = {url: _problems(url) for url in _stores_of(item)}
        found = {make_url(url).render_as_string(hide_password=True): p for url, p in found.items() if p}
        if found:
            lines = [f"{where}: {problem}" for where, problems in found.items() for problem in problems]
            pytest.fail("tocsin check finds problems in a store this test built:\n" + "\n".join(lines), pytrace=False)
    return result
