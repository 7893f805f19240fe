"""What the stages read of a parse again and again, read from it once: its text, named
entities, noun chunks and each token's text, lower-case form, lemma and part of speech.

spaCy builds new objects at every read: ``doc.text`` a new string from a new Token per
word, ``doc.ents`` a tuple of new spans, ``doc.noun_chunks`` a walk over the whole parse,
``doc[i].lower_`` a new token and a newly decoded string. The rules that test every token,
or every entity for each name they look at, read these instead. They hold spaCy's own
values, and no stage changes a parse once the nlp stage has made it, so they stay true for
as long as the parse lives (they are dropped with it).
"""

from __future__ import annotations

import weakref

from spacy.attrs import LEMMA, LOWER, ORTH, POS, SPACY
from spacy.tokens import Doc, Span

_ENTS: weakref.WeakKeyDictionary[Doc, tuple[Span, ...]] = weakref.WeakKeyDictionary()
_CHUNKS: weakref.WeakKeyDictionary[Doc, tuple[Span, ...]] = weakref.WeakKeyDictionary()
_STRINGS: weakref.WeakKeyDictionary[Doc, dict[int, list[str]]] = weakref.WeakKeyDictionary()
_LEMMAS_LOWER: weakref.WeakKeyDictionary[Doc, list[str]] = weakref.WeakKeyDictionary()
_TEXT: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def text(doc: Doc) -> str:
    """``doc.text``: each token's text and the one space or none after it."""
    found = _TEXT.get(doc)
    if found is None:
        spaces = doc.to_array(SPACY).tolist()
        found = _TEXT[doc] = "".join(w + " " if sp else w for w, sp in zip(texts(doc), spaces, strict=True))
    return found


def ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per parse."""
    found = _ENTS.get(doc)
    if found is None:
        found = _ENTS[doc] = tuple(doc.ents)
    return found


def noun_chunks(doc: Doc) -> tuple[Span, ...]:
    """``doc.noun_chunks``, found once per parse."""
    found = _CHUNKS.get(doc)
    if found is None:
        found = _CHUNKS[doc] = tuple(doc.noun_chunks)
    return found


def texts(doc: Doc) -> list[str]:
    """Each token's ``text``."""
    return _strings(doc, ORTH)


def lowers(doc: Doc) -> list[str]:
    """Each token's ``lower_``."""
    return _strings(doc, LOWER)


def lemmas(doc: Doc) -> list[str]:
    """Each token's ``lemma_`` (as the model wrote it, not lower-cased)."""
    return _strings(doc, LEMMA)


def lowered_lemmas(doc: Doc) -> list[str]:
    """Each token's ``lemma_.lower()``, the form the word lists are written in."""
    found = _LEMMAS_LOWER.get(doc)
    if found is None:
        found = _LEMMAS_LOWER[doc] = [lemma.lower() for lemma in lemmas(doc)]
    return found


def pos(doc: Doc) -> list[str]:
    """Each token's ``pos_``."""
    return _strings(doc, POS)


def _strings(doc: Doc, attr: int) -> list[str]:
    by_attr = _STRINGS.get(doc)
    if by_attr is None:
        by_attr = _STRINGS[doc] = {}
    found = by_attr.get(attr)
    if found is None:
        strings = doc.vocab.strings  # from the arrays: no Token object per word
        found = by_attr[attr] = [strings[key] for key in doc.to_array(attr).tolist()]
    return found
