"""A fetched page as an article for the pipeline: HTML through the HTML reader (the clean
stage's trafilatura then finds the body and its metadata), plain text as a scrape; the
listing's title and date ride along for where the page gives none."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tocsin.article import Article, ReadError
from tocsin.sources import html, text
from tocsin.watch.fetch import Fetched, Fetcher, FetchError

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def article_from(
    got: Fetched, title: str | None = None, published: str | None = None, item: str | None = None
) -> Article | ReadError:
    """The article in a fetched answer, or why there is none."""
    item = item or got.url
    kind = got.content_type.split(";")[0].strip().lower()
    head = got.content[:4096].decode("utf-8", errors="ignore")
    if kind in HTML_TYPES or (kind in ("", "application/octet-stream") and html.looks_like_html(head)):
        found = html.article(got.content, None, item, charset=_charset(got.content_type))
    elif kind.startswith("text/"):
        found = text.article(got.content, None, item)
    else:
        return ReadError(item, f"not an article page (content type {kind or 'unknown'})")
    if isinstance(found, Article):
        found.url = found.url or got.url
        found.listed_title, found.listed_published = title, published
    return found


def fetch_pages(urls: Iterable[str], fetcher: Fetcher) -> Iterator[Article | ReadError]:
    """``tocsin ingest URL``: each page fetched politely (robots.txt, limits) and read."""
    for url in urls:
        try:
            got = fetcher.get(url)
        except FetchError as err:
            yield ReadError(url, err.reason)
            continue
        yield article_from(got, item=url)
