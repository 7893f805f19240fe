"""Web archives: HTML ``response`` records of a WARC and ``conversion`` records of a WET.

The WARC-Target-URI becomes the article's URL. The WARC-Date is when the page was
crawled, not when it was published, so it is not used as the publication date.
Records are read one at a time and each payload with a size cap.

Damage is reported and reading goes on where it can:

* a record whose payload does not match its ``WARC-Payload-Digest`` (or block digest) is
  refused: its bytes were changed since it was archived;
* a gzip-compressed archive is inflated here, member by member, rather than by warcio
  (which quietly stops at a truncated member); after a corrupt member, reading resumes
  at the next gzip member (WARC writers put each record in a member of its own), so one
  damaged record costs that record only;
* an uncompressed archive whose record headers are garbled is read up to the damage.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tocsin.article import Article, ReadError
from tocsin.registry import reader
from tocsin.sources import html, text

GZIP_MAGIC = b"\x1f\x8b"
MEMBER_START = b"\x1f\x8b\x08"  # gzip magic and the deflate method
HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 1 << 16


class Damaged(Exception):
    """The archive's bytes end early or are corrupt; warcio must not mistake this for its end."""


class _Members:
    """The inflated bytes of a gzip stream, member after member, for warcio.

    A corrupt or truncated member raises ``Damaged`` (after the bytes inflated before it);
    ``resync()`` then moves to the next gzip member, so reading can resume there.
    """

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.pending = b""  # compressed bytes read but not yet inflated
        self._new_member()

    def _new_member(self) -> None:
        self.inflater = zlib.decompressobj(wbits=31)
        self.fed = False  # whether the current member has begun

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 else max(1, size)
        while True:
            if not self.pending:
                self.pending = self.raw.read(CHUNK)
                if not self.pending:
                    if self.fed:
                        raise Damaged("truncated gzip data")
                    return b""
            try:
                out = self.inflater.decompress(self.pending, size)
            except zlib.error as err:
                raise Damaged(f"damaged gzip data ({err})") from None
            self.fed = True
            self.pending = self.inflater.unconsumed_tail
            if self.inflater.eof:  # a member ends: the next one starts in what is left
                self.pending = self.inflater.unused_data + self.pending
                self._new_member()
            if out:
                return out

    def resync(self) -> bool:
        """Skip to the next gzip member after the damage; False when there is none."""
        self._new_member()
        data = self.pending[1:]  # never the member that failed again
        while True:
            at = data.find(MEMBER_START)
            if at >= 0:
                self.pending = data[at:]
                return True
            more = self.raw.read(CHUNK)
            if not more:
                self.pending = b""
                return False
            data = data[-2:] + more


@reader("warc", extensions=(".warc", ".wet"), sniff=lambda head: head.startswith(b"WARC/"), priority=30,
        binary=True, compressed=True)  # fmt: skip
def read(stream: BinaryIO, name: str, path: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    """Yield one article per HTML response or text conversion; ``path`` is None for stdin.

    ``stream`` must support ``peek()`` (any buffered reader does).
    """
    packed = stream.peek(2)[:2] == GZIP_MAGIC  # type: ignore[attr-defined]
    source: _Members | BinaryIO = _Members(stream) if packed else stream
    found = 0
    index = 0
    while True:
        try:
            for record in ArchiveIterator(source, check_digests=True):
                index += 1
                record_id = _record_id(record, index)
                where = f"{path}#{record_id}" if path is not None else None
                result = _record(record, f"{name}#{record_id}", where, max_bytes)
                if result is not None:
                    found += isinstance(result, Article)
                    yield result
            break
        except (Damaged, ArchiveLoadFailed) as err:
            where = f"after record {index}" if index else "at the start"
            if isinstance(err, ArchiveLoadFailed) and not packed:
                yield ReadError(name, f"not a readable WARC archive {where} ({_first_line(err)})")
                return
            reason = str(err) if isinstance(err, Damaged) else f"not a readable WARC record ({_first_line(err)})"
            resumed = isinstance(source, _Members) and source.resync()
            then = "reading resumed at the next record" if resumed else f"the {found} record(s) before it were read"
            yield ReadError(name, f"{reason} {where}; {then}")
            if not resumed:
                return
    if not found and not index:
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
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return ReadError(item, "the record's digest does not match its bytes: they were damaged after archiving")
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
