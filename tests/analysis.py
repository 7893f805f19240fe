"""Running the analysis stages over one invented sentence, for the stage tests."""

from __future__ import annotations

from tocsin.article import Article
from tocsin.document import Document
from tocsin.languages.en import ENGLISH
from tocsin.pipeline import new_document

ANALYSE = ENGLISH.stages


def analyse(pipeline, text: str, published: str | None = "2024-05-17", stages=ANALYSE) -> Document:
    """The text as its own cleaned body (no page to clean), dated ``published``."""
    doc = new_document(Article(path=None, text=text, published=published))
    doc.record.text, doc.record.published = text, published
    pipeline.run_stages([doc], stages)
    return doc


def countries(doc: Document, ids: list[str]) -> set[str | None]:
    """The countries of the actors or places behind ``ids`` (None for one without)."""
    out = set()
    for i in ids:
        item = doc.record.actor(i) or doc.record.place(i)
        out.add(item.country if item else None)
    return out
