"""The one sentence splitter every stage uses.

A sentence is the parser's when the text has been parsed, cut again at line breaks
(scraped paragraphs often lack the full stop that would end them, and a sentence never
runs from one paragraph into the next); before the parse (the meta stage) or without
one, a sentence ends at a line break or at ``.``, ``!`` or ``?`` (and any closing quote or
bracket) followed by white space and a capital, a digit, a quotation mark or a dash, so
that "U.S. officials" stays whole. Spans are trimmed of white space:
``text[start:end]`` is the sentence.
"""

from __future__ import annotations

import re
import weakref

from spacy.tokens import Doc, Span

from tocsin.stages.parsed import text as parsed_text

_LINE = re.compile(r"[^\n]+")
_END = re.compile(r"(?<=[.!?])[\"”’»)\]]*\s+(?=[\"“‘'«(\[\d\w—–-])")


def spans(text: str, parsed: Doc | None = None) -> list[tuple[int, int]]:
    """Each sentence of ``text`` as (start, end), in order; ``parsed`` is the text's parse, if any."""
    if parsed is not None:
        whole = parsed_text(parsed)  # a sentence's text is its stretch of the parse's text
        pieces = [m.span() for sent in parsed.sents for m in _LINE.finditer(whole, sent.start_char, sent.end_char)]
    else:
        pieces = []
        for line in _LINE.finditer(text):
            start = line.start()
            for end in _END.finditer(text, line.start(), line.end()):
                if text[end.end()].isupper() or not text[end.end()].isalpha():
                    pieces.append((start, end.start() + len(end.group(0).rstrip())))
                    start = end.end()
            pieces.append((start, line.end()))
    return [trimmed for s, e in pieces if (trimmed := _trim(text, s, e))]


def split(text: str) -> list[str]:
    """The sentences of an unparsed text."""
    return [text[s:e] for s, e in spans(text)]


# token bounds, not spans: a span holds its parse, and would keep every parse alive for ever
_SPLIT: weakref.WeakKeyDictionary[Doc, list[tuple[int, int]]] = weakref.WeakKeyDictionary()


def parsed_sentences(parsed: Doc) -> list[Span]:
    """The sentences of a parse as spaCy spans (their tokens), cut at line breaks; split once
    per parse, however many stages ask (a new list each time: callers may change theirs)."""
    if parsed not in _SPLIT:
        bounds = []
        whole = parsed_text(parsed)
        for s, e in spans(whole, parsed):
            span = parsed.char_span(s, e, alignment_mode="expand")
            if span is not None and whole[span.start_char : span.end_char].strip():
                bounds.append((span.start, span.end))
        _SPLIT[parsed] = bounds
    return [parsed[start:end] for start, end in _SPLIT[parsed]]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The unparsed sentence holding the span [start, end) (the whole line when none does)."""
    for s, e in spans(text[text.rfind("\n", 0, start) + 1 : _line_end(text, end)]):
        offset = text.rfind("\n", 0, start) + 1
        if offset + s <= start and end <= offset + e:
            return offset + s, offset + e
    return text.rfind("\n", 0, start) + 1, _line_end(text, end)


def _line_end(text: str, at: int) -> int:
    found = text.find("\n", at)
    return len(text) if found < 0 else found


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None
