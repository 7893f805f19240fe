"""The Russian nlp stage: natasha's models parse the text into one spaCy ``Doc``.

natasha (razdel for tokens and sentences, slovnet's news models for morphology, syntax and
named entities, pymorphy for lemmas) ships its weights inside the packages and runs
offline on numpy. Its output is copied into a spaCy ``Doc`` with Universal Dependencies
labels, so that the shared structures (sentences, evidence spans, mentions) work as for
English. White space between tokens that is not a single space becomes a ``SPACE`` token,
as spaCy makes it, so that character offsets are those of ``record.text``.

The names natasha finds keep their nominative form ("Таджикистана" → "Таджикистан") in
``doc.user_data["normal"]``, keyed by character span, for the actors and places stages.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import spacy
from spacy.tokens import Doc, Span

from tocsin.document import Document
from tocsin.registry import stage

if TYPE_CHECKING:
    from spacy.vocab import Vocab

    from tocsin.languages import Language
    from tocsin.pipeline import Config

MAX_CHARS = 2_000_000
BATCH = 32  # sentences per slovnet call
log = logging.getLogger(__name__)


class Models:
    """natasha's segmenter, morphology, syntax and NER models and the lemma dictionary, loaded once."""

    def __init__(self) -> None:
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )

        emb = NewsEmbedding()
        self.segmenter = Segmenter()
        self.vocab = MorphVocab()
        self.morph = NewsMorphTagger(emb)
        self.syntax = NewsSyntaxParser(emb)
        self.ner = NewsNERTagger(emb)
        for model in (self.morph, self.syntax, self.ner):
            model.batch_size = BATCH
        self.spacy_vocab = spacy.blank("ru").vocab
        from threadpoolctl import ThreadpoolController

        self.blas = ThreadpoolController()  # found once: limiting through it is then cheap


@lru_cache(maxsize=1)
def models() -> Models:
    return Models()


def parse(text: str, m: Models | None = None) -> Doc:
    """``text`` as a spaCy Doc carrying natasha's tokens, lemmas, morphology, tree and names."""
    from natasha import Doc as NatashaDoc
    from natasha.norm import normalize

    m = m or models()
    nd = NatashaDoc(text)
    nd.segment(m.segmenter)
    if nd.tokens:
        # slovnet's small matrix products run several times faster on one BLAS thread than
        # on many contending for the cores
        with m.blas.limit(limits=1, user_api="blas"):
            nd.tag_morph(m.morph)
            nd.parse_syntax(m.syntax)
            nd.tag_ner(m.ner)
        for tok in nd.tokens:
            tok.lemmatize(m.vocab)
    words: list[str] = []
    spaces: list[bool] = []
    attrs: dict[str, list[Any]] = {"lemmas": [], "pos": [], "morphs": [], "deps": [], "heads": []}
    where: dict[str, int] = {}  # natasha token id -> our index
    owner: list[str | None] = []  # natasha head id of each of our tokens (None: white space)
    sentence: list[int] = []  # the razdel sentence of each of our tokens
    pos = 0

    def white(gap: str, before_next: bool) -> None:
        words.append(gap)
        spaces.append(False)
        sentence.append(len(nd.sents) if not before_next else current[0])
        owner.append("next" if before_next else "prev")
        for key, value in (("lemmas", gap), ("pos", "SPACE"), ("morphs", ""), ("deps", "dep")):
            attrs[key].append(value)

    current = [0]
    for number, sent in enumerate(nd.sents):
        current[0] = number
        root = None  # one tree per sentence, so that spaCy's sentences are razdel's
        for tok in sent.tokens:
            gap = text[pos : tok.start]
            if gap == " " and words:
                spaces[-1] = True
            elif gap:
                white(gap, not words or "\n" in gap)
            where[tok.id] = len(words)
            sentence.append(number)
            words.append(tok.text)
            spaces.append(False)
            head = tok.head_id if tok.head_id != tok.id and tok.head_id in _ids(sent) else None
            rel = tok.rel or "dep"
            if head is None:
                head, rel = (root, "parataxis") if root else (None, "ROOT")
                root = root or tok.id
            owner.append(head)
            attrs["lemmas"].append((tok.lemma or tok.text.lower()).replace("ё", "е"))
            attrs["pos"].append(tok.pos or "X")
            attrs["morphs"].append("|".join(f"{k}={v}" for k, v in sorted((tok.feats or {}).items())))
            attrs["deps"].append(rel)
            pos = tok.stop
    if pos < len(text):
        tail = text[pos:]
        if tail == " " and words:
            spaces[-1] = True
        else:
            white(tail, False)
    heads = _acyclic(_heads(owner, where, attrs["deps"]), attrs["deps"], sentence)
    doc = Doc(
        m.spacy_vocab,
        words=words,
        spaces=spaces,
        lemmas=attrs["lemmas"],
        pos=attrs["pos"],
        morphs=attrs["morphs"],
        deps=attrs["deps"],
        heads=heads,
    )
    ents: list[Span] = []
    normal: dict[tuple[int, int], str] = {}
    for span in nd.spans:
        found = doc.char_span(span.start, span.stop, label=span.type, alignment_mode="expand")
        if found is None or any(found.start < e.end and e.start < found.end for e in ents):
            continue
        ents.append(found)
        try:
            normal[(span.start, span.stop)] = normalize(m.vocab, span.tokens)
        except Exception:  # noqa: BLE001 - a name that will not inflect keeps its form
            normal[(span.start, span.stop)] = span.text
    doc.ents = ents
    doc.user_data["normal"] = normal
    return doc


def _ids(sent: Any) -> set[str]:
    ids = sent.__dict__.get("_ids")
    if ids is None:
        ids = sent.__dict__["_ids"] = {t.id for t in sent.tokens}
    found: set[str] = ids
    return found


def _heads(owner: list[str | None], where: dict[str, int], deps: list[str]) -> list[int]:
    """Absolute head indexes: natasha's heads; white space hangs on a neighbouring word."""
    heads = []
    words = [i for i, o in enumerate(owner) if o not in ("next", "prev")]
    for i, o in enumerate(owner):
        if o == "prev" or o == "next":
            before = [w for w in words if w < i]
            after = [w for w in words if w > i]
            near = (before[-1:] if o == "prev" else after[:1]) or before[-1:] or after[:1]
            heads.append(near[0] if near else i)
        elif o is None or o not in where:
            heads.append(i)
            deps[i] = "ROOT"
        else:
            heads.append(where[o])
    return heads


def _acyclic(heads: list[int], deps: list[str], sentence: list[int]) -> list[int]:
    """Breaks the rare cycle of a predicted tree: its word hangs on the root of its sentence."""
    roots = {sentence[r]: r for r in range(len(heads)) if heads[r] == r and deps[r] == "ROOT"}
    for i in range(len(heads)):
        seen = set()
        k = i
        while heads[k] != k and k not in seen:
            seen.add(k)
            k = heads[k]
        if heads[k] == k:
            continue
        root = roots.get(sentence[k])
        if root is None:
            heads[k], deps[k] = k, "ROOT"
            roots[sentence[k]] = k
        else:
            heads[k], deps[k] = root, "dep"
    return heads


# pymorphy's part-of-speech tags as Universal Dependencies tags
UPOS = {"NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "VERB": "VERB", "INFN": "VERB",
        "PRTF": "ADJ", "PRTS": "VERB", "GRND": "VERB", "NUMR": "NUM", "ADVB": "ADV", "NPRO": "PRON",
        "PREP": "ADP", "CONJ": "CCONJ", "PRCL": "PART", "INTJ": "INTJ"}  # fmt: skip


def tokenize(text: str, language: str) -> Doc:
    """A language natasha has no models for (Ukrainian): razdel's tokens and sentences,
    pymorphy3's lemma and part of speech, no tree and no names."""
    from razdel import sentenize
    from razdel import tokenize as words_of

    from tocsin.knowledge.russian import analyzer

    morph = analyzer(language)
    cols: dict[str, list[Any]] = {"words": [], "spaces": [], "sent_starts": [], "lemmas": [], "pos": []}

    def push(word: str, start: bool, lemma: str, pos: str) -> None:
        for key, value in (("words", word), ("spaces", False), ("sent_starts", start), ("lemmas", lemma), ("pos", pos)):
            cols[key].append(value)

    def gap(piece: str) -> None:
        if piece == " " and cols["words"]:
            cols["spaces"][-1] = True
        elif piece:
            push(piece, not cols["words"], piece, "SPACE")

    at = 0
    for sent in sentenize(text):
        first = True
        for tok in words_of(sent.text):
            start = sent.start + tok.start
            gap(text[at:start])
            parse = morph.parse(tok.text)[0] if any(c.isalpha() for c in tok.text) else None
            tag = str(parse.tag.POS) if parse and parse.tag.POS else ""
            proper = parse is not None and tok.text[:1].isupper() and tag == "NOUN" and not first
            pos = "PROPN" if proper else UPOS.get(tag, "X" if parse else "PUNCT")
            push(tok.text, first, (parse.normal_form if parse else tok.text.lower()).replace("ё", "е"), pos)
            first = False
            at = start + len(tok.text)
    gap(text[at:])
    return Doc(
        models_vocab(), words=cols["words"], spaces=cols["spaces"], sent_starts=cols["sent_starts"],
        lemmas=cols["lemmas"], pos=cols["pos"],
    )  # fmt: skip


@lru_cache(maxsize=1)
def models_vocab() -> Vocab:
    return spacy.blank("uk").vocab


class PlainNLP:
    name = "nlp_uk"

    def __init__(self, language: str):
        self.language = language

    def __call__(self, doc: Document) -> None:
        doc.spacy = tokenize((doc.record.text or "")[:MAX_CHARS], self.language)


@stage("nlp_uk", requires=("text",), assigns=("spacy",))
def make_uk(config: Config, language: Language | None = None) -> PlainNLP:
    return PlainNLP("uk")


class RussianNLP:
    name = "nlp_ru"

    def __init__(self) -> None:
        self.models = models()

    def __call__(self, doc: Document) -> None:
        text = doc.record.text or ""
        if len(text) > MAX_CHARS:
            log.warning("document %s: parsing the first %d of %d characters", doc.record.id, MAX_CHARS, len(text))
            text = text[:MAX_CHARS]
        doc.spacy = parse(text, self.models)


@stage("nlp_ru", requires=("text",), assigns=("spacy",))
def make(config: Config, language: Language | None = None) -> RussianNLP:
    return RussianNLP()
