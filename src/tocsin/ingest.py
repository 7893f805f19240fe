"""Ingest: read sources, run the pipeline, store each record in its own transaction.

A killed run resumes without duplicates or losses: documents are keyed by content, known
ones are skipped before the costly analysis, and each one is committed alone, together
with its near-duplicate link, its stories and its claim reconciliation
(``tocsin.stories.incremental``). A document that a reader, a stage or a store write
cannot handle is reported and the run goes on.

Analysis may run in this process, in a pool of local processes or on a Dask cluster
(``tocsin.scale``); whichever runs it, this process is the one writer, and stores the
records in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tocsin.article import Article, ReadError
from tocsin.document import Document
from tocsin.pipeline import Pipeline
from tocsin.scale.work import InProcess, Runner, label
from tocsin.sources import read
from tocsin.store import Store
from tocsin.store.setup import StoreError
from tocsin.stories import incremental


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[ReadError] = field(default_factory=list)
    degraded: list[ReadError] = field(default_factory=list)  # stored, but a stage failed on it
    warnings: list[ReadError] = field(default_factory=list)  # stored, but the reader changed something
    words: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def ingest(
    paths: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
    runner: Runner | None = None,
) -> IngestReport:
    items = read(paths, **({"max_bytes": max_bytes} if max_bytes else {}))
    return ingest_articles(items, store, pipeline, progress, runner)


def ingest_articles(
    items: Iterable[Article | ReadError],
    store: Store,
    pipeline: Pipeline,
    progress: Callable[[Any], None] | None = None,
    runner: Runner | None = None,
    report: IngestReport | None = None,
    tag: Callable[[int], Any] | None = None,
) -> IngestReport:
    """Analyse and store articles a reader (or a fetcher) made, each in its own transaction.
    ``progress`` is called after each batch is stored with the batch's tag: ``tag(articles
    in the batch)``, by default that number. ``runner`` analyses (default: in this process)."""
    report = report if report is not None else IngestReport()
    runner = runner or InProcess(pipeline, store)
    for result in runner.run(batches(items, runner.batch_size, report, tag)):
        report.duplicates += result.duplicates
        report.failed += result.failed
        for doc in result.docs:
            store_document(store, doc, report)
        if progress:
            progress(result.tag)
    return report


def store_document(store: Store, doc: Document, report: IngestReport) -> None:
    """Write one analysed document with its stories in one transaction, and say how it went."""
    name = label(doc.article)
    record = doc.record
    if not record.text.strip():
        report.failed.append(ReadError(name, "no article text left after cleaning"))
        return
    try:
        stored = incremental.save(store, record)
    except StoreError:
        raise  # the store itself is unusable: every later document would fail the same way
    except Exception as exc:  # noqa: BLE001 - one document that cannot be written must not stop the run
        report.failed.append(ReadError(name, f"could not be stored: {type(exc).__name__}: {str(exc)[:300]}"))
        return
    if not stored:
        report.duplicates.append(name)
        return
    report.stored.append(record.id)
    for error in record.analysis.errors if record.analysis else []:
        report.degraded.append(ReadError(name, f"stage {error.stage} failed: {error.error}"))
    for note in doc.article.notes:
        report.warnings.append(ReadError(name, note))
    report.words += len(record.text.split())


def batches(
    items: Iterable[Article | ReadError], size: int, report: IngestReport, tag: Callable[[int], Any] | None = None
) -> Iterator[tuple[Any, list[Article]]]:
    """Articles in batches of ``size``, each with its tag (``tag(len(batch))``, by default the
    batch's length); read errors go straight to the report."""
    tag = tag or (lambda n: n)
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ReadError):
            report.failed.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield tag(len(batch)), batch
            batch = []
    if batch:
        yield tag(len(batch)), batch
