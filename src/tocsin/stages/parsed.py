"""What the stages read of a parse again and again, read from it once: its text and each
token's text, lower-case form, lemma, part of speech, dependency, head and whether it is
like a number.

spaCy builds new objects at every read: ``doc.text`` a new string from a new Token per
word, ``doc[i].lower_`` a new token and a newly decoded string. The rules that test every
token read these lists instead. They hold spaCy's own values, and no stage changes a parse
once the nlp stage has made it, so they stay true for as long as the parse lives. They are
dropped with it: what is kept here holds plain values, never a Span or Token, which would
hold the parse and keep it alive for ever (entities and noun chunks are kept by the
stage that reads them, for one document).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

from spacy.attrs import DEP, HEAD, LEMMA, LIKE_NUM, LOWER, ORTH, POS, SPACY
from spacy.tokens import Doc

T = TypeVar("T")
_KEPT: weakref.WeakKeyDictionary[Doc, dict[str, Any]] = weakref.WeakKeyDictionary()


def text(doc: Doc) -> str:
    """``doc.text``: each token's text and the one space or none after it."""

    def make() -> str:
        spaces = doc.to_array(SPACY).tolist()
        return "".join(w + " " if sp else w for w, sp in zip(texts(doc), spaces, strict=True))

    return _once(doc, "text", make)


def texts(doc: Doc) -> list[str]:
    """Each token's ``text``."""
    return _strings(doc, "texts", ORTH)


def lowers(doc: Doc) -> list[str]:
    """Each token's ``lower_``."""
    return _strings(doc, "lowers", LOWER)


def lemmas(doc: Doc) -> list[str]:
    """Each token's ``lemma_`` (as the model wrote it, not lower-cased)."""
    return _strings(doc, "lemmas", LEMMA)


def lowered_lemmas(doc: Doc) -> list[str]:
    """Each token's ``lemma_.lower()``, the form the word lists are written in."""
    return _once(doc, "lowered_lemmas", lambda: [lemma.lower() for lemma in lemmas(doc)])


def pos(doc: Doc) -> list[str]:
    """Each token's ``pos_``."""
    return _strings(doc, "pos", POS)


def deps(doc: Doc) -> list[str]:
    """Each token's ``dep_``."""
    return _strings(doc, "deps", DEP)


def heads(doc: Doc) -> list[int]:
    """Each token's ``head.i`` (the array holds the offset to the head)."""
    return _once(doc, "heads", lambda: [i + k for i, k in enumerate(doc.to_array(HEAD).astype("int64").tolist())])


def like_num(doc: Doc) -> list[bool]:
    """Each token's ``like_num``."""
    return _once(doc, "like_num", lambda: [bool(f) for f in doc.to_array(LIKE_NUM).tolist()])


def _strings(doc: Doc, name: str, attr: int) -> list[str]:
    strings = doc.vocab.strings  # from the arrays: no Token object per word
    return _once(doc, name, lambda: [strings[key] for key in doc.to_array(attr).tolist()])


def _once(doc: Doc, name: str, make: Callable[[], T]) -> T:
    kept = _KEPT.get(doc)
    if kept is None:
        kept = _KEPT[doc] = {}
    if name not in kept:
        kept[name] = make()
    return cast(T, kept[name])
