"""Readers: one per input format, each yielding ``Article`` or ``ReadError``, streaming.

``read`` takes what a user types: files, directories, glob patterns, and ``-`` for
standard input. A directory is walked recursively in sorted order; hidden entries are
skipped, and so are files whose extension names no article format (a ``README.md`` or a
script beside the articles); name such a file explicitly to read it. Each file goes to
the reader its extension names (``.txt``, ``.html``/``.htm``, ``.jsonl``/``.ndjson``,
``.warc``/``.wet``, each optionally ``.gz``); any other file is sniffed from its first
bytes. Every problem becomes one ``ReadError`` and reading goes on with the next item:
nothing raises out of ``read``. Every read is capped, so memory stays flat however large
or hostile the input.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from tocsin.article import Article, ReadError
from tocsin.sources import html, jsonl, text, warc

MAX_BYTES = 5 * 1024 * 1024
SNIFF_BYTES = 4096
STDIN_NAME = "<stdin>"
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".wet": "warc",
}
_GLOB = re.compile(r"[*?\[]")

__all__ = ["MAX_BYTES", "Article", "ReadError", "read"]


def read(paths: Iterable[str], *, max_bytes: int = MAX_BYTES) -> Iterator[Article | ReadError]:
    """Every article in ``paths``, in order, with a ``ReadError`` for each item that could not be read."""
    for given in paths:
        given = os.fspath(given)
        if given == "-":
            stdin = io.BufferedReader(sys.stdin.buffer, buffer_size=SNIFF_BYTES * 16)
            yield from _read_stream(stdin, STDIN_NAME, None, None, max_bytes)
        else:
            yield from _read_given(given, max_bytes)


def format_of(name: str) -> str | None:
    """The format a file name promises (``text``, ``html``, ``jsonl``, ``warc``), or None."""
    lower = name.lower().removesuffix(".gz")
    return FORMATS.get(os.path.splitext(lower)[1])


def _read_given(given: str, max_bytes: int) -> Iterator[Article | ReadError]:
    matches = [given]
    if not os.path.lexists(given) and _GLOB.search(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield ReadError(given, "no file matches this pattern")
    for match in matches:
        if os.path.isdir(match):
            yield from _read_directory(match, max_bytes)
        else:
            yield from _read_file(match, max_bytes)


def _read_directory(root: str, max_bytes: int) -> Iterator[Article | ReadError]:
    empty = True
    for found in _walk(root):
        empty = False
        if isinstance(found, ReadError):
            yield found
        else:
            yield from _read_file(found, max_bytes)
    if empty:
        yield ReadError(root, "directory holds no article files")


def _walk(folder: str) -> Iterator[str | ReadError]:
    """Article files under ``folder`` in sorted order; links to folders are not followed (no loops)."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as err:
        yield ReadError(folder, _os_reason(err))
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.is_file() and (format_of(entry.name) or "." not in entry.name):
            yield entry.path


def _read_file(path: str, max_bytes: int) -> Iterator[Article | ReadError]:
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as err:
        yield ReadError(path, _os_reason(err))
        return
    with raw:
        yield from _read_stream(raw, path, path, format_of(path), max_bytes)


def _read_stream(
    stream: BinaryIO, name: str, path: str | None, fmt: str | None, max_bytes: int
) -> Iterator[Article | ReadError]:
    """Dispatch one open byte stream to its reader, turning any failure into a ``ReadError``."""
    try:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        if not head:
            yield ReadError(name, "empty file")
            return
        if fmt == "warc" or (fmt is None and head.startswith(b"WARC/")):
            yield from warc.read(stream, name, path, max_bytes)
            return
        if head.startswith(warc.GZIP_MAGIC):
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
            head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        fmt = fmt or _sniff(head)
        if fmt == "warc":
            yield from warc.read(stream, name, path, max_bytes)
        elif text.looks_binary(head):
            yield ReadError(name, "binary data, not text")
        elif fmt == "jsonl":
            yield from jsonl.read(stream, name, path, max_bytes)
        else:
            yield _read_whole(stream, name, path, fmt, max_bytes)
    except EOFError:
        yield ReadError(name, "truncated gzip data; what came before it was read")
    except (OSError, zlib.error) as err:
        yield ReadError(name, _os_reason(err))
    except Exception as err:  # a reader must never stop the run; say what went wrong and go on
        yield ReadError(name, f"could not be read ({type(err).__name__}: {err})")


def _read_whole(stream: BinaryIO, name: str, path: str | None, fmt: str, max_bytes: int) -> Article | ReadError:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return ReadError(name, f"larger than the {max_bytes:,}-byte limit per article")
    reader = html if fmt == "html" else text
    return reader.article(data, path, name)


def _sniff(head: bytes) -> str:
    """JSON Lines if the first non-blank character is ``{``, HTML if it opens like a page, else text."""
    if head.startswith(b"WARC/"):
        return "warc"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    start = head.decode("utf-16" if utf16 else "utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if start.startswith("{"):
        return "jsonl"
    return "html" if html.looks_like_html(start) else "text"


def _os_reason(err: OSError | zlib.error) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, gzip.BadGzipFile | zlib.error):
        return f"damaged gzip data ({err})"
    return getattr(err, "strerror", None) or str(err) or type(err).__name__
