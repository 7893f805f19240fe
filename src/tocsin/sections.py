"""Analysing a very long document in sections, so its cost grows with its length and no faster.

Several stages look across the whole document for each thing they find (every entity for
each mention, every noun phrase for each number), which is harmless on a news article
and quadratic on a book-length page. A document longer than ``Limits.section_chars`` is
therefore cut at paragraph (else line, sentence or word) boundaries into sections; each
section goes through the analysis stages as a document of its own, and the sections'
findings are put back together with their offsets moved into the whole text: actors and
places by id (mentions joined), events renumbered, quotes, claims and threats as they
are. What links one section to another (a pronoun or a surname whose antecedent lies in
an earlier section) is not made; a note in ``record.analysis.notes`` says the document
was analysed in sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tocsin.document import Document
from tocsin.record import Analysis, DocumentRecord, Evidence

# Where a section may end, best first: a paragraph, a line, a sentence, a word.
BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)]*\s"), re.compile(r"\s"))


@dataclass
class Limits:
    """What one document may cost; each limit reached is recorded in ``analysis.notes``."""

    section_chars: int = 20_000  # longer documents are analysed in sections of at most this many characters
    sections_at_once: int = 4  # sections analysed together (one parse batch); bounds memory
    time_budget: float = 600.0  # seconds of analysis per document; later sections are left unanalysed
    # Events, quotes, claims and threats kept per document: what joins stories and is
    # reconciled is compared with what is stored, so one document's count must stay bounded.
    items: int = 200


def cap(record: DocumentRecord, limit: int) -> list[str]:
    """Keep the first ``limit`` events, quotes, claims and threats (in text order); a note for each cut."""
    notes = []
    for kind in ("events", "quotes", "claims", "threats"):
        items = getattr(record, kind)
        if len(items) > limit:
            notes.append(f"kept the first {limit:,} of {len(items):,} {kind} (the limit per document)")
            setattr(record, kind, items[:limit])
    return notes


def split(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` cut into (offset, section) pieces of at most ``size`` characters, at the best
    boundary found in the second half of each piece."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = None
        for pattern in BREAKS:
            found = [m.end() for m in pattern.finditer(text, start + size // 2, end)]
            if found:
                cut = found[-1]
                break
        cut = cut or end
        out.append((start, text[start:cut]))
        start = cut
    if start < len(text):
        out.append((start, text[start:]))
    return out


def part(doc: Document, text: str, first: bool) -> Document:
    """A section of ``doc`` as a document of its own: the same metadata, its own text."""
    record = doc.record
    piece = DocumentRecord(
        id=record.id,
        source=record.source,
        title=record.title,
        published=record.published,
        published_text=record.published_text,
        language=record.language,
        text=text,
        analysis=Analysis(language=record.analysis.language if record.analysis else None),
    )
    return Document(
        article=doc.article,
        record=piece,
        furniture=doc.furniture if first else [],
        header_lines=doc.header_lines if first else [],
        html_meta=doc.html_meta,
    )


def _moved(evidence: Evidence, offset: int) -> Evidence:
    return evidence.model_copy(update={"start": evidence.start + offset, "end": evidence.end + offset})


def merge(doc: Document, piece: Document, offset: int) -> None:
    """Add a section's findings to the whole document, offsets moved by ``offset``."""
    whole, found = doc.record, piece.record
    for kind in ("actors", "places"):
        have = {x.id: x for x in getattr(whole, kind)}
        for item in getattr(found, kind):
            mentions = [(s + offset, e + offset) for s, e in item.mentions]
            if item.id in have:
                known = have[item.id]
                known.mentions = [*known.mentions, *mentions]
                known.aliases = list(dict.fromkeys([*known.aliases, *item.aliases]))
            else:
                moved = item.model_copy(update={"mentions": mentions})
                getattr(whole, kind).append(moved)
                have[item.id] = moved
    for event in found.events:
        number = len(whole.events) + 1
        whole.events.append(event.model_copy(update={"id": f"e{number}", "evidence": _moved(event.evidence, offset)}))
    for quote in found.quotes:
        whole.quotes.append(quote.model_copy(update={"start": quote.start + offset, "end": quote.end + offset}))
    for claim in found.claims:
        whole.claims.append(claim.model_copy(update={"evidence": _moved(claim.evidence, offset)}))
    for threat in found.threats:
        whole.threats.append(threat.model_copy(update={"evidence": _moved(threat.evidence, offset)}))
    for candidate in piece.event_candidates:
        doc.event_candidates.append(candidate.model_copy(update={"evidence": _moved(candidate.evidence, offset)}))
    if found.analysis and whole.analysis:
        for name in found.analysis.stages:
            if name not in whole.analysis.stages:
                whole.analysis.stages.append(name)
        for error in found.analysis.errors:
            if error not in whole.analysis.errors:
                whole.analysis.errors.append(error)
        for note in found.analysis.notes:
            if note not in whole.analysis.notes:
                whole.analysis.notes.append(note)
