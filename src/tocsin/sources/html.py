"""Saved HTML pages: the markup is kept for the metadata stage; only the canonical URL is read here."""

from __future__ import annotations

import html as entities
import re
from collections.abc import Iterator
from typing import BinaryIO

from tocsin.article import Article, ReadError
from tocsin.registry import reader
from tocsin.sources.text import NotText, decode, start, whole

# Only the head of a page is searched for its charset and canonical URL.
HEAD_BYTES = 65536
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
# HTML parsers give up below a nesting depth (libxml2 at 256 levels) and lose what lies
# deeper; tags nested deeper than this are dropped, their text kept.
MAX_DEPTH = 192
_NESTING = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?)([A-Za-z][\w:-]*)\b[^>]*?(/?)>", re.I | re.S)
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"))  # fmt: skip


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
    flat, dropped = flatten(page)
    found = Article(path=path, html=flat, url=canonical_url(page))
    if dropped:
        found.notes.append(f"{dropped:,} tags nested deeper than {MAX_DEPTH} levels were dropped, their text kept")
    return found


def flatten(page: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """The page with tags nested deeper than ``limit`` removed (a line break in their place),
    and how many were removed. A page within the limit comes back unchanged."""
    depth = 0
    cuts: list[tuple[int, int]] = []
    for m in _NESTING.finditer(page):
        name = m.group(3)
        if name is None or name.lower() in VOID or m.group(4):
            continue  # a comment, a script or style, a void or self-closed element
        if m.group(2):
            if depth > limit:
                cuts.append(m.span())
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                cuts.append(m.span())
    if not cuts:
        return page, 0
    out, last = [], 0
    for begin, end in cuts:
        out.append(page[last:begin])
        out.append("\n")
        last = end
    out.append(page[last:])
    return "".join(out), len(cuts)


@reader("html", extensions=(".html", ".htm", ".xhtml"), sniff=lambda head: looks_like_html(start(head)), priority=10)
def read(stream: BinaryIO, name: str, path: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    """One saved HTML page."""
    data = whole(stream, name, max_bytes)
    yield data if isinstance(data, ReadError) else article(data, path, name)
