"""Ingest: read sources, run the pipeline, store each record in its own transaction.

A killed run resumes without duplicates: documents are keyed by content, known ones are
skipped before the costly analysis, and each one is committed alone. A document that a
reader or a stage cannot handle is reported and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tocsin.article import Article, ReadError
from tocsin.document import Document
from tocsin.pipeline import Pipeline
from tocsin.sources import read
from tocsin.store import Store
from tocsin.stories import incremental


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[ReadError] = field(default_factory=list)
    degraded: list[ReadError] = field(default_factory=list)  # stored, but a stage failed on it
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
        docs = _analyse(pipeline, batch, store, report)
        new: list[str] = []
        for doc in docs:
            if not doc.record.text.strip():
                report.failed.append(ReadError(_label(doc.article), "no article text left after cleaning"))
                continue
            incremental.before_save(store, doc.record)
            if store.save(doc.record):
                report.stored.append(doc.record.id)
                for error in doc.record.analysis.errors if doc.record.analysis else []:
                    report.degraded.append(ReadError(_label(doc.article), f"stage {error.stage} failed: {error.error}"))
                report.words += len(doc.record.text.split())
                new.append(doc.record.id)
            else:
                report.duplicates.append(_label(doc.article))
        incremental.after_save(store, new)
        if progress:
            progress(len(batch))
    return report


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
