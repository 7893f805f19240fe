"""Quotes: the statements of the attribution stage, as the record's ``quotes``.

Every direct quotation and every reported statement whose speaker is known becomes a
``Quote``: its ``text`` is the words inside the marks for direct speech, and for reported
speech the reporting predicate with what it reports ("denied that the post was taken",
"claimed to have fired seven rockets"), since the verb says how the speaker put it; a
statement before its attribution ("..., she said") is quoted alone. ``speaker`` is the
linked actor, ``speaker_name`` its name or the speaker as the text names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tocsin.document import Document, Statement
from tocsin.record import Quote
from tocsin.registry import stage

MIN_WORDS = 3  # a reported statement shorter than this quotes nothing ("confirmed the strikes")

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config


def quote(doc: Document, s: Statement) -> Quote:
    start, end = s.content if s.direct else (s.start, s.end)
    return Quote(
        speaker=s.speaker, speaker_name=s.speaker_name, text=doc.text[start:end], direct=s.direct, start=start, end=end
    )


class QuotesStage:
    name = "quotes"

    def __call__(self, doc: Document) -> None:
        seen: set[tuple[int, int, str | None, str | None]] = set()
        quotes = []
        for s in doc.statements:
            if not s.direct and len(doc.text[s.content[0] : s.content[1]].split()) < MIN_WORDS:
                continue
            q = quote(doc, s)
            key = (q.start, q.end, q.speaker, q.speaker_name)
            if key not in seen and q.text.strip():
                seen.add(key)
                quotes.append(q)
        doc.record.quotes = quotes


@stage("quotes", requires=("statements",), assigns=("quotes",))
def make(config: Config, language: Language | None = None) -> QuotesStage:
    return QuotesStage()
