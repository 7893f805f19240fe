"""Analysing articles in parallel: in this process, in a pool of local processes, or on a
Dask cluster. Every runner takes batches of articles and gives back, in the same order,
what the analysis made of each batch (``tocsin.scale.work.Analysed``); the caller — one
writer — stores the records, each in its own transaction (``tocsin.ingest``).

Runners stream: at most a few batches per worker are in flight, so memory stays flat
however long the input is.

What the benchmarks of scale store lives here too: ``generated`` writes invented rows
straight into the tables (the API timed on a million events), ``derived`` makes distinct
documents from a few analysed records for the real write path (the store timed as it grows).
"""

from tocsin.scale.work import Analysed, Runner, analyse_batch

__all__ = ["Analysed", "Runner", "analyse_batch", "runner_for"]


def runner_for(pipeline, store=None, workers: int = 1, dask: str | None = None, db: str | None = None) -> Runner:
    """The runner a command line asks for: ``dask`` (an address, or ``local``) wins over
    ``workers``; one worker analyses in this process."""
    if dask:
        from tocsin.scale.cluster import DaskRunner

        return DaskRunner(pipeline.config, dask, workers=workers)
    if workers > 1:
        from tocsin.scale.pool import PoolRunner

        return PoolRunner(pipeline.config, workers, db=db)
    from tocsin.scale.work import InProcess

    return InProcess(pipeline, store)
