"""``tocsin ingest --workers N``: analysis in N local processes, one writer.

Each worker process builds the pipeline once and analyses whole batches; the parent reads
the input, keeps at most ``AHEAD`` batches per worker in flight (so memory stays flat
however large the input) and hands results back in input order, so a run stores the same
records in the same order as a run in one process. Workers are started with ``spawn``:
a fork would copy the parent's open database connections and threads.

A worker that dies (killed, out of memory) breaks the pool: the pool is started anew and
the batches in flight are analysed again one article at a time, so only an article that
kills its worker twice is reported as failed.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from tocsin.article import Article, ReadError
from tocsin.pipeline import Config
from tocsin.scale.work import Analysed, label, work

AHEAD = 2  # batches in flight per worker
BATCH = 8  # articles per batch: small enough to share out evenly, large enough for spaCy's pipe


class PoolRunner:
    def __init__(self, config: Config, workers: int, db: str | None = None, batch_size: int = BATCH):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.config = config
        self.workers = workers
        self.db = db
        self.batch_size = batch_size
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def _submit(self, batch: list[Article]) -> Future:
        return self._executor().submit(work, self.config, batch, self.db)

    def run(self, batches: Iterable[tuple[Any, list[Article]]]) -> Iterator[Analysed]:
        pending: deque[tuple[Any, list[Article], Future]] = deque()
        for tag, batch in batches:
            pending.append((tag, batch, self._submit(batch)))
            while len(pending) >= self.workers * AHEAD:
                yield self._result(pending)
        while pending:
            yield self._result(pending)

    def _result(self, pending: deque) -> Analysed:
        tag, batch, future = pending.popleft()
        try:
            result = future.result()
        except BrokenProcessPool:
            self._restart(pending)
            result = self._one_by_one(batch)
        result.tag = tag
        return result

    def _restart(self, pending: deque) -> None:
        """A new pool, and every batch still in flight submitted to it again."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
        for i, (tag, batch, _) in enumerate(list(pending)):
            pending[i] = (tag, batch, self._submit(batch))

    def _one_by_one(self, batch: list[Article]) -> Analysed:
        out = Analysed(articles=len(batch))
        for article in batch:
            try:
                part = self._submit([article]).result()
            except BrokenProcessPool:
                self._pool = None
                out.failed.append(ReadError(label(article), "analysis failed: the worker process died on it"))
                continue
            out.docs += part.docs
            out.duplicates += part.duplicates
            out.failed += part.failed
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
