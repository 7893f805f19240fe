"""What a reader hands to the pipeline: one article as found, before any cleaning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    notes: list[str] = field(default_factory=list)  # what the reader had to change (a file name it escaped)


@dataclass
class ReadError:
    """An item a reader could not turn into an article, and why (one line for the user)."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


def publication_date(value: str) -> str:
    """A publication date as a source gives it, checked: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
    (a timestamp keeps its date). Raises ``ValueError`` with a sentence for the user."""
    text = value.strip()
    head = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    found = _DATE.match(head)
    try:
        if found is None:
            raise ValueError
        year, month, day = found.group(1), found.group(2), found.group(3)
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"published must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value[:40]!r}") from None
    return head
