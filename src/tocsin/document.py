"""The working document a pipeline's stages read and add to.

It holds the raw ``Article``, the ``DocumentRecord`` being built, the one spaCy ``Doc``
shared by every stage after ``nlp``, and the few intermediate results later stages need
that are not part of the public record (resolved time expressions, actor mention index,
the statements the text reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tocsin.article import Article
from tocsin.record import Actor, DocumentRecord, Event

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
    relative: bool = False  # said from the day of writing ("yesterday", "on Monday", "three days ago")


@dataclass
class Mention:
    """One mention of a linked actor or place: character span in ``record.text``."""

    start: int
    end: int
    ref: str  # actor or place id
    kind: str  # "actor", "place" or "standby" (a state named only as a place)
    text: str = ""


@dataclass
class Statement:
    """One statement the text reports, and who made it (the ``attribution`` stage's output).

    Direct speech (quotation marks, a paragraph opening with a dash) and reported speech
    ("X said that ...", "..., X told reporters", "according to X, ...", "X accused Y of
    ...", "X quoted Y as saying ..."). Spans are character offsets into ``record.text``,
    end exclusive. Read it through ``Document.statements`` and ``Document.statements_at``.
    """

    content: tuple[int, int]  # what was said: the words inside the marks, or the reported clause
    direct: bool  # the speaker's own words (marks or a dash paragraph), not a paraphrase
    speakers: list[str] = field(default_factory=list)  # linked actor ids; a body the base lacks gives its country
    speaker_text: str | None = None  # the speaker as the text names it here ("the ministry", "he")
    speaker_name: str | None = None  # who that is: the linked actor's name, else the name as written
    cue: tuple[int, int] | None = None  # the reporting verb, "according to", the dash; None: a quote going on
    verb: str | None = None  # the cue's lemma: "say", "claim", "accuse", "according to", "quote"...
    span: tuple[int, int] | None = None  # what a quote shows: the reporting predicate and its content

    @property
    def start(self) -> int:
        return (self.span or self.content)[0]

    @property
    def end(self) -> int:
        return (self.span or self.content)[1]

    @property
    def speaker(self) -> str | None:
        """The main speaker's actor id, if linked."""
        return self.speakers[0] if self.speakers else None


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
    statements: list[Statement] = field(default_factory=list)  # in text order, from the attribution stage
    # states the text names only as places ("the border with Afghanistan"): no actors of the
    # record unless an event or threat needs one as a side (``arguments.Actors.adopt``)
    standby: list[Actor] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.record.text

    def actor_at(self, start: int, end: int) -> str | None:
        """The actor id whose mention overlaps the span [start, end), if any."""
        for m in self.mentions:
            if m.kind == "actor" and m.start < end and start < m.end:
                return m.ref
        return None

    def statements_at(self, start: int, end: int) -> list[Statement]:
        """The statements whose content or cue overlaps [start, end), innermost first:
        in "X said that Y told Z that ...", Y's statement comes before X's."""

        def overlaps(span: tuple[int, int] | None) -> bool:
            return span is not None and span[0] < end and start < span[1]

        hits = [s for s in self.statements if overlaps(s.content) or overlaps(s.cue)]
        return sorted(hits, key=lambda s: s.content[1] - s.content[0])

    def place_at(self, start: int, end: int) -> str | None:
        for m in self.mentions:
            if m.kind == "place" and m.start < end and start < m.end:
                return m.ref
        return None
