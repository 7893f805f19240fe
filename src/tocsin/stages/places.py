"""Placeholder for the places stage while it is being written; replaced by the real stage."""

from __future__ import annotations

from tocsin.document import Document


class _Stage:
    name = "places"

    def __call__(self, doc: Document) -> None:
        if self.name == "clean" and not doc.record.text:
            doc.record.text = doc.article.text or doc.article.html or ""


def make(config) -> _Stage:
    return _Stage()
