"""``tocsin ingest --dask tcp://HOST:8786`` (or ``--dask local``): analysis on a Dask cluster.

Batches of articles go to the cluster's workers as tasks; each worker process builds the
pipeline on its first batch and keeps it (``tocsin.scale.work``), so a worker needs only
Tocsin and its models installed. Records come back to this process, the one writer, which
stores them in the configured store. At most ``AHEAD`` batches per worker thread are in
flight, and results are taken in input order.

``local`` starts a ``LocalCluster`` of worker processes on the loopback interface, with
no dashboard: nothing listens beyond this machine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from tocsin.article import Article, ReadError
from tocsin.pipeline import Config
from tocsin.scale.work import Analysed, for_workers, label, work

AHEAD = 2
BATCH = 8
CONNECT_WAIT = "15s"  # how long to try reaching a scheduler before saying it cannot be reached


class DaskRunner:
    def __init__(self, config: Config, address: str, workers: int = 2, batch_size: int = BATCH):
        from distributed import Client, LocalCluster

        self.config = for_workers(config)
        self.batch_size = batch_size
        self._cluster = None
        if address == "local":
            self._cluster = LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None,
            )  # fmt: skip
            self.client = Client(self._cluster)
        else:
            self.client = Client(address, timeout=CONNECT_WAIT)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def run(self, batches: Iterable[tuple[Any, list[Article]]]) -> Iterator[Analysed]:
        pending: deque = deque()
        for tag, batch in batches:
            pending.append((tag, batch, self.client.submit(work, self.config, batch, None, pure=False)))
            while len(pending) >= self.slots * AHEAD:
                yield self._result(pending)
        while pending:
            yield self._result(pending)

    @staticmethod
    def _result(pending: deque) -> Analysed:
        tag, batch, future = pending.popleft()
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a batch that kills its workers costs that batch only
            reason = f"analysis failed on the cluster: {type(exc).__name__}: {str(exc)[:200]}"
            result = Analysed(failed=[ReadError(label(a), reason) for a in batch], articles=len(batch))
        future.release()
        result.tag = tag
        return result

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
