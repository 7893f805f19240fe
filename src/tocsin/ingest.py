"""Ingest: read sources, run the pipeline, store each record in its own transaction.

A killed run resumes without duplicates or losses: documents are keyed by content, known
ones are skipped before the costly analysis, and each one is committed alone, together
with its near-duplicate link, its stories and its claim reconciliation
(``tocsin.stories.incremental``). A document that a reader, a stage or a store write
cannot handle is reported and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tocsin.article import Article, ReadError
from tocsin.document import Document
from tocsin.pipeline import Pipeline
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


def _label(article: Article) -> str:
    return article.path or article.url or "<stdin>"


def _analyse(pipeline: Pipeline, batch: list[Article], store: Store, report: IngestReport) -> list[Document]:
    """Run a batch; if a stage fails on it, retry one by one so only the culprit is lost."""
    seen: set[str] = set()

    def skip(doc: Document) -> bool:
        known = store.has(doc.record.id) or doc.record.id in seen
        if known:
            report.duplicates.append(_label(doc.article))
        seen.add(doc.record.id)
        return known

    try:
        return list(pipeline.process(batch, skip=skip))
    except Exception:  # noqa: BLE001 - one bad document must not stop the run
        if len(batch) == 1:
            raise
    docs: list[Document] = []
    for article in batch:
        try:
            docs += _analyse(pipeline, [article], store, report)
        except Exception as exc:  # noqa: BLE001
            report.failed.append(ReadError(_label(article), f"analysis failed: {type(exc).__name__}: {exc}"))
    return docs


def ingest(
    paths: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    progress: Callable[[int], None] | None = None,
    max_bytes: int | None = None,
) -> IngestReport:
    items = read(paths, **({"max_bytes": max_bytes} if max_bytes else {}))
    return ingest_articles(items, store, pipeline, progress)


def ingest_articles(
    items: Iterable[Article | ReadError],
    store: Store,
    pipeline: Pipeline,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Analyse and store articles a reader (or a fetcher) made, each in its own transaction."""
    report = IngestReport()
    for batch in _batches(items, pipeline, report):
        for doc in _analyse(pipeline, batch, store, report):
            store_document(store, doc, report)
        if progress:
            progress(len(batch))
    return report


def store_document(store: Store, doc: Document, report: IngestReport) -> None:
    """Write one analysed document with its stories in one transaction, and say how it went."""
    label = _label(doc.article)
    record = doc.record
    if not record.text.strip():
        report.failed.append(ReadError(label, "no article text left after cleaning"))
        return
    try:
        stored = incremental.save(store, record)
    except StoreError:
        raise  # the store itself is unusable: every later document would fail the same way
    except Exception as exc:  # noqa: BLE001 - one document that cannot be written must not stop the run
        report.failed.append(ReadError(label, f"could not be stored: {type(exc).__name__}: {str(exc)[:300]}"))
        return
    if not stored:
        report.duplicates.append(label)
        return
    report.stored.append(record.id)
    for error in record.analysis.errors if record.analysis else []:
        report.degraded.append(ReadError(label, f"stage {error.stage} failed: {error.error}"))
    for note in doc.article.notes:
        report.warnings.append(ReadError(label, note))
    report.words += len(record.text.split())


def _batches(items: Iterable[Article | ReadError], pipeline: Pipeline, report: IngestReport) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ReadError):
            report.failed.append(item)
            continue
        batch.append(item)
        if len(batch) >= pipeline.config.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
