"""The sentences extractions cite, and how a citation is made.

Evidence is a sentence of ``record.text`` with its offsets, trimmed of surrounding white
space, so that ``text[start:end] == sentence`` always holds. Sentences are the parser's,
cut again at paragraph breaks: scraped text often lacks the full stop that would end one.
"""

from __future__ import annotations

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from tocsin.document import Document
from tocsin.record import Evidence


def sentences(doc: SpacyDoc) -> list[Span]:
    """The parser's sentences, cut again at paragraph breaks (a sentence never spans two)."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.i > start:
                out.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if s.text.strip()]


def evidence(doc: Document, sent: Span) -> Evidence:
    """The sentence as it stands in ``record.text``, without leading or trailing white space."""
    text = doc.record.text
    start, end = sent.start_char, sent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if start == end:  # nothing but white space: cite it as it is
        start, end = sent.start_char, sent.end_char
    return Evidence(sentence=text[start:end], start=start, end=end)
