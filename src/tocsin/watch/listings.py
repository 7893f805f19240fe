"""What a feed or a news sitemap lists: each article's address, and the title and date the
listing gives it (used where the page itself says nothing).

Feeds (RSS 0.9x–2.0, RSS 1.0, Atom) are read by feedparser from bytes Tocsin fetched
itself; feedparser never fetches anything. Sitemaps (``urlset`` with or without the
Google News extension, and ``sitemapindex``) are read with defusedxml, which refuses
entity expansion and external references: a listing is untrusted input. A listing that
cannot be read raises ``ListingError`` saying why.
"""

from __future__ import annotations

import email.utils
import gzip
import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

MAX_ENTRIES = 1000  # per listing: a listing larger than this is read up to it
GZIP_MAGIC = b"\x1f\x8b"


class ListingError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, the day in the publisher's own time zone


def clean_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) address without its fragment, or None."""
    url = urljoin(base or "", (url or "").strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def listed_day(value: str | None) -> str | None:
    """The publisher's day from an RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) timestamp."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _text(value) -> str | None:
    value = " ".join(str(value or "").split())
    return value or None


def read_feed(content: bytes, base: str) -> list[Entry]:
    """The entries of an RSS or Atom feed, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": base})
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise ListingError(f"not a readable feed ({str(reason).splitlines()[0] if reason else 'malformed'})")
    if not parsed.entries and not parsed.get("version"):
        raise ListingError("not an RSS or Atom feed")
    out: list[Entry] = []
    for item in parsed.entries[:MAX_ENTRIES]:
        url = clean_url(item.get("link") or "", base)
        if not url:
            continue
        stamp = item.get("published") or item.get("updated") or item.get("dc_date")
        out.append(Entry(url=url, title=_text(item.get("title")), published=listed_day(stamp)))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, name: str):
    return next((c for c in element if _local(c.tag) == name), None)


def read_sitemap(content: bytes, base: str, max_bytes: int = 50 * 2**20) -> tuple[list[Entry], list[str]]:
    """The articles a sitemap lists, and the sitemaps a sitemap index points to."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if content.startswith(GZIP_MAGIC):
        try:
            content = gzip.GzipFile(fileobj=io.BytesIO(content)).read(max_bytes + 1)
        except (OSError, EOFError) as err:
            raise ListingError(f"damaged gzip data ({err})") from None
        if len(content) > max_bytes:
            raise ListingError(f"larger than {max_bytes:,} bytes once inflated")
    try:
        root = fromstring(content, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as err:
        raise ListingError(f"not readable XML ({err})") from None
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = [_child(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        urls = [clean_url(loc.text or "", base) for loc in children if loc is not None]
        return [], [u for u in urls if u][:MAX_ENTRIES]
    if kind != "urlset":
        raise ListingError(f"not a sitemap (its root is <{kind}>)")
    out: list[Entry] = []
    for node in root:
        if _local(node.tag) != "url" or len(out) >= MAX_ENTRIES:
            continue
        loc = _child(node, "loc")
        url = clean_url(loc.text or "", base) if loc is not None else None
        if not url:
            continue
        news = _child(node, "news")
        title = _child(news, "title") if news is not None else None
        stamp = _child(news, "publication_date") if news is not None else None  # not <lastmod>: edits move it
        out.append(
            Entry(
                url=url,
                title=_text(title.text) if title is not None else None,
                published=listed_day(stamp.text) if stamp is not None else None,
            )
        )
    return out, []
