"""JSON Lines feeds: one article per line, as an object with ``text`` or ``html``.

Optional string fields: ``url``, ``title``, ``published``, ``outlet``; others are ignored.
When a line has both ``text`` and ``html``, the text is taken: it is what the feed says
the article is. A bad line is reported as ``FILE:LINE`` and reading goes on.
Lines are read with a length cap, so one enormous line cannot exhaust memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from tocsin.article import Article, ReadError, publication_date
from tocsin.registry import reader
from tocsin.sources.text import start

METADATA = ("url", "title", "published", "outlet")
# Reading an over-long line is abandoned after this many times the article limit.
GIVE_UP_FACTOR = 64


@reader("jsonl", extensions=(".jsonl", ".ndjson"), sniff=lambda head: start(head).startswith("{"), priority=20)
def read(stream: BinaryIO, name: str, path: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    """Yield each line's article or error; ``path`` is None for stdin."""
    found = False
    number = 0
    while line := stream.readline(max_bytes + 1):
        number += 1
        item = f"{name}:{number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            yield ReadError(item, f"line longer than the {max_bytes:,}-byte limit per article")
            if not _skip_rest_of_line(stream, max_bytes * GIVE_UP_FACTOR):
                yield ReadError(name, f"gave up after line {number}: it goes on without end")
                return
            found = True
            continue
        if not line.strip():
            continue
        found = True
        yield _article(line, item, f"{path}#{number}" if path is not None else None)
    if not found:
        yield ReadError(name, "holds no JSON lines")


def _skip_rest_of_line(stream: BinaryIO, budget: int) -> bool:
    """Read past the rest of a line in bounded chunks; False if it exceeds ``budget`` bytes."""
    while chunk := stream.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return True
        budget -= len(chunk)
        if budget < 0:
            return False
    return True


def _article(line: bytes, item: str, path: str | None) -> Article | ReadError:
    try:
        obj = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ReadError(item, "not valid UTF-8 text")
    except RecursionError:
        return ReadError(item, "JSON nested too deeply")
    except json.JSONDecodeError as err:
        return ReadError(item, f"invalid JSON: {err.msg} at column {err.colno}")
    except ValueError as err:  # e.g. a number with too many digits
        return ReadError(item, f"invalid JSON: {err}")
    return from_object(obj, item, path)


def from_object(obj: object, item: str, path: str | None) -> Article | ReadError:
    """One decoded JSON value as an article, or why not."""
    if not isinstance(obj, dict):
        return ReadError(item, f"expected a JSON object, found {type(obj).__name__}")
    for key in ("text", "html", *METADATA):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return ReadError(item, f"field '{key}' must be a string")
    meta: dict[str, str | None] = {key: obj[key].strip() or None for key in METADATA if obj.get(key)}
    if published := meta.get("published"):
        try:
            meta["published"] = publication_date(published)
        except ValueError as err:
            return ReadError(item, str(err))
    text, page = obj.get("text"), obj.get("html")
    has_text = bool(text and text.strip())
    if not has_text and not (page and page.strip()):
        return ReadError(item, "no non-empty 'text' or 'html' field")
    return Article(
        path=path, text=text if has_text else None, html=None if has_text else page,
        url=meta.get("url"), title=meta.get("title"), published=meta.get("published"), outlet=meta.get("outlet"),
    )  # fmt: skip
