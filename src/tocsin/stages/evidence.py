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
from tocsin.stages.sentences import parsed_sentences


def sentences(doc: SpacyDoc) -> list[Span]:
    """The parser's sentences, cut again at paragraph breaks (a sentence never spans two)."""
    return parsed_sentences(doc)


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
