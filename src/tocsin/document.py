"""The working document a pipeline's stages read and add to.

It holds the raw ``Article``, the ``DocumentRecord`` being built, the one spaCy ``Doc``
shared by every stage after ``nlp``, and the few intermediate results later stages need
that are not part of the public record (resolved time expressions, actor mention index).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tocsin.article import Article
from tocsin.record import DocumentRecord, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Timex:
    """A time expression in ``record.text`` resolved against the publication date."""

    start: int
    end: int
    text: str
    value: str | None  # ISO date at its precision: 2025, 2025-03 or 2025-03-18
    end_value: str | None = None  # for ranges such as "2027-2029"


@dataclass
class Mention:
    """One mention of a linked actor or place: character span in ``record.text``."""

    start: int
    end: int
    ref: str  # actor or place id
    kind: str  # "actor" or "place"
    text: str = ""


@dataclass
class Document:
    article: Article
    record: DocumentRecord
    spacy: Doc | None = None
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # set aside by the clean stage for the meta stage
    furniture: list[str] = field(default_factory=list)  # every removed line, in page order
    header_lines: list[str] = field(default_factory=list)  # the removed lines above the body
    html_meta: dict[str, Any] = field(default_factory=dict)  # what trafilatura read from a page
    # event triggers with no linked side: not emitted, but scored at sentence level
    event_candidates: list[Event] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.record.text

    def actor_at(self, start: int, end: int) -> str | None:
        """The actor id whose mention overlaps the span [start, end), if any."""
        for m in self.mentions:
            if m.kind == "actor" and m.start < end and start < m.end:
                return m.ref
        return None

    def place_at(self, start: int, end: int) -> str | None:
        for m in self.mentions:
            if m.kind == "place" and m.start < end and start < m.end:
                return m.ref
        return None
