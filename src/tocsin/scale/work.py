"""What one worker does with one batch of articles, wherever it runs.

The analysis of a batch is retried article by article when a stage raises on the batch,
so only the article at fault is lost. What travels back to the writer is slim: the record
and the little of the article the report needs (its label and the reader's notes), never
the spaCy parse or the raw page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from tocsin.article import Article, ReadError
from tocsin.document import Document
from tocsin.pipeline import Config, Pipeline


@dataclass
class Analysed:
    """A batch after analysis: documents ready to store, and what was left out and why."""

    docs: list[Document] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # labels of articles already stored
    failed: list[ReadError] = field(default_factory=list)
    articles: int = 0  # how many articles the batch held
    tag: Any = None  # what the caller attached to the batch (for progress)


def label(article: Article) -> str:
    return article.path or article.url or "<stdin>"


def slim(doc: Document) -> Document:
    """The document as the writer needs it: the record, and the article's label and notes."""
    a = doc.article
    article = Article(path=a.path, url=a.url, title=a.title, published=a.published, outlet=a.outlet, notes=a.notes)
    return Document(article=article, record=doc.record)


def analyse_batch(pipeline: Pipeline, batch: list[Article], known: Callable[[str], bool] | None = None) -> Analysed:
    """Analyse ``batch``; ``known`` says whether a document id is already stored, so that a
    known text is skipped after the cheap cleaning and before the costly analysis."""
    out = Analysed(articles=len(batch))
    seen: set[str] = set()

    def skip(doc: Document) -> bool:
        doc_id = doc.record.id
        repeated = doc_id in seen or (known is not None and known(doc_id))
        seen.add(doc_id)
        if repeated:
            out.duplicates.append(label(doc.article))
        return repeated

    def run(articles: list[Article]) -> None:
        mark, before = len(out.duplicates), set(seen)
        try:
            out.docs += [slim(d) for d in pipeline.process(articles, skip=skip)]
            return
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            del out.duplicates[mark:]  # the retry below sees these articles again
            seen.clear()
            seen.update(before)
            if len(articles) == 1:
                out.failed.append(
                    ReadError(label(articles[0]), f"analysis failed: {type(exc).__name__}: {str(exc)[:300]}")
                )
                return
        for article in articles:
            run([article])

    run(batch)
    return out


class Runner(Protocol):
    """Analyses batches and yields what became of each, in the order they were given."""

    batch_size: int

    def run(self, batches: Iterable[tuple[Any, list[Article]]]) -> Iterator[Analysed]: ...

    def close(self) -> None: ...


class InProcess:
    """Analysis in this process, one batch after the other (the default)."""

    def __init__(self, pipeline: Pipeline, store=None, batch_size: int | None = None):
        self.pipeline = pipeline
        self.store = store
        self.batch_size = batch_size or pipeline.config.batch_size

    def run(self, batches: Iterable[tuple[Any, list[Article]]]) -> Iterator[Analysed]:
        known = self.store.has if self.store is not None else None
        for tag, batch in batches:
            result = analyse_batch(self.pipeline, batch, known)
            result.tag = tag
            yield result

    def close(self) -> None:
        pass


# -- in a worker process -------------------------------------------------------------------
# A worker builds its pipeline once, on its first batch, and keeps it: the models of each
# language are loaded when the first document in that language arrives.
_PIPELINES: dict[int, Pipeline] = {}
_STORES: dict[str, Any] = {}


def for_workers(config: Config) -> Config:
    """The configuration as sent to workers elsewhere: the knowledge base shipped in the
    package is named by ``None`` so that each worker finds its own installed copy (a folder
    named by ``$TOCSIN_DATA`` is sent as it is, and must exist on every worker)."""
    from dataclasses import replace

    from tocsin.knowledge import PACKAGE_DATA

    # None stands for the package's copy only between here and worker_pipeline, which resolves it
    return replace(config, data=None) if config.data == PACKAGE_DATA else config  # type: ignore[arg-type]


def worker_pipeline(config: Config) -> Pipeline:
    if config.data is None:
        from dataclasses import replace

        from tocsin.knowledge import PACKAGE_DATA

        config = replace(config, data=PACKAGE_DATA)
    key = hash(repr(config))
    if key not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[key] = Pipeline(config)
    return _PIPELINES[key]


def work(config: Config, batch: list[Article], db: str | None = None) -> Analysed:
    """One batch in a worker process; with ``db``, texts already stored there are skipped."""
    known = None
    if db:
        from tocsin.store import Store

        if db not in _STORES:
            _STORES[db] = Store.open(db)
        known = _STORES[db].has
    return analyse_batch(worker_pipeline(config), batch, known)
