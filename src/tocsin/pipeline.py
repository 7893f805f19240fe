"""Builds the stages for each language and runs articles through them.

Like a spaCy ``Language``: a pipeline is a list of small named components over one
document. Stages are found in the stage registry (``tocsin.registry.STAGES``): each
declares what it requires from the document and what it assigns, and the pipeline
checks, when it builds a language's stages, that every requirement is met by an earlier
stage. Two cheap stages (clean, meta) prepare every document and find its language; the
document then goes through the analysis stages of that language (``tocsin.languages``).
A stage that gains from batching (the parse) also has ``pipe(docs)``.

A stage that fails on one document does not lose it: the stage's output is reset, the
error is written in ``record.analysis.errors``, stages that need what it failed to make
are skipped, and the document goes on to be stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Protocol

from tocsin import sections
from tocsin.article import Article
from tocsin.document import Document
from tocsin.knowledge import data_dir
from tocsin.knowledge.base import Knowledge
from tocsin.languages import Language, language
from tocsin.record import Analysis, DocumentRecord, Source, StageError
from tocsin.registry import STAGES, StageSpec
from tocsin.sections import Limits

# Cheap stages that fix the text, its id and its language; the store is asked about
# duplicates after them.
PREPARE = ("clean", "meta")
# What a document holds before any stage runs.
GIVEN = frozenset({"article", "source", "title", "published"})
log = logging.getLogger(__name__)


@dataclass
class Config:
    models: dict[str, str] = field(default_factory=dict)  # language code -> parsing model, over the language's own
    today: date = field(default_factory=date.today)
    data: Path = field(default_factory=data_dir)
    batch_size: int = 32
    stages: tuple[str, ...] | None = None  # the analysis stages to run (default: each language's own)
    limits: Limits = field(default_factory=Limits)  # what one document may cost

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge base in ``data``, loaded once and shared with whatever reads the same folder."""
        return Knowledge.at(self.data)


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> None: ...


class PipelineError(ValueError):
    """A pipeline that cannot be built: an unknown stage, or one whose requirements nothing meets."""


def content_id(text: str) -> str:
    """Documents are keyed by a hash of their cleaned text, blind to white space."""
    squashed = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(squashed.encode("utf-8")).hexdigest()[:20]


def new_document(article: Article) -> Document:
    source = Source(path=article.path, url=article.url, outlet=article.outlet)
    record = DocumentRecord(id="", source=source, title=article.title, published=article.published)
    if article.notes:
        record.analysis = Analysis(notes=list(article.notes))
    return Document(article=article, record=record)


@dataclass
class Built:
    """One stage as built for a language: its contract and the callable."""

    spec: StageSpec
    stage: Stage

    @property
    def name(self) -> str:
        return self.spec.name


def order(names: Iterable[str]) -> list[StageSpec]:
    """The specs of ``names`` in order, with plugin stages that ask to follow one of them."""
    specs = [STAGES.get(n) for n in names]
    listed = {s.name for s in specs}
    placed = {s.name for s in specs}
    extra = [spec for _, spec in STAGES.items() if spec.after is not None and spec.name not in listed]
    for spec in extra:
        at = next((i for i, s in enumerate(specs) if s.name == spec.after), None)
        if at is not None:
            specs.insert(at + 1, spec)
            placed.add(spec.name)
    return specs


def check(specs: list[StageSpec], given: Iterable[str] = GIVEN) -> None:
    """Every stage's requirements are assigned by a stage before it."""
    have = set(given)
    for spec in specs:
        missing = [r for r in spec.requires if r not in have]
        if missing:
            raise PipelineError(f"stage {spec.name!r} requires {', '.join(missing)}, which no earlier stage assigns")
        have.update(spec.assigns)


class Pipeline:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        prepare = order(PREPARE)
        check(prepare)
        self.prepared = frozenset(GIVEN | {a for s in prepare for a in s.assigns})
        self.prepare_stages = [Built(s, s.factory(self.config, None)) for s in prepare]
        self._analysis: dict[str, list[Built]] = {}

    def stages_for(self, lang: Language) -> list[Built]:
        """The analysis stages of ``lang``, built (and models loaded) on first use."""
        if lang.code not in self._analysis:
            specs = order(self.config.stages if self.config.stages is not None else lang.stages)
            check(specs, self.prepared)
            self._analysis[lang.code] = [Built(s, s.factory(self.config, lang)) for s in specs]
        return self._analysis[lang.code]

    def built(self, code: str = "en") -> list[Built]:
        """Every stage a document in language ``code`` goes through, in order."""
        lang = language(code)
        return self.prepare_stages + (self.stages_for(lang) if lang else [])

    def names(self, code: str = "en") -> list[str]:
        return [b.name for b in self.built(code)]

    @property
    def stages(self) -> list[Stage]:
        return [b.stage for b in self.built()]

    def run_stages(self, docs: list[Document], names: Iterable[str], code: str = "en") -> None:
        """Run only the named stages, in pipeline order (for tests and partial re-analysis)."""
        wanted = set(names)
        for built in self.built(code):
            if built.name in wanted:
                run(built, docs)

    # -- running -------------------------------------------------------------------
    def prepare(self, docs: list[Document]) -> None:
        for built in self.prepare_stages:
            run(built, docs)
        for doc in docs:
            doc.record.id = content_id(doc.record.text)

    def analyse(self, docs: list[Document]) -> None:
        by_language: dict[str | None, list[Document]] = {}
        for doc in docs:
            by_language.setdefault(doc.record.language, []).append(doc)
        for code, group in by_language.items():
            lang = language(code)
            if lang is None:
                for doc in group:
                    doc.record.analysis = analysis(doc)
                    doc.record.analysis.analysed = False
                    doc.record.analysis.notes.append(f"no analysis for language {code or 'unknown'!r}: stored as text")
                continue
            for doc in group:
                analysis(doc).language = lang.code
            stages = self.stages_for(lang)
            longest = self.config.limits.section_chars
            for built in stages:
                run(built, [d for d in group if len(d.record.text) <= longest])
            for doc in group:
                if len(doc.record.text) > longest:
                    self._analyse_in_sections(doc, stages)
                analysis(doc).notes.extend(sections.cap(doc.record, self.config.limits.items))

    def _analyse_in_sections(self, doc: Document, stages: list[Built]) -> None:
        """A very long document, section by section (see ``tocsin.sections``), within the time budget."""
        limits = self.config.limits
        pieces = sections.split(doc.record.text, limits.section_chars)
        notes = analysis(doc).notes
        notes.append(
            f"analysed in {len(pieces)} sections of at most {limits.section_chars:,} characters "
            "(nothing links one section to another)"
        )
        started = time.monotonic()
        for i in range(0, len(pieces), limits.sections_at_once):
            if time.monotonic() - started > limits.time_budget:
                notes.append(
                    f"time budget of {limits.time_budget:g} s reached: text from character {pieces[i][0]:,} "
                    f"on ({len(pieces) - i} of {len(pieces)} sections) was stored but not analysed"
                )
                break
            batch = pieces[i : i + limits.sections_at_once]
            parts = [sections.part(doc, text, first=offset == 0) for offset, text in batch]
            for built in stages:
                run(built, parts)
            for (offset, _), part in zip(batch, parts, strict=True):
                sections.merge(doc, part, offset)

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


def analysis(doc: Document) -> Analysis:
    if doc.record.analysis is None:
        doc.record.analysis = Analysis()
    return doc.record.analysis


def run(built: Built, docs: list[Document]) -> None:
    """Run one stage over ``docs``; a failure costs only that stage's output on that document."""
    ready = [d for d in docs if not _blocked(built.spec, d)]
    pipe = getattr(built.stage, "pipe", None)
    if pipe is not None and len(ready) > 1:
        try:
            pipe(ready)
            _ran(built, ready)
            return
        except Exception:  # noqa: BLE001 - retry one by one to find the document at fault
            log.debug("stage %s failed on a batch; retrying one by one", built.name, exc_info=True)
    for doc in ready:
        try:
            (pipe([doc]) if pipe is not None else built.stage(doc))
        except Exception as exc:  # noqa: BLE001 - a failing stage degrades, never drops the document
            fail(built.spec, doc, exc)
        else:
            _ran(built, [doc])


def _ran(built: Built, docs: list[Document]) -> None:
    for doc in docs:
        analysis(doc).stages.append(built.name)


def _blocked(spec: StageSpec, doc: Document) -> bool:
    """A stage needing what a failed stage should have made is skipped on that document."""
    if doc.record.analysis is None or not doc.record.analysis.errors:
        return False
    failed = {e.stage for e in doc.record.analysis.errors}
    lost = {a for name in failed if name in STAGES for a in STAGES.get(name).assigns}
    missing = lost & set(spec.requires)
    if missing:
        analysis(doc).notes.append(f"stage {spec.name} skipped: it needs {', '.join(sorted(missing))}")
    return bool(missing)


def fail(spec: StageSpec, doc: Document, exc: BaseException) -> None:
    """Record a stage's failure on ``doc`` and reset what it assigns."""
    message = f"{type(exc).__name__}: {exc}"[:500]
    log.warning("stage %s failed on %s: %s", spec.name, doc.article.path or doc.record.id or "a document", message)
    analysis(doc).errors.append(StageError(stage=spec.name, error=message))
    for name in spec.assigns:
        reset(doc, name)


def reset(doc: Document, name: str) -> None:
    """Put a document or record field back to its empty value."""
    record_fields = DocumentRecord.model_fields
    if name in record_fields and name not in {"id", "text"}:
        info = record_fields[name]
        setattr(doc.record, name, info.get_default(call_default_factory=True))
        return
    for f in fields(doc):
        if f.name == name:
            default = f.default_factory() if callable(f.default_factory) else f.default
            setattr(doc, name, default)
            return
