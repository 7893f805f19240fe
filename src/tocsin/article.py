"""What a reader hands to the pipeline: one article as found, before any cleaning."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Article:
    """One raw item from a source.

    Exactly one of ``text`` (a plain-text scrape, furniture and all) or ``html`` is set.
    ``path`` follows the contract: the file as given to ``ingest``, an archive's path
    followed by ``#`` and the record id, or ``None`` for stdin and uploads.
    Metadata fields carry what the container itself says (a JSON Lines ``title``, a WARC
    target URI); the metadata stage fills the rest from the page. ``listed_title`` and
    ``listed_published`` are what a feed or sitemap said about a fetched page: they are used
    only where the page itself gives no title or publication date.
    """

    path: str | None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    listed_title: str | None = None
    listed_published: str | None = None


@dataclass
class ReadError:
    """An item a reader could not turn into an article, and why (one line for the user)."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"
