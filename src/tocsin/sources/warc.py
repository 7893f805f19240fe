"""Web archives: HTML ``response`` records of a WARC and ``conversion`` records of a WET.

The WARC-Target-URI becomes the article's URL. The WARC-Date is when the page was
crawled, not when it was published, so it is not used as the publication date.
Records are read one at a time and each payload with a size cap. A gzip-compressed
archive is inflated here rather than by warcio, because warcio quietly stops at a
truncated member; here the damage is reported and the records before it are kept.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tocsin.article import Article, ReadError
from tocsin.sources import html, text

GZIP_MAGIC = b"\x1f\x8b"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class Damaged(Exception):
    """The archive's bytes end early or are corrupt; warcio must not mistake this for its end."""


class _Inflated:
    """A gzip stream (all members) for warcio that raises ``Damaged`` instead of ``EOFError``.

    Each read returns what one step of inflation gives, so the records before the damage
    reach warcio before the error does.
    """

    def __init__(self, raw: BinaryIO):
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")

    def read(self, size: int = -1) -> bytes:
        try:
            return self._gzip.read1(size)
        except EOFError:
            raise Damaged("truncated gzip data") from None
        except (OSError, zlib.error) as err:
            raise Damaged(f"damaged gzip data ({err})") from None


def read(stream: BinaryIO, name: str, path: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    """Yield one article per HTML response or text conversion; ``path`` is None for stdin.

    ``stream`` must support ``peek()`` (any buffered reader does).
    """
    if stream.peek(2)[:2] == GZIP_MAGIC:
        stream = _Inflated(stream)
    found = 0
    index = 0
    try:
        for index, record in enumerate(ArchiveIterator(stream), start=1):
            record_id = _record_id(record, index)
            where = f"{path}#{record_id}" if path is not None else None
            result = _record(record, f"{name}#{record_id}", where, max_bytes)
            if result is not None:
                found += 1
                yield result
    except Damaged as err:
        yield ReadError(name, f"{err}; the {found} record(s) before the damage were read")
        return
    except ArchiveLoadFailed as err:
        where = f"after record {index}" if index else "at the start"
        yield ReadError(name, f"not a readable WARC archive {where} ({_first_line(err)})")
        return
    if not found:
        yield ReadError(name, "archive holds no HTML responses or text conversions")


def _record_id(record, index: int) -> str:
    return (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ") or str(index)


def _record(record, item: str, path: str | None, max_bytes: int) -> Article | ReadError | None:
    """The article in one record, an error, or None for records that hold no article."""
    kind = record.rec_type
    if kind == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not status.startswith("2") or not content_type.lower().startswith(HTML_TYPES):
            return None
    elif kind == "conversion" or kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or "text/plain"
        if not content_type.lower().startswith(("text/plain", *HTML_TYPES)):
            return None
    else:
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return ReadError(item, f"record larger than the {max_bytes:,}-byte limit per article")
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise Damaged("archive ends inside a record")
    url = record.rec_headers.get_header("WARC-Target-URI")
    if content_type.lower().startswith(HTML_TYPES):
        found = html.article(payload, path, item, charset=_charset(content_type))
    else:
        found = text.article(payload, path, item)
    if isinstance(found, Article) and url:
        found.url = url
    return found


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip()
    return None


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
