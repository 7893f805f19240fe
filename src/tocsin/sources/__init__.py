"""Readers: one per input format, each yielding ``Article`` or ``ReadError``, streaming.

``read`` takes what a user types: files, directories, glob patterns, and ``-`` for
standard input. A directory is walked recursively in sorted order; hidden entries are
skipped, and so are files whose extension names no article format (a ``README.md`` or a
script beside the articles); name such a file explicitly to read it. Links to folders
are not followed, so a walk cannot loop.

Readers are found in the reader registry (``tocsin.registry.READERS``; a separate
package adds one through the ``tocsin.readers`` entry-point group): each claims file
name extensions and may recognise its format from a file's first bytes. A file goes to
the reader its extension names (``.txt``, ``.html``, ``.jsonl``, ``.json``, ``.warc``...,
each optionally ``.gz``); any other file is sniffed. Every problem becomes one
``ReadError`` naming the item and reading goes on with the next: nothing raises out of
``read``. Every read is capped, so memory stays flat however large or hostile the input.
"""

from __future__ import annotations

import errno
import glob
import gzip
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO, cast

from tocsin.article import Article, ReadError
from tocsin.registry import READERS, ReaderSpec

MAX_BYTES = 5 * 1024 * 1024
SNIFF_BYTES = 4096
STDIN_NAME = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
_GLOB = re.compile(r"[*?\[]")

__all__ = ["MAX_BYTES", "Article", "ReadError", "format_of", "read"]


def read(paths: Iterable[str], *, max_bytes: int = MAX_BYTES) -> Iterator[Article | ReadError]:
    """Every article in ``paths``, in order, with a ``ReadError`` for each item that could not be read."""
    for given in paths:
        given = os.fspath(given)
        if given == "-":
            # typeshed calls TextIO.buffer a BinaryIO; the interpreter's is a BufferedIOBase
            raw = cast(io.BufferedIOBase, sys.stdin.buffer)
            stdin = io.BufferedReader(raw, buffer_size=SNIFF_BYTES * 16)
            yield from _read_stream(stdin, STDIN_NAME, None, None, max_bytes)
        else:
            yield from _read_given(given, max_bytes)


def format_of(name: str) -> str | None:
    """The format a file name claims (``text``, ``html``, ``jsonl``, ``json``, ``warc``...), or None."""
    spec = _claimed(name)
    return spec.name if spec else None


def printable(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 are shown as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _claimed(name: str) -> ReaderSpec | None:
    """The reader whose extension ends ``name`` (the longest such extension; ``.gz`` aside)."""
    lower = name.lower().removesuffix(".gz")
    found = [(len(e), spec.name, spec) for _, spec in READERS.items() for e in spec.extensions if lower.endswith(e)]
    return max(found, key=lambda f: f[:2])[2] if found else None


def _sniffed(head: bytes) -> ReaderSpec | None:
    sniffers = [spec for _, spec in READERS.items() if spec.sniff is not None]
    for spec in sorted(sniffers, key=lambda s: (-s.priority, s.name)):
        sniff = spec.sniff
        try:
            if sniff is not None and sniff(head):
                return spec
        except Exception:  # noqa: BLE001, S112 - a plugin's sniffer must not stop the run
            continue
    return None


def _read_given(given: str, max_bytes: int) -> Iterator[Article | ReadError]:
    matches = [given]
    if not os.path.lexists(given) and _GLOB.search(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield ReadError(printable(given), "no file matches this pattern")
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
        yield ReadError(printable(root), "directory holds no article files")


def _walk(folder: str) -> Iterator[str | ReadError]:
    """Article files under ``folder`` in sorted order; links to folders are not followed (no loops)."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as err:
        yield ReadError(printable(folder), _os_reason(err))
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif (_claimed(entry.name) or "." not in entry.name) and (entry.is_file() or entry.is_symlink()):
                yield entry.path  # a broken or looping link is reported when it is opened
        except OSError as err:
            yield ReadError(printable(entry.path), _os_reason(err))


def _read_file(path: str, max_bytes: int) -> Iterator[Article | ReadError]:
    shown = printable(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            yield ReadError(shown, "not a regular file")
            return
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as err:
        yield ReadError(shown, _os_reason(err))
        return
    with raw:
        for item in _read_stream(raw, shown, shown, _claimed(path), max_bytes):
            if isinstance(item, Article) and shown != path:
                item.notes.append("the file name is not valid UTF-8: its path is recorded with \\x escapes")
            yield item


def _read_stream(
    stream: BinaryIO, name: str, path: str | None, spec: ReaderSpec | None, max_bytes: int
) -> Iterator[Article | ReadError]:
    """Dispatch one open byte stream to its reader, turning any failure into a ``ReadError``."""
    try:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        if not head:
            yield ReadError(name, "empty file")
            return
        packed = head.startswith(GZIP_MAGIC)
        spec = spec or _sniffed(_inflated_head(head) if packed else head)
        if spec is None:
            yield ReadError(name, "no reader recognises this format")
            return
        if packed and not spec.compressed:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
            head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        if not spec.binary and _looks_binary(head):
            yield ReadError(name, "binary data, not text")
            return
        yield from spec.read(stream, name, path, max_bytes)
    except EOFError:
        yield ReadError(name, "truncated gzip data; what came before it was read")
    except (OSError, zlib.error) as err:
        yield ReadError(name, _os_reason(err))
    except Exception as err:  # a reader must never stop the run; say what went wrong and go on
        yield ReadError(name, f"could not be read ({type(err).__name__}: {err})")


def _inflated_head(head: bytes) -> bytes:
    """The first bytes of a gzip stream, inflated from its first compressed bytes only."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def _looks_binary(head: bytes) -> bool:
    from tocsin.sources.text import looks_binary

    return looks_binary(head)


def _os_reason(err: OSError | zlib.error) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, gzip.BadGzipFile | zlib.error):
        return f"damaged gzip data ({err})"
    if getattr(err, "errno", None) == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    return getattr(err, "strerror", None) or str(err) or type(err).__name__
