"""Saved HTML pages: the markup is kept for the metadata stage; only the canonical URL is read here."""

from __future__ import annotations

import html as entities
import re

from tocsin.article import Article, ReadError
from tocsin.sources.text import NotText, decode

# Only the head of a page is searched for its charset and canonical URL.
HEAD_BYTES = 65536
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


def looks_like_html(head: str) -> bool:
    """True when a text starts with markup and its first kilobyte opens an HTML document."""
    return head.lstrip("\ufeff \t\r\n").startswith("<") and bool(_SNIFF.search(head[:1024]))


def canonical_url(page: str) -> str | None:
    """The page's own absolute URL from ``<link rel=canonical>`` or ``og:url``, if it names one."""
    found: dict[str, str] = {}
    for tag, attrs in _TAG.findall(page[:HEAD_BYTES]):
        values = {k.lower(): entities.unescape(v.strip("\"'")).strip() for k, v in _ATTR.findall(attrs)}
        if tag.lower() == "link" and "canonical" in values.get("rel", "").lower().split():
            found.setdefault("canonical", values.get("href", ""))
        elif values.get("property", values.get("name", "")).lower() == "og:url":
            found.setdefault("og", values.get("content", ""))
    for url in (found.get("canonical"), found.get("og")):
        if url and url.lower().startswith(("http://", "https://")):
            return url
    return None


def article(data: bytes, path: str | None, item: str, charset: str | None = None) -> Article | ReadError:
    """One page's bytes as an article, or why not. ``charset`` is one the container declares."""
    if charset is None:
        declared = _META_CHARSET.search(data[:HEAD_BYTES])
        charset = declared.group(1).decode("ascii") if declared else None
    try:
        page = decode(data, charset)
    except NotText as err:
        return ReadError(item, str(err))
    if not page.strip():
        return ReadError(item, "empty file" if not page else "holds only white space")
    if not _MARKUP.sub(" ", page).strip():
        return ReadError(item, "HTML page holds no text")
    return Article(path=path, html=page, url=canonical_url(page))
